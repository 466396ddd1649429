import type { Feedback } from '../db/feedbackRepo.js';
import type { Services } from '../services.js';
import type { SlackApi } from '../slack/api.js';
import { readChannelPrivacy } from '../slack/channelPrivacy.js';
import type { DirectoryApi } from '../slack/directory.js';

/** Whoever saved the item may delete it, and so may an approver or a workspace admin (as Slack says). */
export function mayRemoveFeedback(
  services: Services,
  client: DirectoryApi,
  item: Feedback,
  userId: string,
): Promise<boolean> {
  return services.feedback.mayRemove(item, userId, async () => {
    const check = await services.settings.check(item.teamId, userId, () =>
      services.directory.isWorkspaceAdmin(client, item.teamId, userId),
    );
    return check.ok;
  });
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
