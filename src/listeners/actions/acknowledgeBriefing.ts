import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { parseBriefingValue } from '../../views/briefing.js';
import { briefingAckText, NOT_SAVED } from '../../views/replies.js';
import { publishHome } from '../publishHome.js';
import { tryStore } from '../tryStore.js';
import { parseButtonClick } from './buttonClick.js';

/**
 * "Got it" on a briefing (a direct message or a channel's post): the clicker's own acknowledgement is stored
 * before Slack hears back, then the card shows the new count. Anyone else's click changes nothing.
 */
export function acknowledgeBriefing(services: Services) {
  return async ({ ack, body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const click = parseButtonClick(body);
    const target = click && parseBriefingValue(click.value);
    if (!click || !target) {
      await ack();
      logger.warn('Ignoring a briefing click that names no briefing.');
      return;
    }
    const stored = await tryStore(logger, `an acknowledgement of decision ${target.decisionId}`, () =>
      services.frontLine.acknowledge(click.teamId, target.decisionId, target.round, click.userId),
    );
    await ack();
    services.defer(async () => {
      if (!stored.ok) return tellPerson(client, logger, click, NOT_SAVED);
      const result = stored.value;
      await tellPerson(client, logger, click, briefingAckText(result.ok ? 'ok' : result.reason));
      if (!result.ok) return;
      await services.briefings.markAcknowledged(client, result.decision, result.briefing);
      await services.posts.refresh(client, result.decision);
      await publishHome(services, client, logger, click.teamId, click.userId);
    });
  };
}
