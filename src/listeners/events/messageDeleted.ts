import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { sourceDeletedText } from '../../views/threadLines.js';

/** `message_deleted` (events/message.subtype_message_deleted.*). */
const deletionSchema = z.object({
  type: z.literal('message'),
  subtype: z.literal('message_deleted'),
  channel: z.string().min(1),
  deleted_ts: z.string().min(1),
  previous_message: z.object({ user: z.string().optional() }).optional(),
});

/**
 * A message was deleted. An open decision that lived on it is withdrawn and its thread says why; a
 * deleted reply in a decision's thread is no longer kept as its discussion.
 */
export function messageDeleted(services: Services) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const parsed = deletionSchema.safeParse(event);
    if (!parsed.success) return;
    const { channel, deleted_ts: ts, previous_message: previous } = parsed.data;
    const teamId = body.team_id;
    if (await services.answers.replyDeleted({ teamId, channelId: channel, ts })) return;
    const withdrawn = await services.decisions.sourceDeleted({
      teamId,
      channelId: channel,
      messageTs: ts,
      userId: previous?.user,
    });
    if (!withdrawn) return;
    services.defer(async () => {
      await services.posts.refresh(client, withdrawn);
      await services.posts.announce(client, withdrawn, `deleted:${ts}`, sourceDeletedText());
    });
  };
}
