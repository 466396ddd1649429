import type { Answer } from '../db/answersRepo.js';
import type { Decision } from '../db/decisionsRepo.js';
import type { Feedback } from '../db/feedbackRepo.js';
import { feedbackLine } from './feedback.js';
import { choiceLabel } from '../decisions/answerChoices.js';
import { summarizeQuestion } from '../decisions/answerSummary.js';
import { QUESTIONS } from '../decisions/questions.js';
import { SECTION_MAX, truncate, userText } from './text.js';

type Question = (typeof QUESTIONS)[number];

export const ANSWER_QUESTION_ACTION = 'answer_question';

/** How many answers a prompt lists one by one before it only counts them. */
const LISTED_ANSWERS = 10;

export function questionPromptText(question: Question): string {
  return `Question ${question.number} of ${QUESTIONS.length}: ${question.text}`;
}

/** Customer feedback related to a decision, and the workspace address its links start with. */
export interface CustomerQuotes {
  feedback: readonly Feedback[];
  teamUrl: string | undefined;
}

function customerContext(
  question: Question,
  customerProfile: string | null | undefined,
  quotes: CustomerQuotes | undefined,
): unknown[] {
  if (question.number === 3) return [];
  const text = customerProfile
    ? `*Our typical customer:* ${userText(customerProfile, 2500)}`
    : 'No customer profile yet: whoever answers first can describe our typical customer (or run `/decision customer`).';
  const elements = [{ type: 'mrkdwn', text }];
  if (quotes && quotes.feedback.length > 0) {
    const lines = quotes.feedback.map((item) => feedbackLine(item, quotes.teamUrl, 250));
    elements.push({ type: 'mrkdwn', text: truncate(`*What customers told us:* ${lines.join('  ·  ')}`, 3000) });
  }
  return [{ type: 'context', elements }];
}

function answerLine(answer: Answer): string {
  const choice = choiceLabel(answer.question, answer.choice);
  const text = answer.text ? `: ${userText(answer.text, 200)}` : '';
  return `• <@${answer.userId}>${choice ? ` *${choice}*` : ''}${text}`;
}

/** One of the three questions, posted in the decision's thread, with who has answered so far. */
export function buildQuestionPrompt(
  decision: Decision,
  question: Question,
  answers: readonly Answer[],
  customerProfile: string | null | undefined,
  quotes?: CustomerQuotes,
): unknown[] {
  const heading = `*Question ${question.number} of ${QUESTIONS.length}*`;
  if (decision.status === 'dismissed') {
    return [
      { type: 'section', text: { type: 'mrkdwn', text: `${heading}\n~${question.text}~` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Marked as not a decision: no answer needed.' }] },
    ];
  }
  const mine = answers.filter((a) => a.question === question.number);
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${heading}\n:chair: ${question.text}` } },
    ...customerContext(question, customerProfile, quotes),
  ];
  if (mine.length > 0) {
    const listed = mine.slice(-LISTED_ANSWERS).map(answerLine);
    if (mine.length > LISTED_ANSWERS) listed.unshift(`…and ${mine.length - LISTED_ANSWERS} earlier answers`);
    const summary = summarizeQuestion(question.number, mine);
    const text = `${summary ? `${summary}\n` : ''}${listed.join('\n')}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_MAX) } });
  }
  if (decision.status === 'open') {
    blocks.push({
      type: 'actions',
      block_id: `answer_${question.number}`,
      elements: [
        {
          type: 'button',
          action_id: ANSWER_QUESTION_ACTION,
          text: { type: 'plain_text', text: mine.length > 0 ? 'Add or change your answer' : 'Answer' },
          value: `${decision.id}:${question.number}`,
        },
      ],
    });
  }
  return blocks;
}
