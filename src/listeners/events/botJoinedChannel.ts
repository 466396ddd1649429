import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { publishAndReport } from '../publishAndReport.js';

/** Once someone invites the bot to a channel, the decisions that could not be posted there are posted. */
export function botJoinedChannel(services: Services) {
  return async ({
    event,
    body,
    client,
    logger,
  }: SlackEventMiddlewareArgs<'member_joined_channel'> & AllMiddlewareArgs) => {
    if (event.user !== services.bot.botUserId) return;
    for (const decision of services.decisions.unpostedInChannel(body.team_id, event.channel)) {
      await publishAndReport(services, client, logger, decision, { userId: decision.proposerId });
    }
  };
}
