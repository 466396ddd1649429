import { and, asc, count, eq, gt, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { type DecisionSource, type DecisionStatus, decisions, prompts, statusChanges } from './schema.js';

export type Decision = typeof decisions.$inferSelect;
export type Prompt = typeof prompts.$inferSelect;

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
  proposerId: string;
  /** Who brought it in (the reactor, the shortcut's user); recorded in the audit trail. */
  createdBy: string;
}

const p = sql.placeholder;

/** `now` is the app's one clock: every row this repository writes is stamped with it. */
export function createDecisionsRepo(db: Db, now: () => Date) {
  // The queries on every request's path are prepared once: building them anew each time costs
  // drizzle ~80 µs a query, more than SQLite takes to run them.
  const byId = db
    .select()
    .from(decisions)
    .where(and(eq(decisions.teamId, p('teamId')), eq(decisions.id, p('id'))))
    .prepare();
  const byMessage = db
    .select()
    .from(decisions)
    .where(
      and(eq(decisions.teamId, p('teamId')), eq(decisions.channelId, p('channelId')), eq(decisions.messageTs, p('ts'))),
    )
    .prepare();
  const byThread = db
    .select()
    .from(decisions)
    .where(
      and(eq(decisions.teamId, p('teamId')), eq(decisions.channelId, p('channelId')), eq(decisions.threadTs, p('ts'))),
    )
    .orderBy(asc(decisions.id))
    .prepare();
  const promptsOf = db
    .select()
    .from(prompts)
    .where(and(eq(prompts.teamId, p('teamId')), eq(prompts.decisionId, p('id'))))
    .orderBy(asc(prompts.question))
    .prepare();
  const insertPrompt = db
    .insert(prompts)
    .values({
      teamId: p('teamId'),
      decisionId: p('decisionId'),
      question: p('question'),
      channelId: p('channelId'),
      ts: p('ts'),
      createdAt: sql`${p('at')}`,
    })
    .onConflictDoNothing()
    .prepare();

  const postAttempt = db
    .update(decisions)
    .set({ postAttemptedAt: sql`${p('at')}` })
    .where(eq(decisions.id, p('id')))
    .prepare();
  const posted = db
    .update(decisions)
    .set({ postedAt: sql`${p('at')}`, postError: null })
    .where(eq(decisions.id, p('id')))
    .prepare();

  const repo = {
    /**
     * Stores a decision and its first audit row in one transaction. A message already captured is
     * not stored again: the existing decision comes back with `created: false`.
     */
    create(input: NewDecision): { decision: Decision; created: boolean } {
      return db.transaction((tx) => {
        const { createdBy, ...values } = input;
        const createdAt = now();
        const [inserted] = tx
          .insert(decisions)
          .values({ ...values, createdAt })
          .onConflictDoNothing()
          .returning()
          .all();
        if (inserted) {
          tx.insert(statusChanges)
            .values({
              teamId: input.teamId,
              decisionId: inserted.id,
              fromStatus: null,
              toStatus: 'open',
              userId: createdBy,
              createdAt,
            })
            .run();
          return { decision: inserted, created: true };
        }
        const existing = repo.findByMessage(input.teamId, input.channelId, input.messageTs ?? '');
        if (!existing) throw new Error('Decision insert conflicted but no decision holds that message');
        return { decision: existing, created: false };
      });
    },

    findById(teamId: string, id: number): Decision | undefined {
      return byId.get({ teamId, id });
    },

    findByMessage(teamId: string, channelId: string, messageTs: string): Decision | undefined {
      return byMessage.get({ teamId, channelId, ts: messageTs });
    },

    /** Finds the decision whose questions are asked in a thread (by the thread's parent ts). */
    findByThread(teamId: string, channelId: string, threadTs: string): Decision | undefined {
      return byThread.get({ teamId, channelId, ts: threadTs });
    },

    findOpenByChannel(teamId: string, channelId: string, limit: number): { decisions: Decision[]; total: number } {
      const where = and(eq(decisions.teamId, teamId), eq(decisions.channelId, channelId), eq(decisions.status, 'open'));
      const rows = db.select().from(decisions).where(where).orderBy(asc(decisions.createdAt)).limit(limit).all();
      const [total] = db.select({ n: count() }).from(decisions).where(where).all();
      return { decisions: rows, total: total?.n ?? 0 };
    },

    /**
     * Open decisions whose card or prompts never reached Slack, oldest first: in one channel, or
     * anywhere but those that failed with one of `skipErrors` and above `afterId`.
     */
    findUnposted(
      limit: number,
      where: { teamId: string; channelId: string } | { skipErrors: readonly string[]; afterId: number },
    ): Decision[] {
      return db
        .select()
        .from(decisions)
        .where(
          and(
            isNull(decisions.postedAt),
            eq(decisions.status, 'open'),
            'teamId' in where
              ? and(eq(decisions.teamId, where.teamId), eq(decisions.channelId, where.channelId))
              : and(
                  gt(decisions.id, where.afterId),
                  or(isNull(decisions.postError), notInArray(decisions.postError, [...where.skipErrors])),
                ),
          ),
        )
        .orderBy(asc(decisions.id))
        .limit(limit)
        .all();
    },

    /** The message an open decision came from was edited: its title and description follow. */
    retitle(teamId: string, id: number, title: string, description: string): Decision | undefined {
      return db
        .update(decisions)
        .set({ title, description })
        .where(and(eq(decisions.teamId, teamId), eq(decisions.id, id), eq(decisions.status, 'open')))
        .returning()
        .get();
    },

    setPostError(id: number, code: string): void {
      db.update(decisions).set({ postError: code }).where(eq(decisions.id, id)).run();
    },

    /** Records where the card landed; a command's decision takes the card as its message and thread. */
    setCard(id: number, cardTs: string, messageTs: string, threadTs: string): void {
      db.update(decisions).set({ cardTs, messageTs, threadTs }).where(eq(decisions.id, id)).run();
    },

    setChannelPrivacy(id: number, channelIsPrivate: boolean): void {
      db.update(decisions).set({ channelIsPrivate }).where(eq(decisions.id, id)).run();
    },

    /** The channel became private: every decision in it is private from now on. */
    markChannelPrivate(teamId: string, channelId: string): number {
      return db
        .update(decisions)
        .set({ channelIsPrivate: true })
        .where(and(eq(decisions.teamId, teamId), eq(decisions.channelId, channelId)))
        .run().changes;
    },

    /**
     * Channels holding decisions not known to be public (private, or not learned yet): only their members
     * may see those decisions. Served by decisions_team_channel_thread_idx (team_id, channel_id, …).
     */
    restrictedChannels(teamId: string): string[] {
      return db
        .selectDistinct({ channelId: decisions.channelId })
        .from(decisions)
        .where(and(eq(decisions.teamId, teamId), sql`${decisions.channelIsPrivate} is not 0`))
        .all()
        .map((r) => r.channelId);
    },

    markPostAttempt(id: number, at: Date): void {
      postAttempt.run({ id, at: at.getTime() });
    },

    /** All of the decision is in Slack: any earlier posting error is over. */
    markPosted(id: number, at: Date): void {
      posted.run({ id, at: at.getTime() });
    },

    /**
     * Moves a decision from one status to another and writes the audit row, atomically. Returns false
     * when the decision was no longer in `from` (a second click, or someone else was first).
     */
    transition(input: {
      teamId: string;
      id: number;
      from: DecisionStatus;
      to: DecisionStatus;
      userId: string;
      note?: string | undefined;
      at: Date;
    }): Decision | undefined {
      return db.transaction((tx) => {
        const decided =
          input.to === 'open' ? { decidedBy: null, decidedAt: null } : { decidedBy: input.userId, decidedAt: input.at };
        const [updated] = tx
          .update(decisions)
          .set({ status: input.to, ...decided })
          .where(and(eq(decisions.teamId, input.teamId), eq(decisions.id, input.id), eq(decisions.status, input.from)))
          .returning()
          .all();
        if (!updated) return undefined;
        tx.insert(statusChanges)
          .values({
            teamId: input.teamId,
            decisionId: input.id,
            fromStatus: input.from,
            toStatus: input.to,
            userId: input.userId,
            note: input.note ?? null,
            createdAt: input.at,
          })
          .run();
        return updated;
      });
    },

    statusHistory(teamId: string, id: number) {
      return db
        .select()
        .from(statusChanges)
        .where(and(eq(statusChanges.teamId, teamId), eq(statusChanges.decisionId, id)))
        .orderBy(asc(statusChanges.id))
        .all();
    },

    addPrompt(prompt: { teamId: string; decisionId: number; question: number; channelId: string; ts: string }): void {
      insertPrompt.run({ ...prompt, at: now().getTime() });
    },

    promptsFor(teamId: string, decisionId: number): Prompt[] {
      return promptsOf.all({ teamId, id: decisionId });
    },
  };
  return repo;
}

export type DecisionsRepo = ReturnType<typeof createDecisionsRepo>;
