import type { Decision } from '../../db/decisionsRepo.js';
import type { Services } from '../../services.js';
import type { ButtonClick } from './buttonClick.js';

/**
 * The decision a button names, only if it belongs to the clicking team and, for buttons in messages,
 * sits in the decision's own channel; anything else is a forged or stale payload and changes nothing.
 */
export function findClickedDecision(
  services: Services,
  click: ButtonClick,
  id: number | undefined,
): Decision | undefined {
  if (id === undefined) return undefined;
  const decision = services.decisions.find(click.teamId, id);
  if (!decision || (click.channelId && click.channelId !== decision.channelId)) {
    services.logger.warn(
      `Ignoring a click that names decision ${id}, which is not in ${click.channelId ?? 'a view'} of ${click.teamId}.`,
    );
    return undefined;
  }
  return decision;
}
