import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { publishAndReport } from '../publishAndReport.js';

/**
 * Someone joined a channel: they may see its private decisions from now on. When it is the bot, the
 * decisions that could not be posted there are posted.
 */
export function botJoinedChannel(services: Services) {
  return async ({
    event,
    body,
    client,
    context,
    logger,
  }: SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs) => {
    services.directory.forgetChannel(body.team_id, event.channel);
    // The bot of the workspace the event came from, as the request's authorization found it.
    if (event.user !== context.botUserId) return;
    for (const decision of await services.decisions.unpostedInChannel(body.team_id, event.channel)) {
      await publishAndReport(services, client, logger, decision, { userId: decision.proposerId });
    }
  };
}
