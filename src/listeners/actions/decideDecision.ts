import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { GateAction } from '../../decisions/gate.js';
import type { Services } from '../../services.js';
import { publishHome } from '../publishHome.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { NOT_SAVED, refusalText } from '../../views/replies.js';
import { tryStore } from '../tryStore.js';
import { decisionToChange } from './findClickedDecision.js';

const ANNOUNCEMENTS: Record<GateAction, string> = {
  confirm: ':white_check_mark: Confirmed by',
  reject: ':x: Rejected by',
  withdraw: ':leftwards_arrow_with_hook: Withdrawn by',
  reopen: ':arrows_counterclockwise: Reopened by',
};

/** Confirm, Reject, Withdraw and Reopen on a decision's card. The change is stored before Slack hears back. */
export function decideDecision(services: Services, action: GateAction) {
  return async (args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const { ack, client, logger } = args;
    const clicked = await decisionToChange(services, args);
    if (!clicked) return;
    const { click, decision } = clicked;
    const stored = await tryStore(logger, `a ${action} of decision ${decision.id}`, () =>
      services.decisions.decide(click.teamId, decision.id, click.userId, action),
    );
    await ack();
    services.defer(async () => {
      const to = { userId: click.userId, channelId: decision.channelId };
      if (!stored.ok || !stored.value.ok) {
        await tellPerson(
          client,
          logger,
          to,
          stored.ok && !stored.value.ok ? refusalText(stored.value.refusal) : NOT_SAVED,
        );
        return;
      }
      const result = stored.value;
      await services.posts.refresh(client, result.decision);
      await services.posts.announce(
        client,
        result.decision,
        `${action}:${services.now().getTime()}`,
        `${ANNOUNCEMENTS[action]} <@${click.userId}>.`,
      );
      await publishHome(services, client, logger, click.teamId, click.userId);
      if (action === 'confirm') await services.briefings.confirmed(client, result.decision);
    });
  };
}
