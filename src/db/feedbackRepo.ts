import { and, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, notInArray, or, sql } from 'drizzle-orm';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { Database, QueryDb, Schema } from './database.js';
import { fts5AnyOf, rankRelated, searchTerms, tsqueryAnyOf } from './feedbackSearch.js';
import type { FeedbackSentiment, FeedbackSource } from './schema/shared.js';
import type * as pgSchema from './schema/pg.js';

export type Feedback = typeof pgSchema.feedback.$inferSelect;

export interface NewFeedback {
  teamId: string;
  enterpriseId?: string | null | undefined;
  channelId: string | null;
  messageTs: string | null;
  threadTs?: string | null | undefined;
  text: string;
  source: FeedbackSource;
  sentiment: FeedbackSentiment;
  category: string | null;
  tags: string[];
  savedBy: string;
}

/** Feedback with how many answers cite it, for the digest. */
export type CitedFeedback = Feedback & { citations: number };

/** How many full-text and same-category candidates are read before ranking; far more than are shown. */
const CANDIDATES = 100;

/** The feedback saved in a period, with how many answers cite each, newest first (for the digest). */
export async function feedbackSavedBetween(
  db: QueryDb,
  { feedback, feedbackCitations }: Schema,
  teamId: string,
  period: { start: Date; end: Date },
): Promise<CitedFeedback[]> {
  const citations = sql<number>`(select count(*) from ${feedbackCitations} where ${feedbackCitations.feedbackId} = ${feedback.id})`;
  const rows = await db
    .select({ item: feedback, citations })
    .from(feedback)
    .where(and(eq(feedback.teamId, teamId), gte(feedback.createdAt, period.start), lt(feedback.createdAt, period.end)))
    .orderBy(desc(feedback.createdAt), desc(feedback.id));
  return rows.map((r) => ({ ...r.item, citations: Number(r.citations) }));
}

/** `now` is the app's one clock: every row this repository writes is stamped with it. */
export function createFeedbackRepo(database: Database, now: () => Date) {
  const { feedback, feedbackCitations, answers } = database.schema;
  const first = <T>(rows: T[]): T | undefined => rows[0];
  /** Rows of this team outside the channels the reader may not see. */
  const visible = (teamId: string, hiddenChannels: readonly string[]) =>
    and(
      eq(feedback.teamId, teamId),
      hiddenChannels.length > 0
        ? or(isNull(feedback.channelId), notInArray(feedback.channelId, [...hiddenChannels]))
        : undefined,
    );

  /**
   * Feedback ids of the team whose words match any of the terms, with their score (higher is better):
   * SQLite's FTS5 index (bm25, negated) or PostgreSQL's GIN index on the words' tsvector (ts_rank).
   */
  async function wordScores(db: QueryDb, teamId: string, terms: readonly string[]): Promise<Map<number, number>> {
    if (terms.length === 0) return new Map();
    if (database.engine === 'sqlite') {
      const sqlite = db as unknown as BaseSQLiteDatabase<'sync', unknown>;
      const rows = sqlite.all<{ id: number; score: number }>(
        sql`select f.id as id, -bm25(feedback_fts) as score from feedback_fts join feedback f on f.id = feedback_fts.rowid
             where feedback_fts match ${fts5AnyOf(terms)} and f.team_id = ${teamId} order by score desc limit ${CANDIDATES}`,
      );
      return new Map(rows.map((r) => [Number(r.id), Number(r.score)]));
    }
    // The same expression as the GIN index feedback_search_idx, so the index serves the match.
    const vector = sql`to_tsvector('english', ${feedback.text})`;
    const query = sql`to_tsquery('english', ${tsqueryAnyOf(terms)})`;
    const score = sql<number>`ts_rank(${vector}, ${query})`;
    const rows = await db
      .select({ id: feedback.id, score })
      .from(feedback)
      .where(and(eq(feedback.teamId, teamId), sql`${vector} @@ ${query}`))
      .orderBy(desc(score))
      .limit(CANDIDATES);
    return new Map(rows.map((r) => [r.id, Number(r.score)]));
  }

  return {
    /** Stores feedback; a message already saved is not saved again (`created: false`, the earlier item). */
    save(input: NewFeedback): Promise<{ item: Feedback; created: boolean }> {
      return database.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(feedback)
          .values({ ...input, createdAt: now() })
          .onConflictDoNothing()
          .returning();
        if (inserted) return { item: inserted, created: true };
        const existing = first(
          await tx
            .select()
            .from(feedback)
            .where(
              and(
                eq(feedback.teamId, input.teamId),
                input.channelId === null ? isNull(feedback.channelId) : eq(feedback.channelId, input.channelId),
                input.messageTs === null ? isNull(feedback.messageTs) : eq(feedback.messageTs, input.messageTs),
              ),
            ),
        );
        if (!existing) throw new Error('Feedback insert conflicted but no row was found');
        return { item: existing, created: false };
      });
    },

    findById(teamId: string, id: number): Promise<Feedback | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .select()
            .from(feedback)
            .where(and(eq(feedback.teamId, teamId), eq(feedback.id, id))),
        ),
      );
    },

    findByMessage(teamId: string, channelId: string, messageTs: string): Promise<Feedback | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .select()
            .from(feedback)
            .where(
              and(eq(feedback.teamId, teamId), eq(feedback.channelId, channelId), eq(feedback.messageTs, messageTs)),
            ),
        ),
      );
    },

    /** The items of these ids the reader may see. */
    findVisible(teamId: string, ids: readonly number[], hiddenChannels: readonly string[]): Promise<Feedback[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return database.run((db) =>
        db
          .select()
          .from(feedback)
          .where(and(visible(teamId, hiddenChannels), inArray(feedback.id, [...ids]))),
      );
    },

    /** Records whether the channel feedback was saved in is private (it can change at any time). */
    setChannelPrivacy(teamId: string, channelId: string, isPrivate: boolean): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(feedback)
          .set({ channelIsPrivate: isPrivate })
          .where(and(eq(feedback.teamId, teamId), eq(feedback.channelId, channelId)));
      });
    },

    /** Channels whose feedback is not known to be public. */
    restrictedChannels(teamId: string): Promise<string[]> {
      return database.run(async (db) =>
        (
          await db
            .selectDistinct({ channelId: feedback.channelId })
            .from(feedback)
            .where(
              and(
                eq(feedback.teamId, teamId),
                isNotNull(feedback.channelId),
                or(isNull(feedback.channelIsPrivate), ne(feedback.channelIsPrivate, false)),
              ),
            )
        ).flatMap((r) => (r.channelId ? [r.channelId] : [])),
      );
    },

    /** The newest items the reader may see, optionally of one category. */
    latest(
      teamId: string,
      options: { hiddenChannels: readonly string[]; category?: string | undefined; limit: number },
    ): Promise<Feedback[]> {
      return database.run((db) =>
        db
          .select()
          .from(feedback)
          .where(
            and(
              visible(teamId, options.hiddenChannels),
              options.category ? eq(feedback.category, options.category) : undefined,
            ),
          )
          .orderBy(desc(feedback.createdAt), desc(feedback.id))
          .limit(options.limit),
      );
    },

    /**
     * Up to `limit` items related to a decision, best first (feedbackSearch.rankRelated): the same
     * category first, then by words shared with `text` (its title and description) through the
     * engine's full-text index, then the newest.
     */
    related(
      teamId: string,
      about: { category: string | null; text: string },
      options: { hiddenChannels: readonly string[]; limit: number },
    ): Promise<Feedback[]> {
      return database.run(async (db) => {
        const scores = await wordScores(db, teamId, searchTerms(about.text));
        const shown = visible(teamId, options.hiddenChannels);
        // Two sets of candidates, so neither crowds out the other: the best word matches, and the newest
        // of the decision's category.
        const byWords =
          scores.size > 0
            ? await db
                .select()
                .from(feedback)
                .where(and(shown, inArray(feedback.id, [...scores.keys()])))
            : [];
        const byCategory = about.category
          ? await db
              .select()
              .from(feedback)
              .where(and(shown, eq(feedback.category, about.category)))
              .orderBy(desc(feedback.createdAt), desc(feedback.id))
              .limit(CANDIDATES)
          : [];
        const candidates = [...new Map([...byWords, ...byCategory].map((item) => [item.id, item])).values()];
        const ranked = rankRelated(
          candidates.map((item) => ({ ...item, wordScore: scores.get(item.id) ?? 0 })),
          about.category,
          options.limit,
        );
        return ranked.map(({ wordScore: _score, ...item }) => item);
      });
    },

    /** Links an answer to the feedback it cites. */
    cite(teamId: string, answerId: number, feedbackIds: readonly number[]): Promise<void> {
      if (feedbackIds.length === 0) return Promise.resolve();
      const at = now();
      return database.run(async (db) => {
        await db
          .insert(feedbackCitations)
          .values(feedbackIds.map((feedbackId) => ({ teamId, answerId, feedbackId, createdAt: at })))
          .onConflictDoNothing();
      });
    },

    /** The feedback items one answer cites. */
    citedByAnswer(teamId: string, answerId: number): Promise<number[]> {
      return database.run(async (db) =>
        (
          await db
            .select({ feedbackId: feedbackCitations.feedbackId })
            .from(feedbackCitations)
            .where(and(eq(feedbackCitations.teamId, teamId), eq(feedbackCitations.answerId, answerId)))
        ).map((r) => r.feedbackId),
      );
    },

    /** The feedback items cited by a decision's current answers to question 2 (each counted once). */
    citedBy(teamId: string, decisionId: number): Promise<number[]> {
      return database.run(async (db) =>
        (
          await db
            .selectDistinct({ feedbackId: feedbackCitations.feedbackId })
            .from(feedbackCitations)
            .innerJoin(answers, eq(answers.id, feedbackCitations.answerId))
            .where(
              and(
                eq(feedbackCitations.teamId, teamId),
                eq(answers.decisionId, decisionId),
                eq(answers.question, 2),
                isNull(answers.supersededAt),
              ),
            )
        ).map((r) => r.feedbackId),
      );
    },

    /** Deletes an item: its words leave the table and the full-text index; its citations go with it. */
    remove(teamId: string, id: number): Promise<boolean> {
      return database.run(async (db) => {
        const removed =
          (
            await db
              .delete(feedback)
              .where(and(eq(feedback.teamId, teamId), eq(feedback.id, id)))
              .returning({ id: feedback.id })
          ).length > 0;
        // SQLite overwrites deleted content (secure_delete), but the write-ahead log still holds the pages
        // as they were until a checkpoint: this one copies the log into the file and empties it. A reader
        // still open (an export) can keep it from finishing; the next automatic checkpoint does it then.
        if (removed) database.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
        return removed;
      });
    },
  };
}

export type FeedbackRepo = ReturnType<typeof createFeedbackRepo>;
