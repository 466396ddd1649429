import {
  FEEDBACK_SENTIMENTS,
  FEEDBACK_SOURCES,
  type FeedbackSentiment,
  type FeedbackSource,
} from '../db/schema/shared.js';
import { charCount, truncate } from './characters.js';
import { CATEGORIES } from './questions.js';
import { isInvisible, storable } from './slackText.js';

export { FEEDBACK_SENTIMENTS, FEEDBACK_SOURCES, type FeedbackSentiment, type FeedbackSource };

/** The longest quote kept. */
export const FEEDBACK_TEXT_MAX = 3000;
/** Free tags besides the category: a few short words. */
export const FEEDBACK_TAGS_MAX = 5;
export const FEEDBACK_TAG_MAX = 30;
/** The reaction that saves a message as feedback unless a workspace sets its own. */
export const DEFAULT_FEEDBACK_EMOJI = 'ear';

export const SOURCE_LABELS: Record<FeedbackSource, string> = {
  support: 'Support',
  review: 'Review',
  survey: 'Survey',
  in_person: 'In person',
  social: 'Social media',
  other: 'Other',
};

export const SENTIMENT_LABELS: Record<FeedbackSentiment, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
};

export interface RawFeedback {
  text: string | null | undefined;
  source: string | null | undefined;
  sentiment: string | null | undefined;
  category: string | null | undefined;
  tags: string | null | undefined;
}

export interface ValidFeedback {
  text: string;
  source: FeedbackSource;
  sentiment: FeedbackSentiment;
  category: string | null;
  tags: string[];
}

export type FeedbackProblem =
  | { field: 'text'; problem: 'missing' | 'too-long' }
  | { field: 'source' | 'sentiment' | 'category'; problem: 'unknown' }
  | { field: 'tags'; problem: 'too-many' | 'too-long' };

const isSource = (value: string): value is FeedbackSource => (FEEDBACK_SOURCES as readonly string[]).includes(value);
const isSentiment = (value: string): value is FeedbackSentiment =>
  (FEEDBACK_SENTIMENTS as readonly string[]).includes(value);
export const isCategory = (value: string): boolean => CATEGORIES.some((c) => c.value === value);

/** Tags as typed, comma-separated: trimmed, lower-cased, without a leading #, each once. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((t) => t.trim().replace(/^#+/, '').replace(/\s+/g, ' ').toLowerCase())
    .filter((t) => t !== '' && !isInvisible(t));
  return [...new Set(tags)];
}

/** Checks feedback as a person gave it (form fields or command words); what to store, or what is wrong. */
export function validateFeedback(
  raw: RawFeedback,
): { ok: true; feedback: ValidFeedback } | { ok: false; problems: FeedbackProblem[] } {
  const problems: FeedbackProblem[] = [];
  const text = storable(raw.text ?? '').trim();
  if (isInvisible(text)) problems.push({ field: 'text', problem: 'missing' });
  else if (charCount(text) > FEEDBACK_TEXT_MAX) problems.push({ field: 'text', problem: 'too-long' });
  const source = raw.source ?? '';
  if (!isSource(source)) problems.push({ field: 'source', problem: 'unknown' });
  const sentiment = raw.sentiment ?? '';
  if (!isSentiment(sentiment)) problems.push({ field: 'sentiment', problem: 'unknown' });
  const category = raw.category || null;
  if (category !== null && !isCategory(category)) problems.push({ field: 'category', problem: 'unknown' });
  const tags = parseTags(storable(raw.tags ?? ''));
  if (tags.length > FEEDBACK_TAGS_MAX) problems.push({ field: 'tags', problem: 'too-many' });
  else if (tags.some((t) => charCount(t) > FEEDBACK_TAG_MAX)) problems.push({ field: 'tags', problem: 'too-long' });
  if (problems.length > 0 || !isSource(source) || !isSentiment(sentiment)) return { ok: false, problems };
  return { ok: true, feedback: { text, source, sentiment, category, tags } };
}

/** A message's words as the form starts with them: within the limit, cut between characters. */
export function quoteFromMessage(plainText: string): string {
  return truncate(plainText.trim(), FEEDBACK_TEXT_MAX);
}

/**
 * Reads `/decision feedback [source:S] [sentiment:S] [topic:T …] <quote>`: leading `key:value` words
 * set the details (a topic that is a decision category sets the category, any other is a tag), the rest
 * is the quote. Heard in person and neutral unless said otherwise.
 */
export function parseFeedbackCommand(text: string): RawFeedback {
  const raw: RawFeedback = { text: '', source: 'in_person', sentiment: 'neutral', category: null, tags: '' };
  const tags: string[] = [];
  let rest = text.trim();
  for (;;) {
    const option = /^(source|sentiment|topic|tag):(\S*)\s*/i.exec(rest);
    if (!option) break;
    const key = (option[1] ?? '').toLowerCase();
    const value = (option[2] ?? '').toLowerCase().replace(/-/g, '_');
    if (key === 'source') raw.source = value;
    else if (key === 'sentiment') raw.sentiment = value;
    else if (isCategory(value) && raw.category === null) raw.category = value;
    else tags.push((option[2] ?? '').toLowerCase());
    rest = rest.slice(option[0].length);
  }
  return { ...raw, text: rest, tags: tags.join(',') };
}

/** Slack's emoji names: lower-case letters, digits and - _ + ' (at most 100), typed with or without colons. */
export function parseEmojiName(text: string): string | undefined {
  const name = text.trim().replace(/^:/, '').replace(/:$/, '').toLowerCase();
  return /^[a-z0-9_+'-]{1,100}$/.test(name) ? name : undefined;
}
