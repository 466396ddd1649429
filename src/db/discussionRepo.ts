import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { discussion } from './schema.js';

export type DiscussionEntry = typeof discussion.$inferSelect;

export function createDiscussionRepo(db: Db) {
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
    }): boolean {
      const { at, ...values } = entry;
      return (
        db
          .insert(discussion)
          .values({ ...values, createdAt: at })
          .onConflictDoNothing()
          .run().changes === 1
      );
    },

    /** A reply was edited in Slack; true when it was one of ours. */
    edit(teamId: string, channelId: string, ts: string, text: string): boolean {
      return (
        db
          .update(discussion)
          .set({ text })
          .where(and(eq(discussion.teamId, teamId), eq(discussion.channelId, channelId), eq(discussion.ts, ts)))
          .run().changes === 1
      );
    },

    /** A reply was deleted in Slack: what its author took back is not kept. */
    remove(teamId: string, channelId: string, ts: string): boolean {
      return (
        db
          .delete(discussion)
          .where(and(eq(discussion.teamId, teamId), eq(discussion.channelId, channelId), eq(discussion.ts, ts)))
          .run().changes === 1
      );
    },

    listFor(teamId: string, decisionId: number): DiscussionEntry[] {
      return db
        .select()
        .from(discussion)
        .where(and(eq(discussion.teamId, teamId), eq(discussion.decisionId, decisionId)))
        .orderBy(asc(discussion.ts))
        .all();
    },
  };
}

export type DiscussionRepo = ReturnType<typeof createDiscussionRepo>;
