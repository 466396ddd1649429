import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { quoteFromMessage } from '../../decisions/feedbackForm.js';
import { plainSlackText } from '../../decisions/slackText.js';
import type { Services } from '../../services.js';
import { openModal } from '../../slack/modal.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { buildFeedbackModal, buildRemoveFeedbackModal } from '../../views/feedback.js';
import { feedbackAlreadySavedText, formNotOpenedText } from '../../views/replies.js';
import { mayRemove } from '../feedbackAccess.js';

export const SAVE_FEEDBACK_SHORTCUT = 'save_customer_feedback';

const messageActionSchema = z.object({
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  trigger_id: z.string().min(1),
  message_ts: z.string().min(1),
  message: z.object({ text: z.string().optional(), thread_ts: z.string().optional() }),
});

/**
 * "Save as customer feedback" from a message's menu: a form with the message's words (as typed, and
 * editable). On a message already saved, it shows the item and, to who may, offers to delete it.
 */
export function saveFeedbackShortcut(services: Services) {
  return async ({ ack, shortcut, client, logger }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const parsed = messageActionSchema.safeParse(shortcut);
    if (!parsed.success) {
      logger.warn('Ignoring a malformed feedback shortcut payload.');
      return;
    }
    const { team, user, channel, trigger_id: triggerId, message_ts: messageTs, message } = parsed.data;
    const tell = (text: string) => tellPerson(client, logger, { userId: user.id, channelId: channel.id }, text);
    const open = (view: Parameters<typeof openModal>[2]['view']) =>
      openModal(client, logger, { triggerId, view, what: 'the feedback form' }, () =>
        tell(formNotOpenedText('use the shortcut')),
      );
    const existing = await services.feedback.findByMessage(team.id, channel.id, messageTs);
    if (existing) {
      if (await mayRemove(services, client, existing, user.id))
        await open(buildRemoveFeedbackModal(existing, services.teamUrl(team.id)));
      else services.defer(() => tell(feedbackAlreadySavedText(existing.savedBy)));
      return;
    }
    const threadTs = message.thread_ts && message.thread_ts !== messageTs ? message.thread_ts : undefined;
    await open(
      buildFeedbackModal(quoteFromMessage(plainSlackText(message.text ?? '')), {
        channelId: channel.id,
        messageTs,
        ...(threadTs ? { threadTs } : {}),
      }),
    );
  };
}
