import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import type * as pgSchema from './schema/pg.js';

export type DiscussionEntry = typeof pgSchema.discussion.$inferSelect;

export function createDiscussionRepo(database: Database) {
  const { discussion } = database.schema;
  const reply = (teamId: string, channelId: string, ts: string) =>
    and(eq(discussion.teamId, teamId), eq(discussion.channelId, channelId), eq(discussion.ts, ts));
  return {
    /** Stores a hand-written thread reply once, however often Slack delivers it. */
    add(entry: {
      teamId: string;
      decisionId: number;
      channelId: string;
      ts: string;
      userId: string;
      text: string;
      at: Date;
    }): Promise<boolean> {
      const { at, ...values } = entry;
      return database.run(
        async (db) =>
          database.changes(
            await db
              .insert(discussion)
              .values({ ...values, createdAt: at })
              .onConflictDoNothing(),
          ) === 1,
      );
    },

    /** A reply was edited in Slack; true when it was one of ours. */
    edit(teamId: string, channelId: string, ts: string, text: string): Promise<boolean> {
      return database.run(
        async (db) =>
          database.changes(
            await db
              .update(discussion)
              .set({ text })
              .where(reply(teamId, channelId, ts)),
          ) === 1,
      );
    },

    /** A reply was deleted in Slack: what its author took back is not kept. */
    remove(teamId: string, channelId: string, ts: string): Promise<boolean> {
      return database.run(
        async (db) => database.changes(await db.delete(discussion).where(reply(teamId, channelId, ts))) === 1,
      );
    },

    listFor(teamId: string, decisionId: number): Promise<DiscussionEntry[]> {
      return database.run((db) =>
        db
          .select()
          .from(discussion)
          .where(and(eq(discussion.teamId, teamId), eq(discussion.decisionId, decisionId)))
          .orderBy(asc(discussion.ts)),
      );
    },
  };
}

export type DiscussionRepo = ReturnType<typeof createDiscussionRepo>;
