import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { publishHome } from '../publishHome.js';

export function appHomeOpened(services: Services) {
  return async ({ event, body, client, logger }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab !== 'home') return;
    await publishHome(services, client, logger, body.team_id, event.user);
  };
}
