import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Decision } from '../../db/decisionsRepo.js';
import type { DirectoryApi } from '../../slack/directory.js';
import type { Services } from '../../services.js';
import { canSee } from '../visibility.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { NOT_YOURS_TO_SEE } from '../../views/replies.js';
import { type ButtonClick, decisionIdFrom, parseButtonClick } from './buttonClick.js';

export type ClickedDecision = { ok: true; decision: Decision } | { ok: false; message?: string };

/**
 * The decision a button names, only if it belongs to the clicking team, sits in the decision's own channel
 * for buttons in messages, and may be seen by the person who clicked; anything else is a forged or stale
 * payload and changes nothing. A click inside the decision's channel needs no membership check: Slack only
 * shows that channel's messages to its members.
 */
export async function findClickedDecision(
  services: Services,
  client: DirectoryApi,
  click: ButtonClick,
  id: number | undefined,
): Promise<ClickedDecision> {
  if (id === undefined) return { ok: false };
  const decision = await services.decisions.find(click.teamId, id);
  if (!decision || (click.channelId && click.channelId !== decision.channelId)) {
    services.logger.warn(
      `Ignoring a click that names decision ${id}, which is not in ${click.channelId ?? 'a view'} of ${click.teamId}.`,
    );
    return { ok: false };
  }
  if (!click.channelId && !(await canSee(services, client, decision, click.userId))) {
    return { ok: false, message: NOT_YOURS_TO_SEE };
  }
  return { ok: true, decision };
}

/**
 * For buttons that change a decision, which store the change before acknowledging: the click and its
 * decision, or undefined once a click that names nothing it may change has been acknowledged (and the
 * person told why, when there is something to tell).
 */
export async function decisionToChange(
  services: Services,
  { ack, body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<{ click: ButtonClick; decision: Decision } | undefined> {
  const click = parseButtonClick(body);
  const found = click && (await findClickedDecision(services, client, click, decisionIdFrom(click.value)));
  if (click && found?.ok) return { click, decision: found.decision };
  await ack();
  const refusal = found && !found.ok ? found.message : undefined;
  if (click && refusal) services.defer(() => tellPerson(client, logger, click, refusal));
  return undefined;
}
