import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { REVIEW_SHORTCUT, reviewMessage } from './reviewMessage.js';

export function registerShortcuts(app: App, services: Services): void {
  app.shortcut({ callback_id: REVIEW_SHORTCUT, type: 'message_action' }, reviewMessage(services));
}
