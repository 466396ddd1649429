import type { App } from '@slack/bolt';
import type { Services } from '../../services.js';
import { REVIEW_SHORTCUT, reviewMessage } from './reviewMessage.js';
import { SAVE_FEEDBACK_SHORTCUT, saveFeedbackShortcut } from './saveFeedback.js';

export function registerShortcuts(app: App, services: Services): void {
  const review = reviewMessage(services);
  const saveFeedback = saveFeedbackShortcut(services);
  app.shortcut(/.*/, async (args) => {
    if (args.shortcut.type === 'message_action' && args.shortcut.callback_id === REVIEW_SHORTCUT) return review(args);
    if (args.shortcut.type === 'message_action' && args.shortcut.callback_id === SAVE_FEEDBACK_SHORTCUT)
      return saveFeedback(args);
    await args.ack();
    services.logger.warn(`Ignoring an unknown shortcut: ${args.shortcut.callback_id}`);
  });
}
