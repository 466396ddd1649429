import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';

/**
 * `channel_convert_to_private`: from now on the channel's decisions and customer feedback are private
 * (named only inside it, counted elsewhere), and who may see them is asked of Slack afresh.
 */
export function channelMadePrivate(services: Services) {
  return async ({ event, body, logger }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const changed = await services.decisions.channelMadePrivate(body.team_id, event.channel);
    await services.feedback.setChannelPrivacy(body.team_id, event.channel, true);
    services.directory.forgetChannel(body.team_id, event.channel);
    logger.info(`Channel ${event.channel} was made private; ${changed} decision(s) there are private now.`);
  };
}
