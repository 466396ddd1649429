import type { AllMiddlewareArgs, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { publishAndReport } from '../publishAndReport.js';
import { alreadyADecisionText, NOT_SAVED, NOTHING_TO_REVIEW, questionsAskedText } from '../../views/replies.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { tryStore } from '../tryStore.js';

export const REVIEW_SHORTCUT = 'review_with_empty_chair';

const messageActionSchema = z.object({
  type: z.literal('message_action'),
  team: z.object({ id: z.string().min(1), enterprise_id: z.string().nullish() }),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }),
  message_ts: z.string().min(1),
  message: z.object({
    text: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    thread_ts: z.string().optional(),
  }),
});

/** "Review with the empty chair" from a message's menu. */
export function reviewMessage(services: Services) {
  return async ({ ack, shortcut, client, respond, logger }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = messageActionSchema.safeParse(shortcut);
    if (!parsed.success) {
      await ack();
      logger.warn('Ignoring a malformed message shortcut payload.');
      return;
    }
    const { team, user, channel, message_ts: messageTs, message } = parsed.data;
    const tell = (text: string) =>
      tellPerson(client, logger, { userId: user.id, channelId: channel.id, respond }, text);
    const text = message.text;
    if (!text?.trim()) {
      await ack();
      services.defer(() => tell(NOTHING_TO_REVIEW));
      return;
    }
    // Stored before Slack hears back, so an acknowledged shortcut is never lost.
    const stored = await tryStore(logger, 'a decision from the shortcut', () =>
      services.decisions.captureMessage(
        {
          teamId: team.id,
          enterpriseId: team.enterprise_id ?? undefined,
          channelId: channel.id,
          messageTs,
          threadTs: message.thread_ts,
          text,
          authorId: message.bot_id ? undefined : message.user,
        },
        'shortcut',
        user.id,
      ),
    );
    await ack();
    if (!stored.ok) {
      services.defer(() => tell(NOT_SAVED));
      return;
    }
    const { decision, created } = stored.value;
    services.defer(async () => {
      if (!created) {
        await tell(alreadyADecisionText(decision.title, services.linkTo(decision)));
        return;
      }
      if (await publishAndReport(services, client, logger, decision, { userId: user.id, respond })) {
        const link = services.linkTo(decision);
        await tell(questionsAskedText(link));
      }
    });
  };
}
