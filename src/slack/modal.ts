import type { webApi } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { slackErrorCode } from './api.js';

/**
 * Opens a modal for the person who clicked or typed. The trigger id is only good for 3 seconds, so when
 * Slack refuses it the failure is logged and the person is told (through `tell`) to try again.
 */
export async function openModal(
  client: Pick<webApi.WebClient, 'views'>,
  logger: Logger,
  open: { triggerId: string; view: webApi.ViewsOpenArguments['view']; what: string },
  tell?: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await client.views.open({ trigger_id: open.triggerId, view: open.view });
    return true;
  } catch (error) {
    logger.warn(`Could not open ${open.what}: ${slackErrorCode(error)}`);
    await tell?.();
    return false;
  }
}
