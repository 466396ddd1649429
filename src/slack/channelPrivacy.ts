import type { Logger } from '../logger.js';
import { type SlackApi, slackErrorCode } from './api.js';

/** Whether Slack says the channel is private; undefined when it cannot say (which counts as private). */
export async function readChannelPrivacy(
  client: Pick<SlackApi, 'conversations'>,
  logger: Logger,
  channelId: string,
): Promise<boolean | undefined> {
  try {
    const info = await client.conversations.info({ channel: channelId });
    return typeof info.channel?.is_private === 'boolean' ? info.channel.is_private : undefined;
  } catch (error) {
    logger.warn(`Could not read channel ${channelId}: ${slackErrorCode(error)}`);
    return undefined;
  }
}
