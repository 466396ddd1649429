/** What both engines' schemas share: the values a column may hold. */
export const DECISION_STATUSES = ['open', 'confirmed', 'rejected', 'withdrawn', 'dismissed'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const DECISION_SOURCES = ['command', 'message', 'reaction', 'shortcut'] as const;
export type DecisionSource = (typeof DECISION_SOURCES)[number];

export const DIGEST_RUN_STATUSES = ['claimed', 'posted', 'failed'] as const;

export const OUTBOX_STATUSES = ['pending', 'done', 'failed'] as const;

/** Where a piece of customer feedback was heard. */
export const FEEDBACK_SOURCES = ['support', 'review', 'survey', 'in_person', 'social', 'other'] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];

export const FEEDBACK_SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type FeedbackSentiment = (typeof FEEDBACK_SENTIMENTS)[number];

/** A briefing row: a person told by direct message, a member of a channel told by one post there, or that post. */
export const BRIEFING_KINDS = ['dm', 'member', 'post'] as const;
export type BriefingKind = (typeof BRIEFING_KINDS)[number];

/** A stage of the customer's path as a workspace names it (see decisions/customerPath.ts). */
export interface PathStage {
  name: string;
  hint: string;
}
