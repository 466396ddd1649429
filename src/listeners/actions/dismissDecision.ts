import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { NOT_SAVED, refusalText } from '../../views/replies.js';
import { tryStore } from '../tryStore.js';
import { decisionToChange } from './findClickedDecision.js';

/** "Not a decision" on an intercepted message's card. */
export function dismissDecision(services: Services) {
  return async (args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const { ack, client, logger } = args;
    const clicked = await decisionToChange(services, args);
    if (!clicked) return;
    const { click, decision } = clicked;
    const stored = await tryStore(logger, `dismissing decision ${decision.id}`, () =>
      services.decisions.dismiss(click.teamId, decision.id, click.userId),
    );
    await ack();
    services.defer(() => {
      if (stored.ok && stored.value.ok) return services.posts.refresh(client, stored.value.decision);
      const to = { userId: click.userId, channelId: decision.channelId, threadTs: decision.threadTs ?? undefined };
      return tellPerson(
        client,
        logger,
        to,
        stored.ok && !stored.value.ok ? refusalText(stored.value.refusal) : NOT_SAVED,
      );
    });
  };
}
