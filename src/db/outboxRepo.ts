import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { outbox } from './schema.js';

export type OutboxJob = typeof outbox.$inferSelect;

export function createOutboxRepo(db: Db, now: () => Date) {
  return {
    /**
     * Queues a job unless one with the same key is already pending (one redraw of a card covers
     * every change before it), and makes it due now.
     */
    enqueue(job: {
      teamId: string;
      kind: string;
      dedupeKey: string;
      payload: Record<string, unknown>;
      at: Date;
    }): void {
      db.insert(outbox)
        .values({
          teamId: job.teamId,
          kind: job.kind,
          dedupeKey: job.dedupeKey,
          payload: job.payload,
          nextAttemptAt: job.at,
          createdAt: now(),
        })
        .onConflictDoUpdate({
          target: [outbox.teamId, outbox.dedupeKey],
          set: { status: 'pending', payload: job.payload, nextAttemptAt: job.at, attempts: 0, lastError: null },
        })
        .run();
    },

    due(at: Date, limit: number): OutboxJob[] {
      return db
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, at)))
        .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
        .limit(limit)
        .all();
    },

    /**
     * Marks a job done, unless it was queued again while it ran (its attempts reset to 0 and its
     * due time moved): then it stays pending so the newer change is drawn too.
     */
    done(job: OutboxJob): void {
      db.update(outbox)
        .set({ status: 'done', lastError: null })
        .where(
          and(eq(outbox.id, job.id), eq(outbox.nextAttemptAt, job.nextAttemptAt), eq(outbox.attempts, job.attempts)),
        )
        .run();
    },

    retryLater(job: OutboxJob, error: string, at: Date): void {
      db.update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error, nextAttemptAt: at })
        .where(eq(outbox.id, job.id))
        .run();
    },

    giveUp(job: OutboxJob, error: string): void {
      db.update(outbox).set({ status: 'failed', lastError: error }).where(eq(outbox.id, job.id)).run();
    },
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
