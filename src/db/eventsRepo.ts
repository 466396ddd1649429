import { lt } from 'drizzle-orm';
import type { Database } from './database.js';

export function createEventsRepo(database: Database, now: () => Date) {
  const { processedEvents } = database.schema;
  return {
    /** Records an event id; false when it was already recorded (a retried delivery, on any instance). */
    markProcessed(teamId: string, eventId: string): Promise<boolean> {
      return database.run(
        async (db) =>
          database.changes(
            await db.insert(processedEvents).values({ teamId, eventId, createdAt: now() }).onConflictDoNothing(),
          ) === 1,
      );
    },
    /** Slack stops retrying after minutes; a day of ids is plenty. */
    forgetOlderThan(cutoff: Date): Promise<number> {
      return database.run(async (db) =>
        database.changes(await db.delete(processedEvents).where(lt(processedEvents.createdAt, cutoff))),
      );
    },
  };
}

export type EventsRepo = ReturnType<typeof createEventsRepo>;
