import type { Feedback } from '../db/feedbackRepo.js';
import type { Services } from '../services.js';
import { mayRemoveFeedback } from '../decisions/feedbackService.js';
import type { SlackApi } from '../slack/api.js';
import { readChannelPrivacy } from '../slack/channelPrivacy.js';
import type { DirectoryApi } from '../slack/directory.js';

/** Whether the person may change the workspace's settings: an approver, or an admin as Slack says. */
export async function maySettle(
  services: Services,
  client: DirectoryApi,
  teamId: string,
  userId: string,
): Promise<boolean> {
  const check = await services.settings.check(teamId, userId, () =>
    services.directory.isWorkspaceAdmin(client, teamId, userId),
  );
  return check.ok;
}

/** Whether the person may delete the item (feedbackService.mayRemoveFeedback); Slack is asked only if needed. */
export async function mayRemove(
  services: Services,
  client: DirectoryApi,
  item: Feedback,
  userId: string,
): Promise<boolean> {
  return (
    mayRemoveFeedback(item, userId, false) ||
    mayRemoveFeedback(item, userId, await maySettle(services, client, item.teamId, userId))
  );
}

/** Learns whether the channel feedback was saved in is private, which decides who may see it elsewhere. */
export async function learnFeedbackPrivacy(
  services: Services,
  client: SlackApi,
  teamId: string,
  channelId: string,
): Promise<void> {
  const isPrivate = await readChannelPrivacy(client, services.logger, channelId);
  if (isPrivate !== undefined) await services.feedback.setChannelPrivacy(teamId, channelId, isPrivate);
}
