import { and, asc, count, eq, gt, isNull, lt, min, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Database, QueryDb } from './database.js';
import type { DecisionSource, DecisionStatus } from './schema/shared.js';
import type * as pgSchema from './schema/pg.js';

export type Decision = typeof pgSchema.decisions.$inferSelect;
export type Prompt = typeof pgSchema.prompts.$inferSelect;
export type StatusChangeRow = typeof pgSchema.statusChanges.$inferSelect;

export interface NewDecision {
  teamId: string;
  enterpriseId?: string | null | undefined;
  channelId: string;
  channelIsPrivate?: boolean | null | undefined;
  messageTs?: string | null | undefined;
  threadTs?: string | null | undefined;
  source: DecisionSource;
  title: string;
  description?: string | null | undefined;
  category?: string | null | undefined;
  decideBy?: string | null | undefined;
  goLive?: string | null | undefined;
  proposerId: string;
  /** Who brought it in (the reactor, the shortcut's user); recorded in the audit trail. */
  createdBy: string;
}

/** `now` is the app's one clock: every row this repository writes is stamped with it. */
export function createDecisionsRepo(database: Database, now: () => Date) {
  const { decisions, prompts, statusChanges } = database.schema;
  const first = <T>(rows: T[]): T | undefined => rows[0];
  /** Open, never fully posted, and not waiting for a person because it failed with one of `skipErrors`. */
  const unposted = (teamId: string, skipErrors: readonly string[]) =>
    and(
      isNull(decisions.postedAt),
      eq(decisions.status, 'open'),
      eq(decisions.teamId, teamId),
      skipErrors.length > 0
        ? or(isNull(decisions.postError), notInArray(decisions.postError, [...skipErrors]))
        : undefined,
    );

  const repo = {
    /**
     * Stores a decision and its first audit row in one transaction. A message already captured is
     * not stored again: the existing decision comes back with `created: false`.
     */
    create(
      input: NewDecision,
      /** More to store in the same transaction once the decision is new (e.g. the decision it revisits). */
      alsoStore?: (tx: QueryDb, decision: Decision) => Promise<void>,
    ): Promise<{ decision: Decision; created: boolean }> {
      return database.transaction(async (tx) => {
        const { createdBy, ...values } = input;
        const createdAt = now();
        const [inserted] = await tx
          .insert(decisions)
          .values({ ...values, createdAt })
          .onConflictDoNothing()
          .returning();
        if (inserted) {
          await tx.insert(statusChanges).values({
            teamId: input.teamId,
            decisionId: inserted.id,
            fromStatus: null,
            toStatus: 'open',
            userId: createdBy,
            createdAt,
          });
          await alsoStore?.(tx, inserted);
          return { decision: inserted, created: true };
        }
        const [existing] = await tx
          .select()
          .from(decisions)
          .where(
            and(
              eq(decisions.teamId, input.teamId),
              eq(decisions.channelId, input.channelId),
              eq(decisions.messageTs, input.messageTs ?? ''),
            ),
          );
        if (!existing) throw new Error('Decision insert conflicted but no decision holds that message');
        return { decision: existing, created: false };
      });
    },

    findById(teamId: string, id: number): Promise<Decision | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .select()
            .from(decisions)
            .where(and(eq(decisions.teamId, teamId), eq(decisions.id, id))),
        ),
      );
    },

    findByMessage(teamId: string, channelId: string, messageTs: string): Promise<Decision | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .select()
            .from(decisions)
            .where(
              and(eq(decisions.teamId, teamId), eq(decisions.channelId, channelId), eq(decisions.messageTs, messageTs)),
            ),
        ),
      );
    },

    /** Finds the decision whose questions are asked in a thread (by the thread's parent ts). */
    findByThread(teamId: string, channelId: string, threadTs: string): Promise<Decision | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .select()
            .from(decisions)
            .where(
              and(eq(decisions.teamId, teamId), eq(decisions.channelId, channelId), eq(decisions.threadTs, threadTs)),
            )
            .orderBy(asc(decisions.id))
            .limit(1),
        ),
      );
    },

    findOpenByChannel(
      teamId: string,
      channelId: string,
      limit: number,
    ): Promise<{ decisions: Decision[]; total: number }> {
      const where = and(eq(decisions.teamId, teamId), eq(decisions.channelId, channelId), eq(decisions.status, 'open'));
      return database.run(async (db) => {
        const rows = await db.select().from(decisions).where(where).orderBy(asc(decisions.createdAt)).limit(limit);
        const [total] = await db.select({ n: count() }).from(decisions).where(where);
        return { decisions: rows, total: total?.n ?? 0 };
      });
    },

    /**
     * One workspace's open decisions in one channel whose card or prompts never reached Slack, oldest
     * first: all of them, or (for a backlog drained in batches) those above `afterId` that did not fail
     * with one of `skipErrors`.
     */
    findUnposted(
      limit: number,
      where: { teamId: string; channelId: string; skipErrors?: readonly string[]; afterId?: number },
    ): Promise<Decision[]> {
      return database.run((db) =>
        db
          .select()
          .from(decisions)
          .where(
            and(
              unposted(where.teamId, where.skipErrors ?? []),
              eq(decisions.channelId, where.channelId),
              gt(decisions.id, where.afterId ?? 0),
            ),
          )
          .orderBy(asc(decisions.id))
          .limit(limit),
      );
    },

    /**
     * The channels of one workspace where open decisions wait to be posted (but those that failed with
     * one of `skipErrors`), the one waiting longest first.
     */
    async channelsWithUnposted(teamId: string, skipErrors: readonly string[]): Promise<string[]> {
      const rows = await database.run((db) =>
        db
          .select({ channelId: decisions.channelId })
          .from(decisions)
          .where(unposted(teamId, skipErrors))
          .groupBy(decisions.channelId)
          .orderBy(min(decisions.id)),
      );
      return rows.map((row) => row.channelId);
    },

    /**
     * Claims the posting of a decision's card and prompts for one process until `until`: whoever gets
     * the claim posts, another process (or a second attempt in this one) leaves it. A claim whose
     * process died runs out, and the next claimer first looks for what already landed in Slack.
     */
    claimPosting(teamId: string, id: number, until: Date): Promise<Decision | undefined> {
      const at = now();
      return database.run(async (db) =>
        first(
          await db
            .update(decisions)
            .set({ postClaimedUntil: until })
            .where(
              and(
                eq(decisions.teamId, teamId),
                eq(decisions.id, id),
                isNull(decisions.postedAt),
                or(isNull(decisions.postClaimedUntil), lt(decisions.postClaimedUntil, at)),
              ),
            )
            .returning(),
        ),
      );
    },

    /** The claim is over (posted, or failed for now): another attempt may claim it at once. */
    releasePosting(id: number): Promise<void> {
      return database.run(async (db) => {
        await db.update(decisions).set({ postClaimedUntil: null }).where(eq(decisions.id, id));
      });
    },

    /** The message an open decision came from was edited: its title and description follow. */
    retitle(teamId: string, id: number, title: string, description: string): Promise<Decision | undefined> {
      return database.run(async (db) =>
        first(
          await db
            .update(decisions)
            .set({ title, description })
            .where(and(eq(decisions.teamId, teamId), eq(decisions.id, id), eq(decisions.status, 'open')))
            .returning(),
        ),
      );
    },

    setPostError(id: number, code: string): Promise<void> {
      return database.run(async (db) => {
        await db.update(decisions).set({ postError: code }).where(eq(decisions.id, id));
      });
    },

    /** Records where the card landed; a command's decision takes the card as its message and thread. */
    setCard(id: number, cardTs: string, messageTs: string, threadTs: string): Promise<void> {
      return database.run(async (db) => {
        await db.update(decisions).set({ cardTs, messageTs, threadTs }).where(eq(decisions.id, id));
      });
    },

    setChannelPrivacy(id: number, channelIsPrivate: boolean): Promise<void> {
      return database.run(async (db) => {
        await db.update(decisions).set({ channelIsPrivate }).where(eq(decisions.id, id));
      });
    },

    /** The channel became private: every decision in it is private from now on. */
    markChannelPrivate(teamId: string, channelId: string): Promise<number> {
      return database.run(async (db) =>
        database.changes(
          await db
            .update(decisions)
            .set({ channelIsPrivate: true })
            .where(and(eq(decisions.teamId, teamId), eq(decisions.channelId, channelId))),
        ),
      );
    },

    /**
     * Channels holding decisions not known to be public (private, or not learned yet): only their members
     * may see those decisions. Served by decisions_team_channel_thread_idx (team_id, channel_id, …).
     */
    restrictedChannels(teamId: string): Promise<string[]> {
      return database.run(async (db) =>
        (
          await db
            .selectDistinct({ channelId: decisions.channelId })
            .from(decisions)
            .where(
              and(
                eq(decisions.teamId, teamId),
                or(isNull(decisions.channelIsPrivate), ne(decisions.channelIsPrivate, false)),
              ),
            )
        ).map((r) => r.channelId),
      );
    },

    markPostAttempt(id: number, at: Date): Promise<void> {
      return database.run(async (db) => {
        await db.update(decisions).set({ postAttemptedAt: at }).where(eq(decisions.id, id));
      });
    },

    /** All of the decision is in Slack: any earlier posting error is over, and so is the claim. */
    markPosted(id: number, at: Date): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(decisions)
          .set({ postedAt: at, postError: null, postClaimedUntil: null })
          .where(eq(decisions.id, id));
      });
    },

    /**
     * Moves a decision from one status to another and writes the audit row, atomically. Returns
     * undefined when the decision was no longer in `from` (a second click, or someone else was first,
     * in this process or another).
     */
    transition(input: {
      teamId: string;
      id: number;
      from: DecisionStatus;
      to: DecisionStatus;
      userId: string;
      note?: string | undefined;
      at: Date;
      /** More to store in the same transaction, once the change applied (e.g. a confirmation's prediction). */
      alsoStore?: ((tx: QueryDb, decision: Decision) => Promise<void>) | undefined;
    }): Promise<Decision | undefined> {
      return database.transaction(async (tx) => {
        const decided =
          input.to === 'open' ? { decidedBy: null, decidedAt: null } : { decidedBy: input.userId, decidedAt: input.at };
        const [updated] = await tx
          .update(decisions)
          // Each confirmation is a round of briefings of its own (see frontLine).
          .set({
            status: input.to,
            ...decided,
            ...(input.to === 'confirmed' ? { confirmations: sql`${decisions.confirmations} + 1` } : {}),
          })
          .where(and(eq(decisions.teamId, input.teamId), eq(decisions.id, input.id), eq(decisions.status, input.from)))
          .returning();
        if (!updated) return undefined;
        await tx.insert(statusChanges).values({
          teamId: input.teamId,
          decisionId: input.id,
          fromStatus: input.from,
          toStatus: input.to,
          userId: input.userId,
          note: input.note ?? null,
          createdAt: input.at,
        });
        await input.alsoStore?.(tx, updated);
        return updated;
      });
    },

    statusHistory(teamId: string, id: number): Promise<StatusChangeRow[]> {
      return database.run((db) =>
        db
          .select()
          .from(statusChanges)
          .where(and(eq(statusChanges.teamId, teamId), eq(statusChanges.decisionId, id)))
          .orderBy(asc(statusChanges.id)),
      );
    },

    addPrompt(prompt: { teamId: string; decisionId: number; question: number; channelId: string; ts: string }) {
      return database.run(async (db) => {
        await db
          .insert(prompts)
          .values({ ...prompt, createdAt: now() })
          .onConflictDoNothing();
      });
    },

    promptsFor(teamId: string, decisionId: number): Promise<Prompt[]> {
      return database.run((db) =>
        db
          .select()
          .from(prompts)
          .where(and(eq(prompts.teamId, teamId), eq(prompts.decisionId, decisionId)))
          .orderBy(asc(prompts.question)),
      );
    },
  };
  return repo;
}

export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;
