import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  ACTUAL_REACTIONS,
  BRIEFING_KINDS,
  DECIDE_AGAIN,
  DECISION_SOURCES,
  DECISION_STATUSES,
  DIGEST_RUN_STATUSES,
  EXPECTED_REACTIONS,
  FEEDBACK_SENTIMENTS,
  FEEDBACK_SOURCES,
  OUTBOX_STATUSES,
  type PathStage,
} from './shared.js';

/**
 * Milliseconds since the epoch. The app writes every timestamp from its injected clock; SQLite's default
 * is only a safety net.
 */
const timestampNow = (name: string) =>
  integer(name, { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`);

export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    enterpriseId: text('enterprise_id'),
    channelId: text('channel_id').notNull(),
    /** Whether the channel is private; null until known. Digests elsewhere show private decisions as counts only. */
    channelIsPrivate: integer('channel_is_private', { mode: 'boolean' }),
    /** The message the decision lives on: the person's message for intercepted ones, the bot's card otherwise. */
    messageTs: text('message_ts'),
    /** The thread the questions go to: the message's own, or its parent's when it is a reply. */
    threadTs: text('thread_ts'),
    /** The bot's decision card, once posted (for intercepted messages it is a reply in the thread). */
    cardTs: text('card_ts'),
    source: text('source', { enum: DECISION_SOURCES }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    category: text('category'),
    decideBy: text('decide_by'),
    proposerId: text('proposer_id').notNull(),
    status: text('status', { enum: DECISION_STATUSES }).notNull().default('open'),
    /** When posting the card and prompts last began; a later attempt first looks for what landed. */
    postAttemptedAt: integer('post_attempted_at', { mode: 'timestamp_ms' }),
    /** One process posts a decision at a time: it claims it until then (a claim of a dead process expires). */
    postClaimedUntil: integer('post_claimed_until', { mode: 'timestamp_ms' }),
    /** Set once the card and the three prompts are all in Slack. */
    postedAt: integer('posted_at', { mode: 'timestamp_ms' }),
    /** Why the last attempt to post failed (a Slack error code); cleared when posting succeeds. */
    postError: text('post_error'),
    nudgedAt: integer('nudged_at', { mode: 'timestamp_ms' }),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    /** When the customer will notice the change (YYYY-MM-DD), if the team knows; the briefing says so. */
    goLive: text('go_live'),
    /** How many times it was confirmed: each confirmation is a briefing round of its own. */
    confirmations: integer('confirmations').notNull().default(0),
    /** The last round whose people to brief were worked out and stored. */
    briefedRound: integer('briefed_round').notNull().default(0),
    /** The last round the confirmer agreed to send to a very large audience. */
    briefingApprovedRound: integer('briefing_approved_round').notNull().default(0),
    createdAt: timestampNow('created_at'),
  },
  (t) => [
    uniqueIndex('decisions_team_channel_message_uq').on(t.teamId, t.channelId, t.messageTs),
    index('decisions_team_channel_thread_idx').on(t.teamId, t.channelId, t.threadTs),
    index('decisions_team_status_created_idx').on(t.teamId, t.status, t.createdAt),
    index('decisions_team_created_idx').on(t.teamId, t.createdAt),
    index('decisions_team_proposer_idx').on(t.teamId, t.proposerId, t.status),
  ],
);

/** The bot's prompt messages in a decision's thread, one per question. */
export const prompts = sqliteTable(
  'prompts',
  {
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    question: integer('question').notNull(),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    createdAt: timestampNow('created_at'),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.question] })],
);

/**
 * Every answer ever given. A person's newer answer to the same question supersedes the older one,
 * which stays as history.
 */
export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    question: integer('question').notNull(),
    userId: text('user_id').notNull(),
    choice: text('choice'),
    text: text('text'),
    supersededAt: integer('superseded_at', { mode: 'timestamp_ms' }),
    createdAt: timestampNow('created_at'),
  },
  (t) => [
    uniqueIndex('answers_current_uq')
      .on(t.decisionId, t.question, t.userId)
      .where(sql`${t.supersededAt} is null`),
    index('answers_team_decision_idx').on(t.teamId, t.decisionId),
  ],
);

/** The audit trail of status changes. */
export const statusChanges = sqliteTable(
  'status_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: DECISION_STATUSES }),
    toStatus: text('to_status', { enum: DECISION_STATUSES }).notNull(),
    userId: text('user_id').notNull(),
    note: text('note'),
    createdAt: timestampNow('created_at'),
  },
  (t) => [index('status_changes_decision_idx').on(t.decisionId)],
);

/** Replies people write by hand in a decision's thread. */
export const discussion = sqliteTable(
  'discussion',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    userId: text('user_id').notNull(),
    text: text('text').notNull(),
    createdAt: timestampNow('created_at'),
  },
  (t) => [uniqueIndex('discussion_team_channel_ts_uq').on(t.teamId, t.channelId, t.ts)],
);

/** Slack event ids already handled, so retried deliveries are ignored. */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    teamId: text('team_id').notNull(),
    eventId: text('event_id').notNull(),
    createdAt: timestampNow('created_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.eventId] }), index('processed_events_created_idx').on(t.createdAt)],
);

/** One row per scheduled digest slot, claimed before posting so each slot is posted once. */
export const digestRuns = sqliteTable(
  'digest_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    channelId: text('channel_id').notNull(),
    slot: text('slot').notNull(),
    status: text('status', { enum: DIGEST_RUN_STATUSES }).notNull(),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    messageTs: text('message_ts'),
    lastError: text('last_error'),
    postedAt: integer('posted_at', { mode: 'timestamp_ms' }),
    createdAt: timestampNow('created_at'),
  },
  (t) => [uniqueIndex('digest_runs_slot_uq').on(t.teamId, t.channelId, t.slot)],
);

/** Per-workspace settings. JSON columns hold short lists (triggers, approvers). */
export const teamSettings = sqliteTable('team_settings', {
  teamId: text('team_id').primaryKey(),
  enterpriseId: text('enterprise_id'),
  triggers: text('triggers', { mode: 'json' }).$type<string[]>(),
  approvers: text('approvers', { mode: 'json' }).$type<string[]>(),
  requiredAnswers: integer('required_answers').notNull().default(1),
  digestChannel: text('digest_channel'),
  /** `/decision digest schedule`: a cron pattern and an IANA zone; null for DIGEST_CRON/DIGEST_TIMEZONE. */
  digestCron: text('digest_cron'),
  digestTimezone: text('digest_timezone'),
  /** When the schedule was last set: its slots before then are never caught up on. */
  digestScheduledAt: integer('digest_scheduled_at', { mode: 'timestamp_ms' }),
  customerProfile: text('customer_profile'),
  customerProfileBy: text('customer_profile_by'),
  /** The reaction that saves a message as customer feedback; null is the default (:ear:). */
  feedbackEmoji: text('feedback_emoji'),
  /** The stages of the customer's path, when the workspace renamed or added some. */
  pathStages: text('path_stages', { mode: 'json' }).$type<PathStage[]>(),
  updatedAt: timestampNow('updated_at'),
});

/** Per-channel settings; a channel without a row is watched. */
export const channelSettings = sqliteTable(
  'channel_settings',
  {
    teamId: text('team_id').notNull(),
    channelId: text('channel_id').notNull(),
    watching: integer('watching', { mode: 'boolean' }).notNull().default(true),
    updatedBy: text('updated_by'),
    updatedAt: timestampNow('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.channelId] })],
);

/** Slack calls that could not be made yet, retried with backoff until they succeed or fail for good. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    kind: text('kind').notNull(),
    /** One pending job per key, so a retried action never queues the same post twice. */
    dedupeKey: text('dedupe_key').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    /** The process running the job holds it until then (a claim of a dead process expires). */
    claimedUntil: integer('claimed_until', { mode: 'timestamp_ms' }),
    lastError: text('last_error'),
    createdAt: timestampNow('created_at'),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_uq').on(t.teamId, t.dedupeKey),
    index('outbox_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * The customer reaction a team predicted when it confirmed a decision, when to check it, and what
 * really happened. One row per decision; a confirmation that skipped the review has `skipped` set.
 */
export const predictions = sqliteTable(
  'predictions',
  {
    decisionId: integer('decision_id')
      .primaryKey()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    skipped: integer('skipped', { mode: 'boolean' }).notNull().default(false),
    expectedReaction: text('expected_reaction', { enum: EXPECTED_REACTIONS }),
    /** How sure the team was, in percent (50 to 95). */
    confidence: integer('confidence'),
    /** What will tell the team how customers reacted, in their words. */
    signal: text('signal'),
    afterDays: integer('after_days'),
    /** When to ask how customers reacted; moves 30 days on with each "too early to tell". */
    dueAt: integer('due_at', { mode: 'timestamp_ms' }),
    /** Set when the review for the current due date was queued: at most once per due date. */
    askedAt: integer('asked_at', { mode: 'timestamp_ms' }),
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    tooEarlyCount: integer('too_early_count').notNull().default(0),
    actualReaction: text('actual_reaction', { enum: ACTUAL_REACTIONS }),
    evidence: text('evidence'),
    decideAgain: text('decide_again', { enum: DECIDE_AGAIN }),
    recordedBy: text('recorded_by'),
    recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }),
    predictedBy: text('predicted_by').notNull(),
    createdAt: timestampNow('created_at'),
  },
  (t) => [index('predictions_team_due_idx').on(t.teamId, t.dueAt)],
);

/** A decision that revisits (supersedes) an earlier one: "Revisits #12" on it, "Revisited by #31" on the other. */
export const decisionLinks = sqliteTable(
  'decision_links',
  {
    decisionId: integer('decision_id')
      .primaryKey()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    revisitsId: integer('revisits_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    createdBy: text('created_by').notNull(),
    createdAt: timestampNow('created_at'),
  },
  (t) => [index('decision_links_team_revisits_idx').on(t.teamId, t.revisitsId)],
);

/** One row the health check rewrites, so `/healthz` proves the database takes writes (not full, read-only or locked). */
export const healthProbe = sqliteTable('health_probe', {
  id: integer('id').primaryKey(),
  checkedAt: integer('checked_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * The app's installations in distributed mode (OAuth), one per workspace, or one per Enterprise Grid org for
 * an org-wide install: keyed by the org's id (E…) then, by the workspace's (T…) otherwise. Installing again
 * replaces the row; uninstalling deletes it (the workspace's decisions stay).
 */
export const installations = sqliteTable('installations', {
  /** The enterprise id of an org-wide install, the team id otherwise. */
  installKey: text('install_key').primaryKey(),
  /** Null for an org-wide install, which serves every workspace of the org it was added to. */
  teamId: text('team_id'),
  teamName: text('team_name'),
  enterpriseId: text('enterprise_id'),
  enterpriseName: text('enterprise_name'),
  isEnterpriseInstall: integer('is_enterprise_install', { mode: 'boolean' }).notNull(),
  /** The workspace's (or the org's) address, from auth.test, for links to threads. */
  url: text('url'),
  appId: text('app_id'),
  botToken: text('bot_token').notNull(),
  botId: text('bot_id').notNull(),
  botUserId: text('bot_user_id').notNull(),
  /** Comma-separated, as Slack lists them. */
  botScopes: text('bot_scopes').notNull(),
  /** With token rotation on: what renews the bot token, and when the bot token runs out. */
  botRefreshToken: text('bot_refresh_token'),
  botTokenExpiresAt: integer('bot_token_expires_at', { mode: 'timestamp_ms' }),
  installerUserId: text('installer_user_id'),
  installedAt: integer('installed_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * What customers said, saved from Slack: a message (by the shortcut or a reaction) or words typed with
 * `/decision feedback`. Removing a row removes its words everywhere, the full-text index included (its
 * triggers are in the custom migration feedback_fts).
 */
export const feedback = sqliteTable(
  'feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    enterpriseId: text('enterprise_id'),
    /** The channel of the message it was saved from; null when typed with the command. */
    channelId: text('channel_id'),
    /** Whether that channel is private; null until known, which counts as private. */
    channelIsPrivate: integer('channel_is_private', { mode: 'boolean' }),
    messageTs: text('message_ts'),
    threadTs: text('thread_ts'),
    text: text('text').notNull(),
    source: text('source', { enum: FEEDBACK_SOURCES }).notNull(),
    sentiment: text('sentiment', { enum: FEEDBACK_SENTIMENTS }).notNull(),
    /** One of the decision categories, or null. */
    category: text('category'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
    savedBy: text('saved_by').notNull(),
    createdAt: timestampNow('created_at'),
  },
  (t) => [
    uniqueIndex('feedback_team_channel_message_uq').on(t.teamId, t.channelId, t.messageTs),
    index('feedback_team_created_idx').on(t.teamId, t.createdAt),
    index('feedback_team_category_idx').on(t.teamId, t.category, t.createdAt),
  ],
);

/** The feedback an answer to question 2 cites as its grounds. */
export const feedbackCitations = sqliteTable(
  'feedback_citations',
  {
    teamId: text('team_id').notNull(),
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    feedbackId: integer('feedback_id')
      .notNull()
      .references(() => feedback.id, { onDelete: 'cascade' }),
    createdAt: timestampNow('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.answerId, t.feedbackId] }),
    index('feedback_citations_feedback_idx').on(t.feedbackId),
  ],
);

/** Where a decision changes the customer's path: one row per touched stage, with who must know. */
export const touchpoints = sqliteTable(
  'touchpoints',
  {
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    /** The stage's name when it was mapped; a later rename of the workspace's stages leaves it as it was. */
    stage: text('stage').notNull(),
    position: integer('position').notNull(),
    note: text('note'),
    users: text('users', { mode: 'json' }).$type<string[]>().notNull(),
    usergroups: text('usergroups', { mode: 'json' }).$type<string[]>().notNull(),
    channels: text('channels', { mode: 'json' }).$type<string[]>().notNull(),
    /** Why nobody needs to be told, instead of an audience. */
    nobodyReason: text('nobody_reason'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestampNow('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.stage] }),
    index('touchpoints_team_decision_idx').on(t.teamId, t.decisionId),
  ],
);

/**
 * The front line's briefings, one row per person per confirmation (round), plus one per channel post.
 * Stored before anything is sent; the outbox sends each once.
 */
export const briefings = sqliteTable(
  'briefings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    /** A person (dm, member) or the audience channel (post). */
    recipient: text('recipient').notNull(),
    kind: text('kind', { enum: BRIEFING_KINDS }).notNull(),
    /** The audience channel of a member or a post. */
    channelId: text('channel_id'),
    stages: text('stages', { mode: 'json' }).$type<string[]>().notNull(),
    /** Where the briefing (a DM or the channel post) landed. */
    messageChannel: text('message_channel'),
    messageTs: text('message_ts'),
    /** When sending began; a later attempt first looks for what landed. */
    attemptedAt: integer('attempted_at', { mode: 'timestamp_ms' }),
    ackedAt: integer('acked_at', { mode: 'timestamp_ms' }),
    /** When its reminder was queued (once per row). */
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    reminderTs: text('reminder_ts'),
    reminderAttemptedAt: integer('reminder_attempted_at', { mode: 'timestamp_ms' }),
    createdAt: timestampNow('created_at'),
  },
  (t) => [
    uniqueIndex('briefings_decision_round_recipient_uq').on(t.decisionId, t.round, t.recipient),
    index('briefings_team_recipient_idx').on(t.teamId, t.recipient),
  ],
);
