import type { ExportAnswerRow, ExportDecisionRow } from '../db/exportRepo.js';
import { choiceLabel, majorityChoice } from './answerChoices.js';
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

export type ExportRecord = Record<string, string | number>;

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** One decision with its current answers summarised: counts, majority choices, what customers would say. */
export function decisionRecord(row: ExportDecisionRow): ExportRecord {
  const answers = JSON.parse(row.answers) as [number, string | null, string | null][];
  const of = (q: 1 | 2 | 3) => answers.filter(([question]) => question === q);
  const majority = (q: 1 | 2 | 3) =>
    choiceLabel(
      q,
      majorityChoice(
        q,
        of(q).map(([, choice]) => choice),
      ),
    ) ?? '';
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
    values_answers: of(1).length,
    values_majority: majority(1),
    customer_answers: of(2).length,
    customer_reaction_majority: majority(2),
    customer_would_say: of(2)
      .flatMap(([, , text]) => (text ? [text] : []))
      .join(' | '),
    motive_answers: of(3).length,
    motive_majority: majority(3),
  };
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

/**
 * Spreadsheets run a cell that starts with =, +, -, @ (or a tab or carriage return) as a formula;
 * a leading apostrophe makes it text again (OWASP's advice for CSV injection).
 */
export function defuseFormula(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
