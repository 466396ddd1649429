import type { Logger } from '@slack/bolt';
import { slackErrorCode } from '../slack/api.js';
import type { Services } from '../services.js';
import type { DirectoryApi } from '../slack/directory.js';
import type { HomeFilter } from '../decisions/reviewService.js';
import { buildHome } from '../views/home.js';
import { hiddenChannelsFor, membership } from './visibility.js';
import { mayRemoveFeedback } from '../decisions/feedbackService.js';
import { maySettle } from './feedbackAccess.js';

/** What the person chose to see on their Home: a status of decisions and a topic of customer feedback. */
export interface HomeState {
  filter?: HomeFilter | undefined;
  topic?: string | undefined;
}

/** How many feedback items the Home's "Customer voice" lists. */
const VOICE_ITEMS = 5;

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
  state: HomeState = {},
): Promise<void> {
  try {
    const hiddenChannels = await hiddenChannelsFor(services, client, teamId, userId);
    const home = await services.review.home(teamId, { userId, hiddenChannels }, state.filter ?? 'all');
    const items = await services.feedback.latestFor(teamId, userId, membership(services, client), {
      category: state.topic,
      limit: VOICE_ITEMS,
    });
    // Slack is asked whether the person is an admin only when they did not save every item themselves.
    const settles = items.some((item) => !mayRemoveFeedback(item, userId, false))
      ? await maySettle(services, client, teamId, userId)
      : false;
    const voice = {
      topic: state.topic,
      items,
      mayRemove: (item: (typeof items)[number]) => mayRemoveFeedback(item, userId, settles),
      teamUrl: services.teamUrl(teamId),
    };
    const briefings = (await services.frontLine.waitingFor(teamId, userId, HOME_BRIEFINGS)).map((w) => ({
      decision: w.decision,
      round: w.briefing.round,
    }));
    await client.views.publish({ user_id: userId, view: buildHome(home, { briefings, voice }) });
  } catch (error) {
    logger.warn(`Could not publish the Home tab of ${userId}: ${slackErrorCode(error)}`);
  }
}
