import type { types } from '@slack/bolt';
import type { Feedback } from '../db/feedbackRepo.js';
import {
  FEEDBACK_SENTIMENTS,
  FEEDBACK_SOURCES,
  FEEDBACK_TAG_MAX,
  FEEDBACK_TAGS_MAX,
  FEEDBACK_TEXT_MAX,
  type FeedbackProblem,
  type RawFeedback,
  SENTIMENT_LABELS,
  SOURCE_LABELS,
  validateFeedback,
} from '../decisions/feedbackForm.js';
import { CATEGORIES, categoryLabel } from '../decisions/questions.js';
import { z } from 'zod';
import { permalink, truncate, userText } from './text.js';

export const SAVE_FEEDBACK_CALLBACK = 'save_feedback';
export const REMOVE_FEEDBACK_CALLBACK = 'remove_feedback';
/** The Home list's "Delete" button; its value is the item's id. */
export const REMOVE_FEEDBACK_ACTION = 'remove_feedback';

export const FEEDBACK_BLOCKS = {
  text: 'feedback_text',
  source: 'feedback_source',
  sentiment: 'feedback_sentiment',
  category: 'feedback_category',
  tags: 'feedback_tags',
} as const;

/** The message a feedback form saves, carried between opening and submission and checked again. */
export const feedbackMetadataSchema = z.object({
  channelId: z.string().regex(/^[CGD][A-Z0-9]{1,30}$/),
  messageTs: z.string().regex(/^\d{1,12}\.\d{1,9}$/),
  threadTs: z
    .string()
    .regex(/^\d{1,12}\.\d{1,9}$/)
    .optional(),
});
export type FeedbackMetadata = z.infer<typeof feedbackMetadataSchema>;

export const removeFeedbackMetadataSchema = z.object({ feedbackId: z.number().int().positive() });

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (value: string, label: string) => ({ text: plain(label), value });

/** The feedback form's errors, on the inputs they belong to. */
export function feedbackErrors(problems: readonly FeedbackProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, problem } of problems) {
    const block = FEEDBACK_BLOCKS[field];
    if (field === 'text')
      errors[block] =
        problem === 'missing'
          ? "Write the customer's words."
          : `Keep the quote to ${FEEDBACK_TEXT_MAX} characters or fewer.`;
    else if (field === 'tags')
      errors[block] =
        problem === 'too-many'
          ? `Use at most ${FEEDBACK_TAGS_MAX} tags.`
          : `Keep each tag to ${FEEDBACK_TAG_MAX} characters or fewer.`;
    else errors[block] = 'Pick one of the options.';
  }
  return errors;
}

/** Checks the submitted form: what to store, or the errors to show on its fields. */
export function checkFeedbackForm(raw: RawFeedback) {
  const checked = validateFeedback(raw);
  return checked.ok ? checked : { ok: false as const, errors: feedbackErrors(checked.problems) };
}

/** "Save as customer feedback": the message's words (editable) and where they came from. */
export function buildFeedbackModal(quote: string, metadata: FeedbackMetadata) {
  const select = (blockId: string, label: string, options: { text: ReturnType<typeof plain>; value: string }[]) => ({
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element: { type: 'static_select', action_id: 'value', options },
  });
  return {
    type: 'modal' as const,
    callback_id: SAVE_FEEDBACK_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plain('Customer feedback'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: FEEDBACK_BLOCKS.text,
        label: plain("The customer's words"),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: FEEDBACK_TEXT_MAX,
          ...(quote ? { initial_value: quote } : {}),
        },
      },
      select(
        FEEDBACK_BLOCKS.source,
        'Where did it come from?',
        FEEDBACK_SOURCES.map((s) => option(s, SOURCE_LABELS[s])),
      ),
      select(
        FEEDBACK_BLOCKS.sentiment,
        'Sentiment',
        FEEDBACK_SENTIMENTS.map((s) => option(s, SENTIMENT_LABELS[s])),
      ),
      {
        ...select(
          FEEDBACK_BLOCKS.category,
          'Topic',
          CATEGORIES.map((c) => option(c.value, c.label)),
        ),
        optional: true,
      },
      {
        type: 'input',
        block_id: FEEDBACK_BLOCKS.tags,
        optional: true,
        label: plain('Tags'),
        hint: plain('A few words, separated by commas, e.g. delivery, opening hours.'),
        element: { type: 'plain_text_input', action_id: 'value', max_length: 200 },
      },
    ] as types.KnownBlock[],
  };
}

/** Where it came from, how it felt and what it is about, in one line. */
function details(item: Feedback): string {
  const parts = [SOURCE_LABELS[item.source], SENTIMENT_LABELS[item.sentiment]];
  if (item.category) parts.push(categoryLabel(item.category));
  parts.push(...item.tags.map((t) => `#${userText(t, 40)}`));
  return parts.join(' · ');
}

/** A link to the message it was saved from, when it was saved from one. */
function sourceLink(item: Feedback, teamUrl: string | undefined): string | undefined {
  if (!teamUrl || !item.channelId || !item.messageTs) return undefined;
  return permalink(teamUrl, item.channelId, item.messageTs, item.threadTs ?? undefined);
}

/** One item as a line of mrkdwn: the quote (escaped once, cut to `max`), its details and its message. */
export function feedbackLine(item: Feedback, teamUrl: string | undefined, max = 300): string {
  const link = sourceLink(item, teamUrl);
  return `“${userText(item.text, max)}” _${details(item)}_${link ? ` · <${link}|message>` : ''}`;
}

/** `/decision feedback` alone: the latest items this person may see. */
export function feedbackListText(items: readonly Feedback[], teamUrl: string | undefined): string {
  if (items.length === 0)
    return 'No customer feedback saved yet: react with the feedback emoji, use *Save as customer feedback* on a message, or run `/decision feedback <what they said>`.';
  return truncate(
    `*Latest customer feedback*\n${items.map((i) => `• ${feedbackLine(i, teamUrl, 200)}`).join('\n')}`,
    3000,
  );
}

/** The shortcut on a message already saved: what was saved and, for who may, a way to delete it. */
export function buildRemoveFeedbackModal(item: Feedback, teamUrl: string | undefined) {
  return {
    type: 'modal' as const,
    callback_id: REMOVE_FEEDBACK_CALLBACK,
    private_metadata: JSON.stringify({ feedbackId: item.id }),
    title: plain('Customer feedback'),
    submit: plain('Delete it'),
    close: plain('Keep it'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `This message is saved as customer feedback by <@${item.savedBy}>:\n${feedbackLine(item, teamUrl, 2500)}`,
            3000,
          ),
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Deleting it removes its words from Empty Chair for good.' }],
      },
    ] as types.KnownBlock[],
  };
}
