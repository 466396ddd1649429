import { ANSWER_CHOICES } from './answerChoices.js';
import { QUESTIONS } from './questions.js';

/** How far a question has come: how many answered, and what they said in one line. */
export interface QuestionProgress {
  question: number;
  answers: number;
  /** A one-line summary of the answers so far, e.g. "Motive: 3 customer satisfaction · 1 profit". */
  summary?: string | undefined;
}

export interface AnswerLike {
  question: number;
  choice: string | null;
  userId: string;
}

const SUMMARY_LABELS: Record<number, string> = { 1: 'Values', 2: 'Customer reaction', 3: 'Motive' };

/** "Motive: 3 customer satisfaction · 1 profit": the choices people made, most common first. */
export function summarizeQuestion(question: number, answers: readonly AnswerLike[]): string | undefined {
  const choices = ANSWER_CHOICES[question as 1 | 2 | 3];
  if (!choices) return undefined;
  const counts = choices
    .map((c) => ({
      label: c.label.toLowerCase(),
      n: answers.filter((a) => a.question === question && a.choice === c.value).length,
    }))
    .filter((c) => c.n > 0)
    .sort((a, b) => b.n - a.n);
  if (counts.length === 0) return undefined;
  return `${SUMMARY_LABELS[question]}: ${counts.map((c) => `${c.n} ${c.label}`).join(' · ')}`;
}

/** Per question: how many people answered and the summary of their choices. */
export function progressOf(answers: readonly AnswerLike[]): QuestionProgress[] {
  return QUESTIONS.map((q) => ({
    question: q.number,
    answers: answers.filter((a) => a.question === q.number).length,
    summary: summarizeQuestion(q.number, answers),
  }));
}
