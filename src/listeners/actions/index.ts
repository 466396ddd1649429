import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { DISMISS_ACTION } from '../../views/decisionCard.js';
import { dismissDecision } from './dismissDecision.js';

export function registerActions(app: App, services: Services): void {
  app.action(DISMISS_ACTION, dismissDecision(services));
}
