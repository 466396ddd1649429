import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { buildDecisionDetail } from '../../views/decisionDetail.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { decisionIdFrom, parseButtonClick } from './buttonClick.js';
import { findClickedDecision } from './findClickedDecision.js';
import { openModal } from '../../slack/modal.js';
import { formNotOpenedText } from '../../views/replies.js';

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
    const detail = await services.review.detail(found.decision.teamId, found.decision.id);
    if (!detail) return;
    const view = buildDecisionDetail(detail, await services.frontLine.pathDetail(found.decision, click.userId));
    await openModal(client, logger, { triggerId: click.triggerId, view, what: 'decision details' }, () =>
      tellPerson(client, logger, click, formNotOpenedText('click')),
    );
  };
}
