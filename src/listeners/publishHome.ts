import type { Logger } from '@slack/bolt';
import { slackErrorCode } from '../slack/api.js';
import type { Services } from '../services.js';
import type { DirectoryApi } from '../slack/directory.js';
import type { HomeFilter } from '../decisions/reviewService.js';
import { buildHome } from '../views/home.js';
import { hiddenChannelsFor } from './visibility.js';

/** Briefings listed on the Home; with the other lists it stays inside Slack's 100 blocks. */
const HOME_BRIEFINGS = 10;

export interface HomePublisher extends DirectoryApi {
  views: { publish(args: { user_id: string; view: ReturnType<typeof buildHome> }): Promise<unknown> };
}

/**
 * Publishes a person's Home tab. Called when they open it and after they act, so it never shows a
 * decision as waiting once they have answered it. A failure only costs a stale Home, so it is logged.
 */
export async function publishHome(
  services: Services,
  client: HomePublisher,
  logger: Logger,
  teamId: string,
  userId: string,
  filter: HomeFilter = 'all',
): Promise<void> {
  try {
    const hiddenChannels = await hiddenChannelsFor(services, client, teamId, userId);
    const home = await services.review.home(teamId, { userId, hiddenChannels }, filter);
    const briefings = (await services.frontLine.waitingFor(teamId, userId, HOME_BRIEFINGS)).map((w) => ({
      decision: w.decision,
      round: w.briefing.round,
    }));
    await client.views.publish({ user_id: userId, view: buildHome(home, briefings) });
  } catch (error) {
    logger.warn(`Could not publish the Home tab of ${userId}: ${slackErrorCode(error)}`);
  }
}
