import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { parseBriefingValue } from '../../views/briefing.js';
import { LARGE_BRIEFING_REFUSED, LARGE_BRIEFING_SENT } from '../../views/replies.js';
import { parseButtonClick } from './buttonClick.js';

/** "Send the briefing", asked of the confirmer when more than LARGE_AUDIENCE people would be briefed. */
export function sendLargeBriefing(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const click = parseButtonClick(body);
    const target = click && parseBriefingValue(click.value);
    if (!click || !target) return;
    const decision = await services.decisions.find(click.teamId, target.decisionId);
    const allowed = decision?.decidedBy === click.userId;
    const sent = allowed && decision && (await services.briefings.sendLarge(client, decision, target.round));
    await tellPerson(client, logger, click, sent ? LARGE_BRIEFING_SENT : LARGE_BRIEFING_REFUSED);
  };
}
