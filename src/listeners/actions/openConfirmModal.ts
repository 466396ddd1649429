import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { openModal } from '../../slack/modal.js';
import { tellPerson } from '../../slack/tellPerson.js';
import { buildConfirmModal } from '../../views/predictionViews.js';
import { formNotOpenedText, refusalText } from '../../views/replies.js';
import { decisionToChange } from './findClickedDecision.js';

/**
 * Confirm on a decision's card: when the gate would let the person confirm, the confirm modal asks for the
 * prediction (question 2's answers beside it); the confirmation is stored when it is submitted.
 */
export function openConfirmModal(services: Services) {
  return async (args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    const { ack, client, logger } = args;
    const clicked = await decisionToChange(services, args);
    if (!clicked) return;
    const { click, decision } = clicked;
    await ack();
    services.defer(async () => {
      const verdict = await services.decisions.check(click.teamId, decision.id, click.userId, 'confirm');
      if (!verdict.ok) {
        await tellPerson(client, logger, click, refusalText(verdict.refusal));
        return;
      }
      const view = buildConfirmModal({
        decision,
        answers: await services.answers.currentAnswers(click.teamId, decision.id),
      });
      await openModal(client, logger, { triggerId: click.triggerId, view, what: 'the confirm form' }, () =>
        tellPerson(client, logger, click, formNotOpenedText('click Confirm')),
      );
    });
  };
}
