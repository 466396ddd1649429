import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { openModal } from '../../slack/modal.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { buildOutcomeModal, outcomeRefusalText } from '../../views/predictionViews.js';
import { formNotOpenedText, NOT_YOURS_TO_SEE } from '../../views/replies.js';
import { canSee } from '../visibility.js';
import { decisionIdFrom, parseButtonClick } from './buttonClick.js';

/**
 * "Record how customers reacted", on the review in the thread, in the proposer's direct message or on the
 * Home tab: opens the outcome form for the proposer or an approver, and tells anyone else why not.
 */
export function openOutcomeModal(services: Services) {
  return async ({ body, client, logger }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const click = parseButtonClick(body);
    const id = click && decisionIdFrom(click.value);
    if (!click || id === undefined) {
      logger.warn('Ignoring a review button whose payload could not be read.');
      return;
    }
    const recordable = await services.predictions.recordable(click.teamId, id, click.userId);
    if (!recordable.ok) {
      await tellPerson(client, logger, click, outcomeRefusalText(recordable.refusal, recordable.decision?.proposerId));
      return;
    }
    // An approver outside a private channel may not read its decision, so may not record its outcome either.
    if (!(await canSee(services, client, recordable.decision, click.userId))) {
      await tellPerson(client, logger, click, NOT_YOURS_TO_SEE);
      return;
    }
    const view = buildOutcomeModal(recordable);
    await openModal(client, logger, { triggerId: click.triggerId, view, what: 'the outcome form' }, () =>
      tellPerson(client, logger, click, formNotOpenedText('click the button')),
    );
  };
}
