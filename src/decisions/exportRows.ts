import type { ExportAnswerRow, ExportDecisionRow } from '../db/exportRepo.js';
import type { Feedback } from '../db/feedbackRepo.js';
import { choiceLabel, majorityChoice } from './answerChoices.js';
import { ACTUAL_REACTIONS, EXPECTED_REACTIONS } from '../db/schema/shared.js';
import { isOneOf, predictionMatched } from './prediction.js';
import { categoryLabel, QUESTIONS } from './questions.js';

export const DECISION_COLUMNS = [
  'id',
  'team_id',
  'channel_id',
  'title',
  'description',
  'category',
  'status',
  'proposer_id',
  'created_at',
  'decided_by',
  'decided_at',
  'decide_by',
  'values_answers',
  'values_majority',
  'customer_answers',
  'customer_reaction_majority',
  'customer_would_say',
  'motive_answers',
  'motive_majority',
  'prediction_expected',
  'prediction_confidence',
  'prediction_signal',
  'review_skipped',
  'review_due',
  'outcome_reaction',
  'outcome_evidence',
  'outcome_decide_again',
  'outcome_recorded_by',
  'outcome_recorded_at',
  'prediction_matched',
  'revisits',
  'revisited_by',
] as const;

/**
 * History is included: an answer someone later changed has replaced_at set, and the current answers are
 * the rows where it is empty (the ones the decision columns summarise).
 */
export const ANSWER_COLUMNS = [
  'decision_id',
  'title',
  'question',
  'question_text',
  'user_id',
  'choice',
  'text',
  'answered_at',
  'replaced_at',
] as const;

/** One row per customer feedback item (`--feedback`). */
export const FEEDBACK_COLUMNS = [
  'id',
  'team_id',
  'channel_id',
  'channel_private',
  'message_ts',
  'text',
  'source',
  'sentiment',
  'category',
  'tags',
  'saved_by',
  'saved_at',
] as const;

export type ExportRecord = Record<string, string | number>;

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** One decision with its current answers summarised: counts, majority choices, what customers would say. */
export function decisionRecord(row: ExportDecisionRow): ExportRecord {
  const answers = JSON.parse(row.answers) as StoredAnswer[];
  const [q1, q2, q3] = byQuestion(answers);
  return {
    id: row.id,
    team_id: row.teamId,
    channel_id: row.channelId,
    title: row.title,
    description: row.description ?? '',
    category: categoryLabel(row.category),
    status: row.status,
    proposer_id: row.proposerId,
    created_at: iso(row.createdAt),
    decided_by: row.decidedBy ?? '',
    decided_at: iso(row.decidedAt),
    decide_by: row.decideBy ?? '',
    values_answers: q1.length,
    values_majority: majorityLabel(1, q1),
    customer_answers: q2.length,
    customer_reaction_majority: majorityLabel(2, q2),
    customer_would_say: q2.flatMap(([, , text]) => (text ? [text] : [])).join(' | '),
    motive_answers: q3.length,
    motive_majority: majorityLabel(3, q3),
    prediction_expected: row.expectedReaction ?? '',
    prediction_confidence: row.confidence ?? '',
    prediction_signal: row.signal ?? '',
    review_skipped: row.reviewSkipped === null ? '' : row.reviewSkipped ? 'yes' : 'no',
    review_due: iso(row.reviewDue),
    outcome_reaction: row.actualReaction ?? '',
    outcome_evidence: row.evidence ?? '',
    outcome_decide_again: row.decideAgain ?? '',
    outcome_recorded_by: row.recordedBy ?? '',
    outcome_recorded_at: iso(row.recordedAt),
    prediction_matched: matchedCell(row.expectedReaction, row.actualReaction),
    revisits: row.revisits ?? '',
    revisited_by: row.revisitedBy ?? '',
  };
}

/** "yes" or "no" once an outcome is recorded against a prediction, by the calibration's matching rule. */
function matchedCell(expected: string | null, actual: string | null): string {
  if (!isOneOf(EXPECTED_REACTIONS, expected) || !isOneOf(ACTUAL_REACTIONS, actual)) return '';
  return predictionMatched(expected, actual) ? 'yes' : 'no';
}

type StoredAnswer = [number, string | null, string | null];

/** Helpers live at module level: this runs once per exported row, a million times for a big export. */
function byQuestion(answers: readonly StoredAnswer[]): [StoredAnswer[], StoredAnswer[], StoredAnswer[]] {
  const split: [StoredAnswer[], StoredAnswer[], StoredAnswer[]] = [[], [], []];
  for (const answer of answers) split[answer[0] - 1]?.push(answer);
  return split;
}

function majorityLabel(question: 1 | 2 | 3, answers: readonly StoredAnswer[]): string {
  if (answers.length === 0) return '';
  return (
    choiceLabel(
      question,
      majorityChoice(
        question,
        answers.map(([, choice]) => choice),
      ),
    ) ?? ''
  );
}

export function answerRecord(row: ExportAnswerRow): ExportRecord {
  return {
    decision_id: row.decisionId,
    title: row.title,
    question: row.question,
    question_text: QUESTIONS.find((q) => q.number === row.question)?.text ?? '',
    user_id: row.userId,
    choice: choiceLabel(row.question, row.choice) ?? row.choice ?? '',
    text: row.text ?? '',
    answered_at: iso(row.answeredAt),
    replaced_at: iso(row.replacedAt),
  };
}

export function feedbackRecord(item: Feedback): ExportRecord {
  return {
    id: item.id,
    team_id: item.teamId,
    channel_id: item.channelId ?? '',
    channel_private:
      item.channelIsPrivate === null ? (item.channelId ? 'unknown' : '') : item.channelIsPrivate ? 'yes' : 'no',
    message_ts: item.messageTs ?? '',
    text: item.text,
    source: item.source,
    sentiment: item.sentiment,
    category: item.category ? categoryLabel(item.category) : '',
    tags: item.tags.join(', '),
    saved_by: item.savedBy,
    saved_at: item.createdAt.toISOString(),
  };
}

/**
 * Spreadsheets run a cell that starts with =, +, -, @ (or a tab or carriage return) as a formula;
 * a leading apostrophe makes it text again (OWASP's advice for CSV injection).
 */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
