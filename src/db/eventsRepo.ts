import { lt, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { processedEvents } from './schema.js';

export function createEventsRepo(db: Db, now: () => Date) {
  // Prepared once: it runs for every event Slack delivers.
  const insert = db
    .insert(processedEvents)
    .values({
      teamId: sql.placeholder('teamId'),
      eventId: sql.placeholder('eventId'),
      createdAt: sql`${sql.placeholder('at')}`,
    })
    .onConflictDoNothing()
    .prepare();
  return {
    /** Records an event id; false when it was already recorded (a retried delivery). */
    markProcessed(teamId: string, eventId: string): boolean {
      return insert.run({ teamId, eventId, at: now().getTime() }).changes === 1;
    },
    /** Slack stops retrying after minutes; a day of ids is plenty. */
    forgetOlderThan(cutoff: Date): number {
      return db.delete(processedEvents).where(lt(processedEvents.createdAt, cutoff)).run().changes;
    },
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;
