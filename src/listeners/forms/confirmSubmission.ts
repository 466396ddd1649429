import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../services.js';
import { checkPredictionForm, PREDICTION_BLOCKS } from '../../views/predictionViews.js';
import { FORM_STALE, NOT_SAVED, NOT_YOURS_TO_SEE, refusalText } from '../../views/replies.js';
import { canSee } from '../visibility.js';
import { announceDecided } from '../actions/decideDecision.js';
import { tryStore } from '../tryStore.js';
import { readDecisionForm } from './readForm.js';

/**
 * The confirm form submitted: the prediction (or the choice to skip the review) is checked, then the
 * confirmation and the prediction are stored together, through the same gate as every change of status.
 */
export function confirmSubmission(services: Services) {
  return async ({ ack, body, client, logger }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const form = readDecisionForm(body);
    const firstBlock = PREDICTION_BLOCKS.expected;
    if (!form) {
      logger.warn('Refusing a confirm form whose payload or metadata could not be read.');
      await ack({ response_action: 'errors', errors: { [firstBlock]: FORM_STALE } });
      return;
    }
    const checked = checkPredictionForm({
      skip: (form.value(PREDICTION_BLOCKS.skip)?.selected_options ?? []).some((o) => o.value === 'skip'),
      expected: form.value(PREDICTION_BLOCKS.expected)?.selected_option?.value,
      confidence: form.value(PREDICTION_BLOCKS.confidence)?.value,
      signal: form.value(PREDICTION_BLOCKS.signal)?.value,
      afterDays: form.value(PREDICTION_BLOCKS.afterDays)?.selected_option?.value,
    });
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: checked.errors });
      return;
    }
    const found = await services.decisions.find(form.teamId, form.decisionId);
    if (found && !(await canSee(services, client, found, form.userId))) {
      await ack({ response_action: 'errors', errors: { [firstBlock]: NOT_YOURS_TO_SEE } });
      return;
    }
    const stored = await tryStore(logger, `a confirmation of decision ${form.decisionId}`, () =>
      services.decisions.decide(form.teamId, form.decisionId, form.userId, 'confirm', checked.prediction),
    );
    if (!stored.ok || !stored.value.ok) {
      const error = stored.ok && !stored.value.ok ? refusalText(stored.value.refusal) : NOT_SAVED;
      await ack({ response_action: 'errors', errors: { [firstBlock]: error } });
      return;
    }
    const { decision } = stored.value;
    await ack();
    services.defer(() => announceDecided(services, client, logger, decision, 'confirm', form));
  };
}
