import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { tellPerson } from '../tellPerson.js';
import { decisionIdFrom, parseButtonClick } from './buttonClick.js';
import { findClickedDecision } from './findClickedDecision.js';

/** "Not a decision" on an intercepted message's card. */
export function dismissDecision(services: Services) {
  return async ({ ack, body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const click = parseButtonClick(body);
    const decision = click && findClickedDecision(services, click, decisionIdFrom(click.value));
    if (!click || !decision) return;
    const result = services.decisions.dismiss(click.teamId, decision.id, click.userId);
    services.defer(() =>
      result.ok
        ? services.posts.refresh(client, result.decision)
        : tellPerson(
            client,
            logger,
            { userId: click.userId, channelId: decision.channelId, threadTs: decision.threadTs ?? undefined },
            result.message,
          ),
    );
  };
}
