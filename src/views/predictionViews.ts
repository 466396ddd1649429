import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Answer } from '../db/answersRepo.js';
import type { Decision } from '../db/decisionsRepo.js';
import type { DecisionLinks, Prediction } from '../db/predictionsRepo.js';
import type { ActualReaction, DecideAgain, ExpectedReaction } from '../db/schema/shared.js';
import { choiceLabel } from '../decisions/answerChoices.js';
import type { Calibration, CalibrationReport } from '../decisions/calibration.js';
import { MIN_REVIEWS_FOR_FIGURES } from '../decisions/calibration.js';
import {
  CONFIDENCE_MAX,
  CONFIDENCE_MIN,
  EVIDENCE_MAX,
  MAX_TOO_EARLY,
  type OutcomeProblems,
  type PredictionProblems,
  type RawOutcome,
  type RawPrediction,
  REVIEW_AFTER_DAYS,
  SIGNAL_MAX,
  TOO_EARLY,
  TOO_EARLY_DAYS,
  validateOutcome,
  validatePrediction,
} from '../decisions/prediction.js';
import type { OutcomeRefusal } from '../decisions/predictionService.js';
import { categoryLabel, DESCRIPTION_MAX, TITLE_MAX } from '../decisions/questions.js';
import { plural } from './plural.js';
import { SECTION_MAX, truncate, userText } from './text.js';

/** Every sentence and block of predictions, reviews and calibration. */

export const CONFIRM_CALLBACK = 'confirm_with_prediction';
export const OUTCOME_CALLBACK = 'record_outcome';
export const RECORD_OUTCOME_ACTION = 'record_outcome';

export const PREDICTION_BLOCKS = {
  skip: 'skip_review',
  expected: 'expected_reaction',
  confidence: 'confidence',
  signal: 'signal',
  afterDays: 'review_after',
} as const;

export const OUTCOME_BLOCKS = { actual: 'actual_reaction', evidence: 'evidence', decideAgain: 'decide_again' } as const;

/** What both modals carry between opening and submission; checked again on the way back. */
export const decisionMetadataSchema = z.object({ decisionId: z.number().int().positive() });

const EXPECTED_LABELS: Record<ExpectedReaction, string> = {
  welcome: 'They will welcome it',
  unnoticed: "They mostly won't notice",
  pushback: 'They will push back',
};
const ACTUAL_LABELS: Record<ActualReaction, string> = {
  welcomed: 'They welcomed it',
  unnoticed: "They didn't notice",
  pushed_back: 'They pushed back',
};
const DECIDE_AGAIN_LABELS: Record<DecideAgain, string> = {
  yes: 'Yes',
  with_changes: 'Yes, with changes',
  no: 'No',
};

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (value: string, text: string) => ({ text: plain(text), value });
const options = <T extends string>(labels: Record<T, string>) =>
  (Object.entries(labels) as [T, string][]).map(([value, text]) => option(value, text));

/** Checks the confirm form: the prediction (or the skip), or the errors to show on its fields. */
export function checkPredictionForm(raw: RawPrediction) {
  const checked = validatePrediction(raw);
  return checked.ok ? checked : { ok: false as const, errors: predictionErrors(checked.problems) };
}

export function predictionErrors(problems: PredictionProblems): Record<string, string> {
  const errors: Record<string, string> = {};
  const skip = ' (or tick "Skip the review")';
  if (problems.expected) errors[PREDICTION_BLOCKS.expected] = `Pick how you expect customers to react${skip}.`;
  if (problems.confidence === 'missing') errors[PREDICTION_BLOCKS.confidence] = `Say how sure you are${skip}.`;
  if (problems.confidence === 'out-of-range')
    errors[PREDICTION_BLOCKS.confidence] = `Give a whole number from ${CONFIDENCE_MIN} to ${CONFIDENCE_MAX}.`;
  if (problems.signal === 'missing')
    errors[PREDICTION_BLOCKS.signal] = `Write what will tell you how customers reacted${skip}.`;
  if (problems.signal === 'too-long')
    errors[PREDICTION_BLOCKS.signal] = `Keep this to ${SIGNAL_MAX} characters or fewer.`;
  if (problems.afterDays) errors[PREDICTION_BLOCKS.afterDays] = 'Pick 30, 60 or 90 days.';
  return errors;
}

function q2Lines(answers: readonly Answer[]): string {
  const current = answers.filter((a) => a.question === 2 && !a.supersededAt);
  if (current.length === 0) return '_Nobody has answered question 2 yet._';
  return current
    .map(
      (a) =>
        `• <@${a.userId}>: *${choiceLabel(2, a.choice) ?? 'No choice'}*${a.text ? ` ${userText(a.text, 400)}` : ''}`,
    )
    .join('\n');
}

/** The confirm modal: what the team expects customers to do, how sure it is, and when to check. */
export function buildConfirmModal(input: { decision: Decision; answers: readonly Answer[] }) {
  const intro = `*${userText(input.decision.title, 200)}*\nBefore confirming, say how you expect customers to react, so the team can check in a month or two. *What the team said customers would say:*\n${q2Lines(input.answers)}`;
  const thirty = option('30', 'In 30 days');
  return {
    type: 'modal' as const,
    callback_id: CONFIRM_CALLBACK,
    private_metadata: JSON.stringify({ decisionId: input.decision.id }),
    title: plain('Confirm the decision'),
    submit: plain('Confirm'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(intro, SECTION_MAX) } },
      {
        type: 'input',
        block_id: PREDICTION_BLOCKS.expected,
        optional: true,
        label: plain('How will customers react?'),
        element: { type: 'radio_buttons', action_id: 'value', options: options(EXPECTED_LABELS) },
      },
      {
        type: 'input',
        block_id: PREDICTION_BLOCKS.confidence,
        optional: true,
        label: plain('How sure are you? (percent, 50 to 95)'),
        element: {
          type: 'number_input',
          action_id: 'value',
          is_decimal_allowed: false,
          min_value: String(CONFIDENCE_MIN),
          max_value: String(CONFIDENCE_MAX),
        },
      },
      {
        type: 'input',
        block_id: PREDICTION_BLOCKS.signal,
        optional: true,
        label: plain('What will tell us?'),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: SIGNAL_MAX,
          placeholder: plain('e.g. fewer complaints about parking'),
        },
      },
      {
        type: 'input',
        block_id: PREDICTION_BLOCKS.afterDays,
        label: plain('When should we look?'),
        element: {
          type: 'radio_buttons',
          action_id: 'value',
          initial_option: thirty,
          options: REVIEW_AFTER_DAYS.map((d) => option(String(d), `In ${d} days`)),
        },
      },
      {
        type: 'input',
        block_id: PREDICTION_BLOCKS.skip,
        optional: true,
        label: plain('No review?'),
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [option('skip', 'Skip the review: confirm without a prediction')],
        },
      },
    ] as types.KnownBlock[],
  };
}

/** Checks the outcome form against how often the review has already waited. */
export function checkOutcomeForm(raw: RawOutcome, tooEarlyCount: number) {
  const checked = validateOutcome(raw, tooEarlyCount);
  return checked.ok ? checked : { ok: false as const, errors: outcomeErrors(checked.problems) };
}

export function outcomeErrors(problems: OutcomeProblems): Record<string, string> {
  const errors: Record<string, string> = {};
  if (problems.actual === 'missing') errors[OUTCOME_BLOCKS.actual] = 'Pick how customers reacted.';
  if (problems.actual === 'no-more-waiting')
    errors[OUTCOME_BLOCKS.actual] = `This review has waited ${MAX_TOO_EARLY} times already: pick what you see now.`;
  if (problems.evidence === 'missing') errors[OUTCOME_BLOCKS.evidence] = 'Write what customers said or did.';
  if (problems.evidence === 'too-long')
    errors[OUTCOME_BLOCKS.evidence] = `Keep this to ${EVIDENCE_MAX} characters or fewer.`;
  if (problems.decideAgain) errors[OUTCOME_BLOCKS.decideAgain] = 'Say whether you would decide the same again.';
  return errors;
}

/** The prediction in one line: "They will welcome it, 80 % sure; watching: sales of the new line". */
function predictionSentence(prediction: Prediction): string {
  if (prediction.skipped || !prediction.expectedReaction) return 'Confirmed without a prediction (review skipped).';
  return `${EXPECTED_LABELS[prediction.expectedReaction]}, ${prediction.confidence} % sure; watching: ${userText(prediction.signal ?? '', 300)}`;
}

/** The outcome modal: what customers did, the evidence, and whether the team would decide the same. */
export function buildOutcomeModal(input: { decision: Decision; prediction: Prediction }) {
  const { prediction } = input;
  const actual = options(ACTUAL_LABELS);
  if (prediction.tooEarlyCount < MAX_TOO_EARLY)
    actual.push(option(TOO_EARLY, `Too early to tell: ask again in ${TOO_EARLY_DAYS} days`));
  const intro = `*${userText(input.decision.title, 200)}*\n*We predicted:* ${predictionSentence(prediction)}`;
  return {
    type: 'modal' as const,
    callback_id: OUTCOME_CALLBACK,
    private_metadata: JSON.stringify({ decisionId: input.decision.id }),
    title: plain('How did customers react?'),
    submit: plain('Record'),
    close: plain('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(intro, SECTION_MAX) } },
      {
        type: 'input',
        block_id: OUTCOME_BLOCKS.actual,
        label: plain('How did customers actually react?'),
        element: { type: 'radio_buttons', action_id: 'value', options: actual },
      },
      {
        type: 'input',
        block_id: OUTCOME_BLOCKS.evidence,
        optional: true,
        label: plain('The evidence: what customers said or did'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: EVIDENCE_MAX },
      },
      {
        type: 'input',
        block_id: OUTCOME_BLOCKS.decideAgain,
        optional: true,
        label: plain('Would we decide the same again?'),
        element: { type: 'radio_buttons', action_id: 'value', options: options(DECIDE_AGAIN_LABELS) },
      },
    ] as types.KnownBlock[],
  };
}

/** The review question, in the thread and to the proposer. */
export function reviewAskText(decision: Decision, days: number, reminder = false): string {
  const ask = `It's been ${plural(days, 'day')} since *${userText(decision.title, 200)}* was confirmed. How did customers actually react?`;
  return reminder ? `Reminder: ${ask}` : ask;
}

export function reviewAskBlocks(decision: Decision, days: number, reminder = false): unknown[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: reviewAskText(decision, days, reminder) } },
    {
      type: 'actions',
      block_id: 'review_actions',
      elements: [
        {
          type: 'button',
          action_id: RECORD_OUTCOME_ACTION,
          style: 'primary',
          text: plain('Record how customers reacted'),
          value: String(decision.id),
        },
      ],
    },
  ];
}

/** What the card says about the prediction and, once recorded, the outcome. */
export function predictionCardLine(prediction: Prediction): string {
  const predicted = `*Prediction:* ${predictionSentence(prediction)}`;
  if (prediction.actualReaction) return `${predicted}\n${outcomeSentence(prediction)}`;
  if (prediction.skipped || !prediction.dueAt) return predicted;
  return `${predicted}\n*Review:* ${prediction.dueAt.toISOString().slice(0, 10)}`;
}

function outcomeSentence(prediction: Prediction): string {
  if (!prediction.actualReaction) return '';
  const again = prediction.decideAgain
    ? ` · Would decide the same again: ${DECIDE_AGAIN_LABELS[prediction.decideAgain]}`
    : '';
  return `*Outcome:* ${ACTUAL_LABELS[prediction.actualReaction]}${again} · recorded by <@${prediction.recordedBy}>\n*Evidence:* ${userText(prediction.evidence ?? '', 500)}`;
}

/** The thread's line once the outcome is recorded, or once the team said it is too early. */
export function outcomeThreadText(prediction: Prediction, userId: string): string {
  if (!prediction.actualReaction)
    return `:hourglass: <@${userId}> says it is too early to tell how customers reacted; I'll ask again on ${prediction.dueAt?.toISOString().slice(0, 10) ?? 'a later date'}.`;
  return `:mag: How customers reacted, recorded by <@${userId}>: ${ACTUAL_LABELS[prediction.actualReaction]}.\n${outcomeSentence(prediction)}`;
}

export function outcomeRefusalText(refusal: OutcomeRefusal, proposerId?: string): string {
  switch (refusal) {
    case 'gone':
      return 'That decision is no longer there, so there is nothing to record.';
    case 'no-review':
      return 'This decision has no review to record: it was confirmed without a prediction, or it is no longer confirmed.';
    case 'not-allowed':
      return `Only ${proposerId ? `<@${proposerId}>, who proposed it,` : 'the proposer'} or an approver can record how customers reacted; add what you saw as a reply in the decision's thread.`;
    case 'already-recorded':
      return "This review's outcome is already recorded; see it with Details on the decision's card.";
  }
}

/** Details' lines about the prediction, the outcome and the links. */
export function predictionDetailLines(prediction: Prediction | undefined, links: DecisionLinks): string[] {
  const lines: string[] = [];
  if (prediction) lines.push(predictionCardLine(prediction));
  if (links.revisits !== undefined) lines.push(`Revisits #${links.revisits}`);
  if (links.revisitedBy.length > 0) lines.push(`Revisited by ${links.revisitedBy.map((id) => `#${id}`).join(', ')}`);
  return lines;
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** One plain sentence per figure; with fewer than 5 reviews, that there is not enough yet. */
export function calibrationSentences(calibration: Calibration, who = 'The team'): string[] {
  if (calibration.matchRate === undefined || calibration.brier === undefined) {
    return [
      `${who}: ${plural(calibration.reviewed, 'prediction')} reviewed so far; not enough yet to say how well we read customers (figures appear from ${MIN_REVIEWS_FOR_FIGURES}).`,
    ];
  }
  return [
    `${who}: ${plural(calibration.reviewed, 'prediction')} reviewed.`,
    `Customers reacted as predicted ${percent(calibration.matchRate)} of the time.`,
    `Brier score ${calibration.brier.toFixed(2)}: how far our stated confidence was from what happened (0 is perfect, 0.25 is a coin flip).`,
  ];
}

/** "Your team's customer sense": overall, then by motive and by category. */
export function customerSenseLines(report: CalibrationReport): string[] {
  const lines = calibrationSentences(report.overall, '*Overall*');
  for (const { motive, calibration } of report.byMotive) {
    if (calibration.reviewed > 0)
      lines.push(calibrationSentences(calibration, `*${choiceLabel(3, motive)}*`).join(' '));
  }
  for (const { category, calibration } of report.byCategory) {
    lines.push(calibrationSentences(calibration, `*${categoryLabel(category)}*`).join(' '));
  }
  return lines;
}

export const CUSTOMER_SENSE_TITLE = "Your team's customer sense";

/** The follow-up proposal a "no" or "yes, with changes" offers, prefilled from the original and its evidence. */
export function followUpProposal(
  decision: Decision,
  prediction: Prediction,
): { title: string; description: string; channelId: string } {
  return {
    title: truncate(`Revisit: ${decision.title}`, TITLE_MAX),
    description: truncate(
      `Revisits #${decision.id} "${decision.title}". What customers did: ${prediction.evidence ?? ''}`,
      DESCRIPTION_MAX,
    ),
    channelId: decision.channelId,
  };
}
