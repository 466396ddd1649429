import { isChoiceOf } from './answerChoices.js';
import { charCount } from './characters.js';
import { storable } from './slackText.js';

export const ANSWER_TEXT_MAX = 3000;
export const CUSTOMER_PROFILE_MAX = 2000;

export interface RawAnswer {
  question: 1 | 2 | 3;
  choice: string | null | undefined;
  text: string | null | undefined;
}

export interface ValidAnswer {
  question: 1 | 2 | 3;
  choice: string;
  text: string | null;
}

/** What is wrong with one answer's field; the form says it in words (views/answerModal.ts). */
export interface AnswerProblem {
  question: 1 | 2 | 3;
  field: 'choice' | 'text';
  problem: 'missing' | 'too-long';
}

/**
 * Every question needs its choice; question 2 also needs words (what would the customer say?), the
 * others take an optional why.
 */
export function validateAnswers(
  raw: readonly RawAnswer[],
): { ok: true; answers: ValidAnswer[] } | { ok: false; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const answers: ValidAnswer[] = [];
  for (const { question, choice, text } of raw) {
    const words = storable(text ?? '').trim() || null;
    if (!choice || !isChoiceOf(question, choice)) problems.push({ question, field: 'choice', problem: 'missing' });
    if (question === 2 && !words) problems.push({ question, field: 'text', problem: 'missing' });
    if (words && charCount(words) > ANSWER_TEXT_MAX) problems.push({ question, field: 'text', problem: 'too-long' });
    if (choice && isChoiceOf(question, choice)) answers.push({ question, choice, text: words });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, answers };
}

export function validateCustomerProfile(
  text: string | null | undefined,
): { ok: true; profile: string | null } | { ok: false; problem: 'too-long' } {
  const profile = storable(text ?? '').trim() || null;
  if (profile && charCount(profile) > CUSTOMER_PROFILE_MAX) return { ok: false, problem: 'too-long' };
  return { ok: true, profile };
}
