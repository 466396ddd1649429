import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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

/*
 * The same tables as schema/sqlite.ts, column for column, with PostgreSQL's types: timestamps with time
 * zone to the millisecond, booleans, jsonb. Both map to the same JavaScript values, so the repositories
 * are written once.
 */

/** A moment, to the millisecond, read and written as a Date. */
const moment = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

/** The app writes every timestamp from its injected clock; the default is only a safety net. */
const momentNow = (name: string) => moment(name).notNull().defaultNow();

/** Ids by default from a sequence, but explicit ones are accepted (db:copy keeps a SQLite database's ids). */
const id = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

export const decisions = pgTable(
  'decisions',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    enterpriseId: text('enterprise_id'),
    channelId: text('channel_id').notNull(),
    channelIsPrivate: boolean('channel_is_private'),
    messageTs: text('message_ts'),
    threadTs: text('thread_ts'),
    cardTs: text('card_ts'),
    source: text('source', { enum: DECISION_SOURCES }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    category: text('category'),
    decideBy: text('decide_by'),
    proposerId: text('proposer_id').notNull(),
    status: text('status', { enum: DECISION_STATUSES }).notNull().default('open'),
    postAttemptedAt: moment('post_attempted_at'),
    postClaimedUntil: moment('post_claimed_until'),
    postedAt: moment('posted_at'),
    postError: text('post_error'),
    nudgedAt: moment('nudged_at'),
    decidedBy: text('decided_by'),
    decidedAt: moment('decided_at'),
    goLive: text('go_live'),
    confirmations: integer('confirmations').notNull().default(0),
    briefedRound: integer('briefed_round').notNull().default(0),
    briefingApprovedRound: integer('briefing_approved_round').notNull().default(0),
    createdAt: momentNow('created_at'),
  },
  (t) => [
    uniqueIndex('decisions_team_channel_message_uq').on(t.teamId, t.channelId, t.messageTs),
    index('decisions_team_channel_thread_idx').on(t.teamId, t.channelId, t.threadTs),
    index('decisions_team_status_created_idx').on(t.teamId, t.status, t.createdAt),
    index('decisions_team_created_idx').on(t.teamId, t.createdAt),
    index('decisions_team_proposer_idx').on(t.teamId, t.proposerId, t.status),
  ],
);

export const prompts = pgTable(
  'prompts',
  {
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    question: integer('question').notNull(),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    createdAt: momentNow('created_at'),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.question] })],
);

export const answers = pgTable(
  'answers',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    question: integer('question').notNull(),
    userId: text('user_id').notNull(),
    choice: text('choice'),
    text: text('text'),
    supersededAt: moment('superseded_at'),
    createdAt: momentNow('created_at'),
  },
  (t) => [
    uniqueIndex('answers_current_uq')
      .on(t.decisionId, t.question, t.userId)
      .where(sql`superseded_at is null`),
    index('answers_team_decision_idx').on(t.teamId, t.decisionId),
  ],
);

export const statusChanges = pgTable(
  'status_changes',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: DECISION_STATUSES }),
    toStatus: text('to_status', { enum: DECISION_STATUSES }).notNull(),
    userId: text('user_id').notNull(),
    note: text('note'),
    createdAt: momentNow('created_at'),
  },
  (t) => [index('status_changes_decision_idx').on(t.decisionId)],
);

export const discussion = pgTable(
  'discussion',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    ts: text('ts').notNull(),
    userId: text('user_id').notNull(),
    text: text('text').notNull(),
    createdAt: momentNow('created_at'),
  },
  (t) => [uniqueIndex('discussion_team_channel_ts_uq').on(t.teamId, t.channelId, t.ts)],
);

export const processedEvents = pgTable(
  'processed_events',
  {
    teamId: text('team_id').notNull(),
    eventId: text('event_id').notNull(),
    createdAt: momentNow('created_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.eventId] }), index('processed_events_created_idx').on(t.createdAt)],
);

export const digestRuns = pgTable(
  'digest_runs',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    channelId: text('channel_id').notNull(),
    slot: text('slot').notNull(),
    status: text('status', { enum: DIGEST_RUN_STATUSES }).notNull(),
    late: boolean('late').notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    messageTs: text('message_ts'),
    lastError: text('last_error'),
    postedAt: moment('posted_at'),
    createdAt: momentNow('created_at'),
  },
  (t) => [uniqueIndex('digest_runs_slot_uq').on(t.teamId, t.channelId, t.slot)],
);

export const teamSettings = pgTable('team_settings', {
  teamId: text('team_id').primaryKey(),
  enterpriseId: text('enterprise_id'),
  triggers: jsonb('triggers').$type<string[]>(),
  approvers: jsonb('approvers').$type<string[]>(),
  requiredAnswers: integer('required_answers').notNull().default(1),
  digestChannel: text('digest_channel'),
  /** `/decision digest schedule`: a cron pattern and an IANA zone; null for DIGEST_CRON/DIGEST_TIMEZONE. */
  digestCron: text('digest_cron'),
  digestTimezone: text('digest_timezone'),
  /** When the schedule was last set: its slots before then are never caught up on. */
  digestScheduledAt: moment('digest_scheduled_at'),
  customerProfile: text('customer_profile'),
  customerProfileBy: text('customer_profile_by'),
  feedbackEmoji: text('feedback_emoji'),
  pathStages: jsonb('path_stages').$type<PathStage[]>(),
  updatedAt: momentNow('updated_at'),
});

export const channelSettings = pgTable(
  'channel_settings',
  {
    teamId: text('team_id').notNull(),
    channelId: text('channel_id').notNull(),
    watching: boolean('watching').notNull().default(true),
    updatedBy: text('updated_by'),
    updatedAt: momentNow('updated_at'),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.channelId] })],
);

export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: moment('next_attempt_at').notNull(),
    claimedUntil: moment('claimed_until'),
    lastError: text('last_error'),
    createdAt: momentNow('created_at'),
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
export const predictions = pgTable(
  'predictions',
  {
    decisionId: integer('decision_id')
      .primaryKey()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    skipped: boolean('skipped').notNull().default(false),
    expectedReaction: text('expected_reaction', { enum: EXPECTED_REACTIONS }),
    /** How sure the team was, in percent (50 to 95). */
    confidence: integer('confidence'),
    /** What will tell the team how customers reacted, in their words. */
    signal: text('signal'),
    afterDays: integer('after_days'),
    /** When to ask how customers reacted; moves 30 days on with each "too early to tell". */
    dueAt: moment('due_at'),
    /** Set when the review for the current due date was queued: at most once per due date. */
    askedAt: moment('asked_at'),
    remindedAt: moment('reminded_at'),
    tooEarlyCount: integer('too_early_count').notNull().default(0),
    actualReaction: text('actual_reaction', { enum: ACTUAL_REACTIONS }),
    evidence: text('evidence'),
    decideAgain: text('decide_again', { enum: DECIDE_AGAIN }),
    recordedBy: text('recorded_by'),
    recordedAt: moment('recorded_at'),
    predictedBy: text('predicted_by').notNull(),
    createdAt: momentNow('created_at'),
  },
  (t) => [index('predictions_team_due_idx').on(t.teamId, t.dueAt)],
);

/** A decision that revisits (supersedes) an earlier one: "Revisits #12" on it, "Revisited by #31" on the other. */
export const decisionLinks = pgTable(
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
    createdAt: momentNow('created_at'),
  },
  (t) => [index('decision_links_team_revisits_idx').on(t.teamId, t.revisitsId)],
);

export const healthProbe = pgTable('health_probe', {
  id: integer('id').primaryKey(),
  checkedAt: moment('checked_at').notNull(),
});

export const installations = pgTable('installations', {
  installKey: text('install_key').primaryKey(),
  teamId: text('team_id'),
  teamName: text('team_name'),
  enterpriseId: text('enterprise_id'),
  enterpriseName: text('enterprise_name'),
  isEnterpriseInstall: boolean('is_enterprise_install').notNull(),
  url: text('url'),
  appId: text('app_id'),
  botToken: text('bot_token').notNull(),
  botId: text('bot_id').notNull(),
  botUserId: text('bot_user_id').notNull(),
  botScopes: text('bot_scopes').notNull(),
  botRefreshToken: text('bot_refresh_token'),
  botTokenExpiresAt: moment('bot_token_expires_at'),
  installerUserId: text('installer_user_id'),
  installedAt: moment('installed_at').notNull(),
});
/**
 * Its words are searched through the GIN index on their tsvector (the same expression the repository's
 * queries use, see db/feedbackRepo.ts), so a removed row leaves nothing behind in an index.
 */
export const feedback = pgTable(
  'feedback',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    enterpriseId: text('enterprise_id'),
    channelId: text('channel_id'),
    channelIsPrivate: boolean('channel_is_private'),
    messageTs: text('message_ts'),
    threadTs: text('thread_ts'),
    text: text('text').notNull(),
    source: text('source', { enum: FEEDBACK_SOURCES }).notNull(),
    sentiment: text('sentiment', { enum: FEEDBACK_SENTIMENTS }).notNull(),
    category: text('category'),
    tags: jsonb('tags').$type<string[]>().notNull(),
    savedBy: text('saved_by').notNull(),
    createdAt: momentNow('created_at'),
  },
  (t) => [
    uniqueIndex('feedback_team_channel_message_uq').on(t.teamId, t.channelId, t.messageTs),
    index('feedback_team_created_idx').on(t.teamId, t.createdAt),
    index('feedback_team_category_idx').on(t.teamId, t.category, t.createdAt),
    index('feedback_search_idx').using('gin', sql`to_tsvector('english', ${t.text})`),
  ],
);

export const feedbackCitations = pgTable(
  'feedback_citations',
  {
    teamId: text('team_id').notNull(),
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id, { onDelete: 'cascade' }),
    feedbackId: integer('feedback_id')
      .notNull()
      .references(() => feedback.id, { onDelete: 'cascade' }),
    createdAt: momentNow('created_at'),
  },
  (t) => [
    primaryKey({ columns: [t.answerId, t.feedbackId] }),
    index('feedback_citations_feedback_idx').on(t.feedbackId),
  ],
);

export const touchpoints = pgTable(
  'touchpoints',
  {
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    position: integer('position').notNull(),
    note: text('note'),
    users: jsonb('users').$type<string[]>().notNull(),
    usergroups: jsonb('usergroups').$type<string[]>().notNull(),
    channels: jsonb('channels').$type<string[]>().notNull(),
    nobodyReason: text('nobody_reason'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: momentNow('updated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.stage] }),
    index('touchpoints_team_decision_idx').on(t.teamId, t.decisionId),
  ],
);

export const briefings = pgTable(
  'briefings',
  {
    id: id(),
    teamId: text('team_id').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind', { enum: BRIEFING_KINDS }).notNull(),
    channelId: text('channel_id'),
    stages: jsonb('stages').$type<string[]>().notNull(),
    messageChannel: text('message_channel'),
    messageTs: text('message_ts'),
    attemptedAt: moment('attempted_at'),
    ackedAt: moment('acked_at'),
    remindedAt: moment('reminded_at'),
    reminderTs: text('reminder_ts'),
    reminderAttemptedAt: moment('reminder_attempted_at'),
    createdAt: momentNow('created_at'),
  },
  (t) => [
    uniqueIndex('briefings_decision_round_recipient_uq').on(t.decisionId, t.round, t.recipient),
    index('briefings_team_recipient_idx').on(t.teamId, t.recipient),
  ],
);
