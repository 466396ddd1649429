import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { ackThenDefer } from '../ackThenDefer.js';
import { CARD_ACTIONS } from '../../views/decisionCard.js';
import { HOME_ACTIONS } from '../../views/home.js';
import { ANSWER_QUESTION_ACTION } from '../../views/questionPrompt.js';
import { decideDecision } from './decideDecision.js';
import { dismissDecision } from './dismissDecision.js';
import { homeFilter, homePropose } from './homeControls.js';
import { showDetails } from './showDetails.js';
import { openAnswerModal } from './openAnswerModal.js';

export function registerActions(app: App, services: Services): void {
  app.action(CARD_ACTIONS.dismiss, dismissDecision(services));
  app.action(ANSWER_QUESTION_ACTION, ackThenDefer(services, openAnswerModal(services)));
  app.action(CARD_ACTIONS.answerAll, ackThenDefer(services, openAnswerModal(services)));
  app.action(CARD_ACTIONS.confirm, decideDecision(services, 'confirm'));
  app.action(CARD_ACTIONS.reject, decideDecision(services, 'reject'));
  app.action(CARD_ACTIONS.withdraw, decideDecision(services, 'withdraw'));
  app.action(CARD_ACTIONS.reopen, decideDecision(services, 'reopen'));
  app.action(CARD_ACTIONS.details, ackThenDefer(services, showDetails(services)));
  app.action(HOME_ACTIONS.propose, ackThenDefer(services, homePropose()));
  app.action(HOME_ACTIONS.filter, ackThenDefer(services, homeFilter(services)));
}
