import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';

/**
 * Slack redelivers an event it thinks we missed (same event_id, X-Slack-Retry-Num set). Each id is
 * handled once; the retry is acknowledged and dropped.
 */
export function ignoreRetriedEvents(services: Services): Middleware<SlackEventMiddlewareArgs> {
  return async ({ body, next, logger }) => {
    const teamId = body.team_id;
    const eventId = body.event_id;
    if (teamId && eventId && !(await services.events.firstDelivery(teamId, eventId))) {
      logger.debug(`Ignoring event ${eventId}: already handled.`);
      return;
    }
    await next();
  };
}
