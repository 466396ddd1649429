import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { REVIEW_SHORTCUT, reviewMessage } from './reviewMessage.js';

export function registerShortcuts(app: App, services: Services): void {
  const review = reviewMessage(services);
  app.shortcut(/.*/, async (args) => {
    if (args.shortcut.type === 'message_action' && args.shortcut.callback_id === REVIEW_SHORTCUT) return review(args);
    await args.ack();
    services.logger.warn(`Ignoring an unknown shortcut: ${args.shortcut.callback_id}`);
  });
}
