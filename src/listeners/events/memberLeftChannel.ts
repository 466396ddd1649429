import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';

/** Someone left a channel: they lose sight of its private decisions now, not when the cache runs out. */
export function memberLeftChannel(services: Services) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'member_left_channel'> & AllMiddlewareArgs) => {
    services.directory.forgetChannel(body.team_id, event.channel);
  };
}
