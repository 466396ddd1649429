import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { CARD_ACTIONS } from '../../views/decisionCard.js';
import { HOME_ACTIONS } from '../../views/home.js';
import { RECORD_OUTCOME_ACTION } from '../../views/predictionViews.js';
import { ANSWER_QUESTION_ACTION } from '../../views/questionPrompt.js';
import { ackThenDefer } from '../ackThenDefer.js';
import { BRIEFING_ACTIONS } from '../../views/briefing.js';
import { acknowledgeBriefing } from './acknowledgeBriefing.js';
import { askAboutBriefing } from './askAboutBriefing.js';
import { openPathModal } from './openPathModal.js';
import { sendLargeBriefing } from './sendLargeBriefing.js';
import { decideDecision } from './decideDecision.js';
import { dismissDecision } from './dismissDecision.js';
import { homeFeedbackTopic, homeFilter, homePropose } from './homeControls.js';
import { removeFeedback } from './removeFeedback.js';
import { REMOVE_FEEDBACK_ACTION } from '../../views/feedback.js';
import { openAnswerModal } from './openAnswerModal.js';
import { openConfirmModal } from './openConfirmModal.js';
import { openOutcomeModal } from './openOutcomeModal.js';
import { showDetails } from './showDetails.js';

type ActionHandler = (args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => Promise<void>;

export function registerActions(app: App, services: Services): void {
  const byActionId = new Map<string, ActionHandler>([
    [CARD_ACTIONS.dismiss, dismissDecision(services)],
    [ANSWER_QUESTION_ACTION, ackThenDefer(services, openAnswerModal(services))],
    [CARD_ACTIONS.answerAll, ackThenDefer(services, openAnswerModal(services))],
    [CARD_ACTIONS.confirm, openConfirmModal(services)],
    [RECORD_OUTCOME_ACTION, ackThenDefer(services, openOutcomeModal(services))],
    [CARD_ACTIONS.reject, decideDecision(services, 'reject')],
    [CARD_ACTIONS.withdraw, decideDecision(services, 'withdraw')],
    [CARD_ACTIONS.reopen, decideDecision(services, 'reopen')],
    [CARD_ACTIONS.details, ackThenDefer(services, showDetails(services))],
    [CARD_ACTIONS.mapPath, ackThenDefer(services, openPathModal(services))],
    [BRIEFING_ACTIONS.ack, acknowledgeBriefing(services)],
    [BRIEFING_ACTIONS.question, ackThenDefer(services, askAboutBriefing(services))],
    [BRIEFING_ACTIONS.sendLarge, ackThenDefer(services, sendLargeBriefing(services))],
    [HOME_ACTIONS.propose, ackThenDefer(services, homePropose(services))],
    [HOME_ACTIONS.filter, ackThenDefer(services, homeFilter(services))],
    [HOME_ACTIONS.feedbackTopic, ackThenDefer(services, homeFeedbackTopic(services))],
    [REMOVE_FEEDBACK_ACTION, ackThenDefer(services, removeFeedback(services))],
  ]);
  // One listener routes every click. Bolt runs every registered listener's middleware for each
  // request, so a listener per button would make every request pay for all of them.
  app.action({ type: 'block_actions' }, async (args) => {
    const actionId = 'action_id' in args.action ? args.action.action_id : '';
    const handler = byActionId.get(actionId);
    if (handler) return handler(args);
    // Buttons from old messages or forged payloads: acknowledged so Slack shows no error, and ignored.
    await args.ack();
    services.logger.warn(`Ignoring an unknown action: ${actionId}`);
  });
}
