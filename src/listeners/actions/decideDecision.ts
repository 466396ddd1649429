import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Decision } from '../../db/decisionsRepo.js';
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

/** After a stored change of status: the card redrawn, a line in the thread, the person's Home. */
export async function announceDecided(
  services: Services,
  client: AllMiddlewareArgs['client'],
  logger: AllMiddlewareArgs['logger'],
  decision: Decision,
  action: GateAction,
  by: { teamId: string; userId: string },
): Promise<void> {
  await services.posts.refresh(client, decision);
  await services.posts.announce(
    client,
    decision,
    `${action}:${services.now().getTime()}`,
    `${ANNOUNCEMENTS[action]} <@${by.userId}>.`,
  );
  await publishHome(services, client, logger, by.teamId, by.userId);
  if (action === 'confirm') await services.briefings.confirmed(client, decision);
}

/** Reject, Withdraw and Reopen on a decision's card. The change is stored before Slack hears back. */
export function decideDecision(services: Services, action: Exclude<GateAction, 'confirm'>) {
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
      await announceDecided(services, client, logger, stored.value.decision, action, click);
    });
  };
}
