import type { types } from '@slack/bolt';
import type { Answer } from '../db/answersRepo.js';
import type { Decision } from '../db/decisionsRepo.js';
import type { Feedback } from '../db/feedbackRepo.js';
import { feedbackLine } from './feedback.js';
import { ANSWER_CHOICES } from '../decisions/answerChoices.js';
import { z } from 'zod';
import {
  ANSWER_TEXT_MAX,
  type AnswerProblem,
  CUSTOMER_PROFILE_MAX,
  type RawAnswer,
  validateAnswers,
} from '../decisions/answerForm.js';
import { QUESTIONS } from '../decisions/questions.js';
import { CUSTOMER_PROFILE_BLOCK } from './customerProfileModal.js';
import { truncate, userText } from './text.js';

export const ANSWER_CALLBACK = 'answer_questions';

/** Block ids of the answer modal's inputs for one question. */
export const answerBlocks = (question: number) => ({ choice: `q${question}_choice`, text: `q${question}_text` });

/** The checkboxes an answer to question 2 cites customer feedback with; each option's value is the item's id. */
export const CITATIONS_BLOCK = 'q2_cites';
export const CITATIONS_INVALID = 'Pick customer quotes from the list shown.';

/** Checkbox option text is plain text of at most 75 characters. */
const OPTION_TEXT_MAX = 75;

/** The customer feedback related to the decision, shown above the questions it helps answer. */
function feedbackBlocks(feedback: readonly Feedback[], teamUrl: string | undefined): unknown[] {
  if (feedback.length === 0) return [];
  const lines = feedback.map((item) => `• ${feedbackLine(item, teamUrl, 400)}`);
  return [
    { type: 'divider' },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*What customers told us*\n${lines.join('\n')}`, 3000) },
    },
  ];
}

function citationInput(feedback: readonly Feedback[], cited: readonly number[]): unknown[] {
  if (feedback.length === 0) return [];
  const option = (item: Feedback) => ({
    text: { type: 'plain_text', text: truncate(`“${item.text.replace(/\s+/g, ' ')}”`, OPTION_TEXT_MAX) },
    value: String(item.id),
  });
  const ticked = feedback.filter((item) => cited.includes(item.id)).map(option);
  return [
    {
      type: 'input',
      block_id: CITATIONS_BLOCK,
      optional: true,
      label: { type: 'plain_text', text: 'Which customer quotes ground your answer?' },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: feedback.map(option),
        ...(ticked.length > 0 ? { initial_options: ticked } : {}),
      },
    },
  ];
}

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

/** Checks the submitted answers: what to store, or the errors to show on their fields. */
export function checkAnswerForm(raw: readonly RawAnswer[]) {
  const checked = validateAnswers(raw);
  return checked.ok ? checked : { ok: false as const, errors: answerErrors(checked.problems) };
}

/** The answer form's errors, on the blocks they belong to, as `response_action: "errors"` wants them. */
export function answerErrors(problems: readonly AnswerProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { question, field, problem } of problems) {
    const block = answerBlocks(question)[field];
    if (field === 'choice') errors[block] = 'Pick one of the options.';
    else if (problem === 'missing') errors[block] = 'Write what our typical customer would say.';
    else errors[block] = `Keep this to ${ANSWER_TEXT_MAX} characters or fewer.`;
  }
  return errors;
}

const CHOICE_LABELS: Record<1 | 2 | 3, string> = {
  1: 'Does it fit what our customer values?',
  2: 'How would they react?',
  3: 'What drives this change?',
};
const TEXT_LABELS: Record<1 | 2 | 3, string> = {
  1: 'Why?',
  2: 'What would our typical customer say?',
  3: 'Explain',
};

function option(choice: { value: string; label: string }) {
  return { text: { type: 'plain_text', text: choice.label }, value: choice.value };
}

function questionInputs(question: 1 | 2 | 3, previous: Answer | undefined): unknown[] {
  const blocks = answerBlocks(question);
  const choices = ANSWER_CHOICES[question];
  const chosen = choices.find((c) => c.value === previous?.choice);
  const q = QUESTIONS[question - 1];
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*${question}. ${q?.text ?? ''}*` } },
    {
      type: 'input',
      block_id: blocks.choice,
      label: { type: 'plain_text', text: CHOICE_LABELS[question] },
      element: {
        type: 'radio_buttons',
        action_id: 'value',
        options: choices.map(option),
        ...(chosen ? { initial_option: option(chosen) } : {}),
      },
    },
    {
      type: 'input',
      block_id: blocks.text,
      optional: question !== 2,
      label: { type: 'plain_text', text: TEXT_LABELS[question] },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        multiline: true,
        max_length: ANSWER_TEXT_MAX,
        ...(previous?.text ? { initial_value: previous.text } : {}),
      },
    },
  ];
}

/** The modal to answer one question (from its prompt) or all three (from the card). */
export function buildAnswerModal(input: {
  decision: Decision;
  questions: readonly (1 | 2 | 3)[];
  previous: readonly Answer[];
  customerProfile: string | null | undefined;
  /** Customer feedback related to the decision, shown (and citable) when question 1 or 2 is asked. */
  feedback?: readonly Feedback[];
  /** The items the person's current answer to question 2 cites, ticked again. */
  cited?: readonly number[];
  teamUrl?: string;
}) {
  const feedback = input.feedback ?? [];
  const metadata: AnswerMetadata = { decisionId: input.decision.id, questions: [...input.questions] };
  const intro = input.customerProfile
    ? `*${userText(input.decision.title, 200)}*\nAnswer for the customer who is not in the room. *Our typical customer:* ${userText(input.customerProfile, 2000)}`
    : `*${userText(input.decision.title, 200)}*\nAnswer for the customer who is not in the room.`;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: truncate(intro, 3000) } }];
  const aboutTheCustomer = input.questions.some((q) => q !== 3);
  if (aboutTheCustomer) blocks.push(...feedbackBlocks(feedback, input.teamUrl));
  for (const question of input.questions) {
    blocks.push(
      { type: 'divider' },
      ...questionInputs(
        question,
        input.previous.find((a) => a.question === question),
      ),
    );
    if (question === 2) blocks.push(...citationInput(feedback, input.cited ?? []));
  }
  if (!input.customerProfile) {
    blocks.push(
      { type: 'divider' },
      {
        type: 'input',
        block_id: CUSTOMER_PROFILE_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Describe our typical customer' },
        hint: {
          type: 'plain_text',
          text: 'Who they are and what they value. Saved for the whole workspace and shown beside questions 1 and 2.',
        },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: CUSTOMER_PROFILE_MAX },
      },
    );
  }
  return {
    type: 'modal' as const,
    callback_id: ANSWER_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text' as const, text: 'Answer for the customer' },
    submit: { type: 'plain_text' as const, text: 'Save answer' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    // Built from plain objects for readability; the shapes follow Slack's Block Kit reference.
    blocks: blocks as types.KnownBlock[],
  };
}
