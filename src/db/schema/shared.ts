/** What both engines' schemas share: the values a column may hold. */
export const DECISION_STATUSES = ['open', 'confirmed', 'rejected', 'withdrawn', 'dismissed'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const DECISION_SOURCES = ['command', 'message', 'reaction', 'shortcut'] as const;
export type DecisionSource = (typeof DECISION_SOURCES)[number];

export const DIGEST_RUN_STATUSES = ['claimed', 'posted', 'failed'] as const;

export const OUTBOX_STATUSES = ['pending', 'done', 'failed'] as const;

/** How a team expects customers to react to a decision it confirms, and how they did react. */
export const EXPECTED_REACTIONS = ['welcome', 'unnoticed', 'pushback'] as const;
export type ExpectedReaction = (typeof EXPECTED_REACTIONS)[number];
export const ACTUAL_REACTIONS = ['welcomed', 'unnoticed', 'pushed_back'] as const;
export type ActualReaction = (typeof ACTUAL_REACTIONS)[number];
/** Would the team decide the same again, knowing how customers reacted? */
export const DECIDE_AGAIN = ['yes', 'with_changes', 'no'] as const;
export type DecideAgain = (typeof DECIDE_AGAIN)[number];
