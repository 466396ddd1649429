import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { publishAndReport } from '../publishAndReport.js';

/**
 * A message written by a person in a channel: plain, with files attached, or a thread reply also sent to
 * the channel. Other subtypes (joins, bot posts…) and messages from bots never match.
 */
const personMessageSchema = z.object({
  type: z.literal('message'),
  subtype: z.enum(['file_share', 'thread_broadcast']).optional(),
  bot_id: z.undefined().optional(),
  channel: z.string().min(1),
  channel_type: z.enum(['channel', 'group']),
  user: z.string().min(1),
  text: z.string(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
});

export function messagePosted(services: Services) {
  return async ({ event, body, client, logger }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const parsed = personMessageSchema.safeParse(event);
    if (!parsed.success) return;
    const message = parsed.data;
    // Replies inside threads (broadcast to the channel or not) are discussion, kept when the thread is a
    // decision's; they never become proposals of their own.
    if (message.thread_ts && message.thread_ts !== message.ts) {
      await services.answers.recordReply({
        teamId: body.team_id,
        channelId: message.channel,
        threadTs: message.thread_ts,
        ts: message.ts,
        userId: message.user,
        text: message.text,
      });
      return;
    }
    const captured = await services.decisions.interceptMessage({
      teamId: body.team_id,
      enterpriseId: body.enterprise_id,
      channelId: message.channel,
      channelIsPrivate: message.channel_type === 'group',
      messageTs: message.ts,
      text: message.text,
      authorId: message.user,
    });
    if (!captured?.created) return;
    const { decision } = captured;
    services.defer(() => publishAndReport(services, client, logger, decision, { userId: message.user }));
  };
}
