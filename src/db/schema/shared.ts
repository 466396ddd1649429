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

/** How a team expects customers to react to a decision it confirms, and how they did react. */
export const EXPECTED_REACTIONS = ['welcome', 'unnoticed', 'pushback'] as const;
export type ExpectedReaction = (typeof EXPECTED_REACTIONS)[number];
export const ACTUAL_REACTIONS = ['welcomed', 'unnoticed', 'pushed_back'] as const;
export type ActualReaction = (typeof ACTUAL_REACTIONS)[number];
/** Would the team decide the same again, knowing how customers reacted? */
export const DECIDE_AGAIN = ['yes', 'with_changes', 'no'] as const;
export type DecideAgain = (typeof DECIDE_AGAIN)[number];
