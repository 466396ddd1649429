import type { Logger, RespondFn } from '@slack/bolt';
import type { SlackApi } from './api.js';
import { slackErrorCode } from './api.js';

/**
 * Tells one person something only they should see: through the interaction's response_url when there
 * is one, else an ephemeral message in the channel, else a direct message from the bot.
 */
export async function tellPerson(
  client: SlackApi,
  logger: Logger,
  to: {
    userId: string;
    channelId?: string | undefined;
    threadTs?: string | undefined;
    respond?: RespondFn | undefined;
  },
  text: string,
): Promise<void> {
  if (to.respond) {
    try {
      await to.respond({ response_type: 'ephemeral', replace_original: false, text });
      return;
    } catch (error) {
      logger.warn(`Could not reply through response_url: ${slackErrorCode(error)}`);
    }
  }
  if (to.channelId) {
    try {
      await client.chat.postEphemeral({
        channel: to.channelId,
        user: to.userId,
        text,
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
      });
      return;
    } catch (error) {
      logger.warn(`Could not post an ephemeral message in ${to.channelId}: ${slackErrorCode(error)}`);
    }
  }
  try {
    await client.chat.postMessage({ channel: to.userId, text });
  } catch (error) {
    logger.error(`Could not tell ${to.userId} by direct message: ${slackErrorCode(error)}`);
  }
}
