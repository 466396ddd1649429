import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { sourceEditedText } from '../../views/threadLines.js';
import { publishAndReport } from '../publishAndReport.js';

/** `message_changed` (events/message.subtype_message_changed.*): the message as it reads now. */
const editSchema = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_changed'),
  channel: z.string().min(1),
  channel_type: z.enum(['channel', 'group']).optional(),
  ts: z.string().min(1),
  message: z.object({
    user: z.string().min(1).optional(),
    bot_id: z.string().optional(),
    text: z.string(),
    ts: z.string().min(1),
    thread_ts: z.string().optional(),
  }),
});

/**
 * A person edited a message. A decision taken from it follows the new wording and says so in its thread;
 * a message edited into a proposal is caught as if it had been posted so; an edited reply in a decision's
 * thread is kept as it now reads. Unfurls and the bot's own redraws arrive here too and change nothing.
 */
export function messageEdited(services: Services) {
  return async ({ event, body, client, logger }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const parsed = editSchema.safeParse(event);
    if (!parsed.success || parsed.data.message.bot_id || !parsed.data.message.user) return;
    const { channel, channel_type: channelType, message } = parsed.data;
    const authorId = message.user as string;
    const teamId = body.team_id;
    if (message.thread_ts && message.thread_ts !== message.ts) {
      await services.answers.replyEdited({ teamId, channelId: channel, ts: message.ts, text: message.text });
      return;
    }
    const ref = { teamId, channelId: channel, messageTs: message.ts, text: message.text };
    const retitled = await services.decisions.sourceEdited(ref);
    if (retitled) {
      services.defer(async () => {
        await services.posts.refresh(client, retitled);
        await services.posts.announce(client, retitled, `edit:${parsed.data.ts}`, sourceEditedText(retitled.title));
      });
      return;
    }
    if (await services.decisions.findByMessage(teamId, channel, message.ts)) return;
    const captured = await services.decisions.interceptMessage({
      ...ref,
      enterpriseId: body.enterprise_id,
      ...(channelType ? { channelIsPrivate: channelType === 'group' } : {}),
      authorId,
    });
    if (!captured?.created) return;
    const { decision } = captured;
    services.defer(() => publishAndReport(services, client, logger, decision, { userId: authorId }));
  };
}
