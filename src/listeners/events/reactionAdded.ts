import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { SlackApi, SlackMessage } from '../../slack/api.js';
import { slackErrorCode } from '../../slack/api.js';
import { CHAIR_REACTION } from '../../decisions/triggers.js';
import type { Services } from '../../services.js';
import { publishAndReport } from '../publishAndReport.js';
import { alreadyADecisionText, MESSAGE_UNREADABLE, NOT_SAVED } from '../../views/replies.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { tryStore } from '../tryStore.js';

const chairReactionSchema = z.object({
  type: z.literal('reaction_added'),
  user: z.string().min(1),
  reaction: z.literal(CHAIR_REACTION),
  item: z.object({ type: z.literal('message'), channel: z.string().min(1), ts: z.string().min(1) }),
});

/** Reads one message by its ts: channel history holds top-level messages, replies live in their thread. */
export async function readMessage(client: SlackApi, channel: string, ts: string): Promise<SlackMessage | undefined> {
  const history = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
  const top = history.messages?.find((m) => m.ts === ts);
  if (top) return top;
  const replies = await client.conversations.replies({ channel, ts, inclusive: true, limit: 1 });
  return replies.messages?.find((m) => m.ts === ts);
}

/** :chair: on any message turns it into a proposal. */
export function reactionAdded(services: Services) {
  return async ({ event, body, client, logger }: SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs) => {
    const parsed = chairReactionSchema.safeParse(event);
    if (!parsed.success) return;
    const { user: reactorId, item } = parsed.data;
    const teamId = body.team_id;
    const tell = (text: string) => tellPerson(client, logger, { userId: reactorId, channelId: item.channel }, text);

    const existing = await services.decisions.findByMessage(teamId, item.channel, item.ts);
    if (existing) {
      await tell(alreadyADecisionText(existing.title, services.linkTo(existing)));
      return;
    }
    let message: SlackMessage | undefined;
    try {
      message = await readMessage(client, item.channel, item.ts);
    } catch (error) {
      logger.warn(`Could not read the message reacted to: ${slackErrorCode(error)}`);
    }
    if (!message?.text) {
      await tell(MESSAGE_UNREADABLE);
      return;
    }
    const text = message.text;
    const stored = await tryStore(logger, 'a decision from a reaction', () =>
      services.decisions.captureMessage(
        {
          teamId,
          enterpriseId: body.enterprise_id,
          channelId: item.channel,
          messageTs: item.ts,
          threadTs: message.thread_ts,
          text,
          authorId: message.bot_id ? undefined : message.user,
        },
        'reaction',
        reactorId,
      ),
    );
    if (!stored.ok) {
      await tell(NOT_SAVED);
      return;
    }
    const captured = stored.value;
    if (!captured.created) {
      await tell(alreadyADecisionText(captured.decision.title, services.linkTo(captured.decision)));
      return;
    }
    await publishAndReport(services, client, logger, captured.decision, { userId: reactorId });
  };
}
