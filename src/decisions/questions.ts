/** The three customer-first questions, in this wording and this order. */
export const QUESTIONS = [
  { number: 1, text: 'Does this align with the values of our customer?', short: 'Values' },
  { number: 2, text: 'What would our typical customer say about this decision?', short: 'Customer view' },
  {
    number: 3,
    text: 'What is our motivation for making this change? (customer satisfaction or profit?)',
    short: 'Motive',
  },
] as const;

export type QuestionNumber = (typeof QUESTIONS)[number]['number'];

export const CATEGORIES = [
  { value: 'physical_space', label: 'Physical space' },
  { value: 'product_line', label: 'Product line' },
  { value: 'management_staff', label: 'Management & staff' },
  { value: 'pricing', label: 'Pricing' },
  { value: 'policy', label: 'Policy' },
  { value: 'other', label: 'Other' },
] as const;

export type Category = (typeof CATEGORIES)[number]['value'];

export function categoryLabel(value: string | null | undefined): string {
  return CATEGORIES.find((c) => c.value === value)?.label ?? 'Other';
}

export const TITLE_MAX = 150;
export const DESCRIPTION_MAX = 3000;

export type Question = (typeof QUESTIONS)[number];

/** How many current answers each question has, from the answers themselves. */
export function answerCounts(answers: Iterable<{ question: number }>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const { question } of answers) counts.set(question, (counts.get(question) ?? 0) + 1);
  return counts;
}

/**
 * The one definition of "unanswered": a question with fewer than `required` current answers. The gate
 * asks it with the workspace's required number; reminders and the digest with 1 (nobody has answered).
 * The digest's and the reminders' queries (db/digestRepo.ts) select by the same rule in SQL.
 */
export function unansweredQuestions(counts: ReadonlyMap<number, number>, required = 1): Question[] {
  return QUESTIONS.filter((q) => (counts.get(q.number) ?? 0) < required);
}
