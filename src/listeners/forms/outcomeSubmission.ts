import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import {
  checkOutcomeForm,
  followUpProposal,
  OUTCOME_BLOCKS,
  outcomeRefusalText,
  outcomeThreadText,
} from '../../views/predictionViews.js';
import { buildProposeModal } from '../../views/proposeModal.js';
import { FORM_STALE, NOT_SAVED, NOT_YOURS_TO_SEE } from '../../views/replies.js';
import { canSee } from '../visibility.js';
import { publishHome } from '../publishHome.js';
import { tryStore } from '../tryStore.js';
import { readDecisionForm } from './readForm.js';

/**
 * The outcome form submitted by the proposer or an approver: stored once, then the card and the thread
 * show it. "No" or "yes, with changes" turns the form into a proposal of the follow-up decision, prefilled
 * and linked to this one.
 */
export function outcomeSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const form = readDecisionForm(body);
    const firstBlock = OUTCOME_BLOCKS.actual;
    if (!form) {
      logger.warn('Refusing an outcome form whose payload or metadata could not be read.');
      await ack({ response_action: 'errors', errors: { [firstBlock]: FORM_STALE } });
      return;
    }
    const recordable = await services.predictions.recordable(form.teamId, form.decisionId, form.userId);
    if (!recordable.ok) {
      const text = outcomeRefusalText(recordable.refusal, recordable.decision?.proposerId);
      await ack({ response_action: 'errors', errors: { [firstBlock]: text } });
      return;
    }
    if (!(await canSee(services, client, recordable.decision, form.userId))) {
      await ack({ response_action: 'errors', errors: { [firstBlock]: NOT_YOURS_TO_SEE } });
      return;
    }
    const checked = checkOutcomeForm(
      {
        actual: form.value(OUTCOME_BLOCKS.actual)?.selected_option?.value,
        evidence: form.value(OUTCOME_BLOCKS.evidence)?.value,
        decideAgain: form.value(OUTCOME_BLOCKS.decideAgain)?.selected_option?.value,
      },
      recordable.prediction.tooEarlyCount,
    );
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: checked.errors });
      return;
    }
    const stored = await tryStore(logger, `the outcome of decision ${form.decisionId}`, () =>
      services.predictions.recordOutcome(form.teamId, form.decisionId, form.userId, checked.outcome),
    );
    if (!stored.ok || !stored.value.ok) {
      const error = stored.ok && !stored.value.ok ? outcomeRefusalText(stored.value.refusal) : NOT_SAVED;
      await ack({ response_action: 'errors', errors: { [firstBlock]: error } });
      return;
    }
    const { decision, prediction } = stored.value;
    const revisit = prediction.decideAgain === 'no' || prediction.decideAgain === 'with_changes';
    await ack(
      revisit
        ? {
            response_action: 'update',
            view: buildProposeModal({ ...followUpProposal(decision, prediction), revisits: decision.id }),
          }
        : undefined,
    );
    services.defer(async () => {
      await services.posts.refresh(client, decision);
      const key = `outcome:${prediction.tooEarlyCount}:${prediction.actualReaction ?? 'too_early'}`;
      await services.posts.announce(client, decision, key, outcomeThreadText(prediction, form.userId));
      await publishHome(services, client, logger, form.teamId, form.userId);
    });
  };
}
