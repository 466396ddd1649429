import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { GateAction } from '../../decisions/gate.js';
import type { Services } from '../../services.js';
import { publishHome } from '../publishHome.js';
import { tellPerson } from '../tellPerson.js';
import { decisionIdFrom, parseButtonClick } from './buttonClick.js';
import { findClickedDecision } from './findClickedDecision.js';

const ANNOUNCEMENTS: Record<GateAction, string> = {
  confirm: ':white_check_mark: Confirmed by',
  reject: ':x: Rejected by',
  withdraw: ':leftwards_arrow_with_hook: Withdrawn by',
  reopen: ':arrows_counterclockwise: Reopened by',
};

/** Confirm, Reject, Withdraw and Reopen on a decision's card. */
export function decideDecision(services: Services, action: GateAction) {
  return async ({ ack, body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const click = parseButtonClick(body);
    const decision = click && findClickedDecision(services, click, decisionIdFrom(click.value));
    if (!click || !decision) return;
    const result = services.decisions.decide(click.teamId, decision.id, click.userId, action);
    services.defer(async () => {
      if (!result.ok) {
        await tellPerson(client, logger, { userId: click.userId, channelId: decision.channelId }, result.message);
        return;
      }
      await services.posts.refresh(client, result.decision);
      await services.posts.announce(
        client,
        result.decision,
        `${action}:${services.now().getTime()}`,
        `${ANNOUNCEMENTS[action]} <@${click.userId}>.`,
      );
      await publishHome(services, client, logger, click.teamId, click.userId);
    });
  };
}
