import type { QuestionNumber } from './questions.js';

/** The choice each question offers, beside the free text. */
export const ANSWER_CHOICES = {
  1: [
    { value: 'yes', label: 'Yes' },
    { value: 'partly', label: 'Partly' },
    { value: 'no', label: 'No' },
  ],
  2: [
    { value: 'positive', label: 'Positive' },
    { value: 'mixed', label: 'Mixed' },
    { value: 'negative', label: 'Negative' },
  ],
  3: [
    { value: 'customer_satisfaction', label: 'Customer satisfaction' },
    { value: 'profit', label: 'Profit' },
    { value: 'both', label: 'Both' },
    { value: 'other', label: 'Other' },
  ],
} as const satisfies Record<QuestionNumber, readonly { value: string; label: string }[]>;

export function choiceLabel(question: number, value: string | null | undefined): string | undefined {
  const choices: readonly { value: string; label: string }[] = ANSWER_CHOICES[question as QuestionNumber] ?? [];
  return choices.find((c) => c.value === value)?.label;
}

export function isChoiceOf(question: number, value: string): boolean {
  return choiceLabel(question, value) !== undefined;
}

/**
 * The answer most people gave; a tie goes to the choice listed first (so "customer satisfaction"
 * wins a tie with "profit"). Undefined when nobody chose.
 */
export function majorityChoice(
  question: QuestionNumber,
  choices: readonly (string | null | undefined)[],
): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const { value } of ANSWER_CHOICES[question]) {
    const n = choices.filter((c) => c === value).length;
    if (n > bestCount) {
      best = value;
      bestCount = n;
    }
  }
  return best;
}
