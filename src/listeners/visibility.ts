import type { Decision } from '../db/decisionsRepo.js';
import type { IsChannelMember } from '../decisions/access.js';
import type { Services } from '../services.js';
import type { DirectoryApi } from '../slack/directory.js';

export const membership =
  (services: Services, client: DirectoryApi): IsChannelMember =>
  (teamId, channelId, userId) =>
    services.directory.isChannelMember(client, teamId, channelId, userId);

/** Whether the person may see the decision, asking Slack who is in its channel when that matters. */
export function canSee(services: Services, client: DirectoryApi, decision: Decision, userId: string): Promise<boolean> {
  return services.access.canSee(decision, userId, membership(services, client));
}

/** The channels whose decisions the person may not see (their own proposals aside). */
export function hiddenChannelsFor(
  services: Services,
  client: DirectoryApi,
  teamId: string,
  userId: string,
): Promise<string[]> {
  return services.access.hiddenChannels(teamId, userId, membership(services, client));
}
