import { z } from 'zod';
import { isChoiceOf } from './answerChoices.js';
import { charCount } from './characters.js';

export const ANSWER_TEXT_MAX = 3000;
export const CUSTOMER_PROFILE_MAX = 2000;

/** Block ids of the answer modal's inputs for one question. */
export const answerBlocks = (question: number) => ({ choice: `q${question}_choice`, text: `q${question}_text` });
export const CUSTOMER_PROFILE_BLOCK = 'customer_profile';

/** What the modal carries between opening and submission; checked again on the way back. */
export const answerMetadataSchema = z.object({
  decisionId: z.number().int().positive(),
  questions: z
    .array(z.union([z.literal(1), z.literal(2), z.literal(3)]))
    .min(1)
    .max(3)
    .refine((qs) => new Set(qs).size === qs.length),
});
export type AnswerMetadata = z.infer<typeof answerMetadataSchema>;

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

/**
 * Every question needs its choice; question 2 also needs words (what would the customer say?), the
 * others take an optional why. Errors are keyed by block id for `response_action: "errors"`.
 */
export function validateAnswers(
  raw: readonly RawAnswer[],
): { ok: true; answers: ValidAnswer[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const answers: ValidAnswer[] = [];
  for (const { question, choice, text } of raw) {
    const blocks = answerBlocks(question);
    const words = text?.trim() || null;
    if (!choice || !isChoiceOf(question, choice)) errors[blocks.choice] = 'Pick one of the options.';
    if (question === 2 && !words) errors[blocks.text] = 'Write what our typical customer would say.';
    if (words && charCount(words) > ANSWER_TEXT_MAX)
      errors[blocks.text] = `Keep this to ${ANSWER_TEXT_MAX} characters or fewer.`;
    if (choice && isChoiceOf(question, choice)) answers.push({ question, choice, text: words });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, answers };
}

export function validateCustomerProfile(
  text: string | null | undefined,
): { ok: true; profile: string | null } | { ok: false; error: string } {
  const profile = text?.trim() || null;
  if (profile && charCount(profile) > CUSTOMER_PROFILE_MAX) {
    return { ok: false, error: `Keep the description to ${CUSTOMER_PROFILE_MAX} characters or fewer.` };
  }
  return { ok: true, profile };
}
