import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { ANSWER_CALLBACK } from '../../views/answerModal.js';
import { CUSTOMER_PROFILE_CALLBACK } from '../../views/customerProfileModal.js';
import { PROPOSE_CALLBACK } from '../../views/proposeModal.js';
import { answerSubmission } from './answerSubmission.js';
import { customerProfileSubmission } from './customerProfileSubmission.js';
import { proposeDecisionSubmission } from './proposeDecisionSubmission.js';

export function registerViews(app: App, services: Services): void {
  app.view(PROPOSE_CALLBACK, proposeDecisionSubmission(services));
  app.view(ANSWER_CALLBACK, answerSubmission(services));
  app.view(CUSTOMER_PROFILE_CALLBACK, customerProfileSubmission(services));
}
