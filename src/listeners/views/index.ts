import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { PROPOSE_CALLBACK } from '../../views/proposeModal.js';
import { proposeDecisionSubmission } from './proposeDecisionSubmission.js';

export function registerViews(app: App, services: Services): void {
  app.view(PROPOSE_CALLBACK, proposeDecisionSubmission(services));
}
