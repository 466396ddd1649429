import { and, asc, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database, QueryDb, Schema } from './database.js';
import type * as pgSchema from './schema/pg.js';

export type OutboxJob = typeof pgSchema.outbox.$inferSelect;

export interface OutboxJobInput {
  teamId: string;
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * Queues a job unless one with the same key is already pending (one redraw of a card covers every change
 * before it), and makes it due at `at`. Takes the query runner, so a repository can queue a job in the
 * same transaction as the change it announces.
 */
export async function enqueueIn(db: QueryDb, { outbox }: Schema, job: OutboxJobInput, createdAt: Date): Promise<void> {
  await db
    .insert(outbox)
    .values({
      teamId: job.teamId,
      kind: job.kind,
      dedupeKey: job.dedupeKey,
      payload: job.payload,
      nextAttemptAt: job.at,
      createdAt,
    })
    .onConflictDoUpdate({
      target: [outbox.teamId, outbox.dedupeKey],
      set: { status: 'pending', payload: job.payload, nextAttemptAt: job.at, attempts: 0, lastError: null },
    });
}

export function createOutboxRepo(database: Database, now: () => Date) {
  const { outbox } = database.schema;
  const unclaimed = (at: Date) => or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, at));
  return {
    /**
     * Queues a job unless one with the same key is already pending (one redraw of a card covers
     * every change before it), and makes it due at `at`.
     */
    enqueue(job: OutboxJobInput): Promise<void> {
      return database.run((db) => enqueueIn(db, database.schema, job, now()));
    },

    /**
     * Queues a job that must run once however often it is queued (a briefing of one person in one round):
     * a job with the same key, pending or done, is left as it is. True when this call queued it.
     */
    enqueueOnce(job: {
      teamId: string;
      kind: string;
      dedupeKey: string;
      payload: Record<string, unknown>;
      at: Date;
    }): Promise<boolean> {
      return database.run(async (db) => {
        const inserted = await db
          .insert(outbox)
          .values({
            teamId: job.teamId,
            kind: job.kind,
            dedupeKey: job.dedupeKey,
            payload: job.payload,
            nextAttemptAt: job.at,
            createdAt: now(),
          })
          .onConflictDoNothing()
          .returning({ id: outbox.id });
        return inserted.length > 0;
      });
    },

    /**
     * Claims up to `limit` of one workspace's due jobs for this process until `until`, oldest first. A job
     * is claimed by one process only (the claim is a conditional update); a claim of a process that died
     * runs out.
     */
    claimDue(teamId: string, at: Date, limit: number, until: Date): Promise<OutboxJob[]> {
      return database.run(async (db) => {
        const due = await db
          .select({ id: outbox.id })
          .from(outbox)
          .where(
            and(eq(outbox.teamId, teamId), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, at), unclaimed(at)),
          )
          .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
          .limit(limit);
        const claimed: OutboxJob[] = [];
        for (const { id } of due) {
          const [job] = await db
            .update(outbox)
            .set({ claimedUntil: until })
            .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), unclaimed(at)))
            .returning();
          if (job) claimed.push(job);
        }
        return claimed;
      });
    },

    /**
     * Marks a job done, unless it was queued again while it ran (its attempts reset to 0 and its
     * due time moved): then it stays pending so the newer change is drawn too. The claim ends either way.
     */
    done(job: OutboxJob): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(outbox)
          .set({ status: 'done', lastError: null })
          .where(
            and(eq(outbox.id, job.id), eq(outbox.nextAttemptAt, job.nextAttemptAt), eq(outbox.attempts, job.attempts)),
          );
        await db.update(outbox).set({ claimedUntil: null }).where(eq(outbox.id, job.id));
      });
    },

    retryLater(job: OutboxJob, error: string, at: Date): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error, nextAttemptAt: at, claimedUntil: null })
          .where(eq(outbox.id, job.id));
      });
    },

    giveUp(job: OutboxJob, error: string): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(outbox)
          .set({ status: 'failed', lastError: error, claimedUntil: null })
          .where(eq(outbox.id, job.id));
      });
    },
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
