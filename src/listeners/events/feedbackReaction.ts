import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { type SlackMessage, slackErrorCode } from '../../slack/api.js';
import { tellPerson } from '../../slack/tellPerson.js';
import {
  FEEDBACK_SAVED,
  feedbackAlreadySavedText,
  FEEDBACK_MESSAGE_UNREADABLE,
  NOT_SAVED,
} from '../../views/replies.js';
import { learnFeedbackPrivacy } from '../feedbackAccess.js';
import { tryStore } from '../tryStore.js';
import { readMessage } from './reactionAdded.js';

const reactionSchema = z.object({
  type: z.literal('reaction_added'),
  user: z.string().min(1),
  reaction: z.string().min(1),
  item: z.object({ type: z.literal('message'), channel: z.string().min(1), ts: z.string().min(1) }),
});

/**
 * The workspace's feedback reaction (:ear: unless changed) saves the message as customer feedback,
 * once however many people react. Only the reactor hears about it; the channel sees nothing.
 */
export function feedbackReaction(services: Services) {
  return async ({ event, body, client, logger }: SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs) => {
    const parsed = reactionSchema.safeParse(event);
    if (!parsed.success) return;
    const { user: reactorId, reaction, item } = parsed.data;
    const teamId = body.team_id;
    if (reaction !== (await services.feedback.emojiFor(teamId))) return;
    const tell = (text: string) => tellPerson(client, logger, { userId: reactorId, channelId: item.channel }, text);

    const existing = await services.feedback.findByMessage(teamId, item.channel, item.ts);
    if (existing) {
      await tell(feedbackAlreadySavedText(existing.savedBy));
      return;
    }
    let message: SlackMessage | undefined;
    try {
      message = await readMessage(client, item.channel, item.ts);
    } catch (error) {
      logger.warn(`Could not read the message reacted to: ${slackErrorCode(error)}`);
    }
    if (!message?.text) {
      await tell(FEEDBACK_MESSAGE_UNREADABLE);
      return;
    }
    const origin = {
      teamId,
      enterpriseId: body.enterprise_id,
      channelId: item.channel,
      messageTs: item.ts,
      threadTs: message.thread_ts && message.thread_ts !== item.ts ? message.thread_ts : undefined,
    };
    const text = message.text;
    const stored = await tryStore(logger, 'customer feedback from a reaction', () =>
      services.feedback.saveReacted(origin, text, reactorId),
    );
    if (!stored.ok) {
      await tell(NOT_SAVED);
      return;
    }
    if (!stored.value) {
      await tell(FEEDBACK_MESSAGE_UNREADABLE);
      return;
    }
    if (!stored.value.created) {
      await tell(feedbackAlreadySavedText(stored.value.item.savedBy));
      return;
    }
    await learnFeedbackPrivacy(services, client, teamId, item.channel);
    await tell(FEEDBACK_SAVED);
  };
}
