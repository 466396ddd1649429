import type { Logger } from '../logger.js';
import { type SlackApi, slackErrorCode } from './api.js';

/**
 * Whether Slack says the conversation is private (a direct or group message counts as private whatever
 * its is_private says); undefined when it cannot say, which counts as private too.
 */
export async function readChannelPrivacy(
  client: Pick<SlackApi, 'conversations'>,
  logger: Logger,
  channelId: string,
): Promise<boolean | undefined> {
  try {
    const { channel } = await client.conversations.info({ channel: channelId });
    if (channel?.is_im || channel?.is_mpim) return true;
    return typeof channel?.is_private === 'boolean' ? channel.is_private : undefined;
  } catch (error) {
    logger.warn(`Could not read channel ${channelId}: ${slackErrorCode(error)}`);
    return undefined;
  }
}
