import type { Decision } from '../db/decisionsRepo.js';
import { QUESTIONS } from '../decisions/questions.js';

type Question = (typeof QUESTIONS)[number];

export function questionPromptText(question: Question): string {
  return `Question ${question.number} of ${QUESTIONS.length}: ${question.text}`;
}

/** One of the three questions, posted in the decision's thread. */
export function buildQuestionPrompt(decision: Decision, question: Question): unknown[] {
  const heading = `*Question ${question.number} of ${QUESTIONS.length}*`;
  if (decision.status === 'dismissed') {
    return [
      { type: 'section', text: { type: 'mrkdwn', text: `${heading}\n~${question.text}~` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Marked as not a decision: no answer needed.' }] },
    ];
  }
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${heading}\n:chair: ${question.text}` } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Answer for the customer who is not in the room: reply in this thread.' }],
    },
  ];
}
