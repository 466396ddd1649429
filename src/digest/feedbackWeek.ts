import type { CitedFeedback } from '../db/feedbackRepo.js';
import { FEEDBACK_SENTIMENTS, type FeedbackSentiment } from '../db/schema/shared.js';
import { categoryLabel } from '../decisions/questions.js';

/** How many quotes a digest shows. */
export const DIGEST_QUOTES = 3;

export interface FeedbackWeek {
  total: number;
  bySentiment: Record<FeedbackSentiment, number>;
  /** Topics (categories by label, tags as #tag) with how many items name them, most named first. */
  byTopic: { topic: string; count: number }[];
  /** The most cited items (the most recent among equals) that may be quoted where the digest goes. */
  quotes: CitedFeedback[];
  /** Items saved in private channels other than the digest's: counted, never quoted. */
  privateCount: number;
}

/**
 * Whether an item may be quoted in a digest read in `channelId`: typed with the command, saved in a
 * channel known to be public, or saved in that very channel.
 */
export function isQuotableIn(item: CitedFeedback, channelId: string | undefined): boolean {
  return item.channelId === null || item.channelIsPrivate === false || item.channelId === channelId;
}

/** The week's feedback as the digest tells it: counts of every item, quotes only of those it may show. */
export function summarizeFeedbackWeek(items: readonly CitedFeedback[], channelId: string | undefined): FeedbackWeek {
  const bySentiment = Object.fromEntries(FEEDBACK_SENTIMENTS.map((s) => [s, 0])) as Record<FeedbackSentiment, number>;
  const topics = new Map<string, number>();
  for (const item of items) {
    bySentiment[item.sentiment] += 1;
    const named = [...(item.category ? [categoryLabel(item.category)] : []), ...item.tags.map((t) => `#${t}`)];
    for (const topic of new Set(named)) topics.set(topic, (topics.get(topic) ?? 0) + 1);
  }
  const quotable = items.filter((item) => isQuotableIn(item, channelId));
  const quotes = [...quotable]
    .sort((a, b) => b.citations - a.citations || b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
    .slice(0, DIGEST_QUOTES);
  return {
    total: items.length,
    bySentiment,
    byTopic: [...topics]
      .map(([topic, count]) => ({ topic, count }))
      .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic)),
    quotes,
    privateCount: items.length - quotable.length,
  };
}
