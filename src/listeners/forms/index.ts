import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { ANSWER_CALLBACK } from '../../views/answerModal.js';
import { CUSTOMER_PROFILE_CALLBACK } from '../../views/customerProfileModal.js';
import { CONFIRM_CALLBACK, OUTCOME_CALLBACK } from '../../views/predictionViews.js';
import { PROPOSE_CALLBACK } from '../../views/proposeModal.js';
import { confirmSubmission } from './confirmSubmission.js';
import { outcomeSubmission } from './outcomeSubmission.js';
import { answerSubmission } from './answerSubmission.js';
import { customerProfileSubmission } from './customerProfileSubmission.js';
import { proposeDecisionSubmission } from './proposeDecisionSubmission.js';
import { REMOVE_FEEDBACK_CALLBACK, SAVE_FEEDBACK_CALLBACK } from '../../views/feedback.js';
import { feedbackSubmission } from './feedbackSubmission.js';
import { removeFeedbackSubmission } from './removeFeedbackSubmission.js';
import { BRIEFING_QUESTION_CALLBACK, PATH_CALLBACK } from '../../views/pathModal.js';
import { briefingQuestionSubmission } from './briefingQuestionSubmission.js';
import { pathSubmission } from './pathSubmission.js';

type FormHandler = (args: SlackViewMiddlewareArgs & AllMiddlewareArgs) => Promise<void>;

export function registerForms(app: App, services: Services): void {
  const byCallbackId = new Map<string, FormHandler>([
    [PROPOSE_CALLBACK, proposeDecisionSubmission(services)],
    [ANSWER_CALLBACK, answerSubmission(services)],
    [CUSTOMER_PROFILE_CALLBACK, customerProfileSubmission(services)],
    [SAVE_FEEDBACK_CALLBACK, feedbackSubmission(services)],
    [REMOVE_FEEDBACK_CALLBACK, removeFeedbackSubmission(services)],
    [PATH_CALLBACK, pathSubmission(services)],
    [BRIEFING_QUESTION_CALLBACK, briefingQuestionSubmission(services)],
    [CONFIRM_CALLBACK, confirmSubmission(services)],
    [OUTCOME_CALLBACK, outcomeSubmission(services)],
  ]);
  // One listener routes every form submission, for the same reason as the action router.
  app.view({ type: 'view_submission' }, async (args) => {
    const handler = byCallbackId.get(args.view.callback_id);
    if (handler) return handler(args);
    await args.ack();
    services.logger.warn(`Ignoring a submission of an unknown form: ${args.view.callback_id}`);
  });
}
