import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { slackErrorCode } from '../../slack/api.js';
import type { Services } from '../../services.js';
import { buildDecisionDetail } from '../../views/decisionDetail.js';
import { tellPerson } from '../tellPerson.js';
import { decisionIdFrom, parseButtonClick } from './buttonClick.js';
import { findClickedDecision } from './findClickedDecision.js';

/** "Details" on a card or on the Home tab: the whole decision in a modal. */
export function showDetails(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const click = parseButtonClick(body);
    if (!click) return;
    const found = await findClickedDecision(services, client, click, decisionIdFrom(click.value));
    if (!found.ok) {
      if (found.message) await tellPerson(client, logger, click, found.message);
      return;
    }
    const detail = services.review.detail(found.decision.teamId, found.decision.id);
    if (!detail) return;
    try {
      await client.views.open({ trigger_id: click.triggerId, view: buildDecisionDetail(detail) });
    } catch (error) {
      logger.warn(`Could not open decision details: ${slackErrorCode(error)}`);
      await tellPerson(
        client,
        logger,
        { userId: click.userId, channelId: click.channelId },
        'Slack did not let me open the details in time; please click again.',
      );
    }
  };
}
