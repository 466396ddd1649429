import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { tellPerson } from '../tellPerson.js';

const buttonSchema = z.object({
  team: z.object({ id: z.string().min(1) }).nullable(),
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string().min(1) }).optional(),
  actions: z.array(z.object({ value: z.string().regex(/^\d{1,12}$/) })).length(1),
});

/** "Not a decision" on an intercepted message's card. */
export function dismissDecision(services: Services) {
  return async ({ ack, body, client, logger }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const parsed = buttonSchema.safeParse(body);
    if (!parsed.success || !parsed.data.team) {
      logger.warn('Ignoring a malformed "Not a decision" click.');
      return;
    }
    const { team, user, channel, actions } = parsed.data;
    const id = Number(actions[0]?.value);
    const decision = services.decisions.find(team.id, id);
    // The button must sit in the decision's own channel; anything else is a forged or stale payload.
    if (!decision || (channel && channel.id !== decision.channelId)) {
      await tellPerson(
        client,
        logger,
        { userId: user.id, channelId: channel?.id },
        'That decision could not be found.',
      );
      return;
    }
    const result = services.decisions.dismiss(team.id, id, user.id);
    if (!result.ok) {
      await tellPerson(
        client,
        logger,
        { userId: user.id, channelId: decision.channelId, threadTs: decision.threadTs ?? undefined },
        result.message,
      );
      return;
    }
    await services.decisions.refreshPosts(client, result.decision);
  };
}
