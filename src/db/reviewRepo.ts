import { and, count, desc, eq, inArray, isNull, lt, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import type { Decision } from './decisionsRepo.js';
import type { DecisionStatus } from './schema/shared.js';

export interface Page<T> {
  rows: T[];
  total: number;
}

/** Who is looking: their own proposals and decisions outside `hiddenChannels` are theirs to see. */
export interface Viewer {
  userId: string;
  hiddenChannels: readonly string[];
}

/**
 * Read-only queries for reviewing decisions (App Home, details). Each is served by an index, so a
 * person's Home stays fast however many decisions the workspace has (bench: ~25 ms at 100,000).
 * EXPLAIN QUERY PLAN (SQLite 3.53):
 *   waitingForAnswer: SEARCH decisions USING INDEX decisions_team_status_created_idx (team_id=? AND status=?)
 *                     | CORRELATED SCALAR SUBQUERY | SEARCH answers USING INDEX answers_current_uq (decision_id=?)
 *   openProposedBy:   SEARCH decisions USING INDEX decisions_team_proposer_idx (team_id=? AND proposer_id=? AND status=?)
 *   recent:           SEARCH decisions USING INDEX decisions_team_created_idx (team_id=?), or
 *                     decisions_team_status_created_idx (team_id=? AND status=?) when filtered
 *   choicesFor:       SEARCH answers USING INDEX answers_team_decision_idx (team_id=? AND decision_id=?)
 */
export function createReviewRepo(database: Database) {
  const { decisions, answers } = database.schema;

  const visibleTo = ({ userId, hiddenChannels }: Viewer) =>
    hiddenChannels.length === 0
      ? undefined
      : or(notInArray(decisions.channelId, [...hiddenChannels]), eq(decisions.proposerId, userId));

  const page = (where: SQL | undefined, limit: number): Promise<Page<Decision>> =>
    database.run(async (db) => ({
      rows: await db
        .select()
        .from(decisions)
        .where(where)
        .orderBy(desc(decisions.createdAt), desc(decisions.id))
        .limit(limit),
      total: (await db.select({ n: count() }).from(decisions).where(where))[0]?.n ?? 0,
    }));

  return {
    /** Open decisions where the person has not yet answered all three questions. */
    waitingForAnswer(teamId: string, viewer: Viewer, limit: number): Promise<Page<Decision>> {
      const answered = sql`(select count(*) from ${answers} where ${answers.decisionId} = ${decisions.id} and ${answers.userId} = ${viewer.userId} and ${answers.supersededAt} is null)`;
      return page(
        and(eq(decisions.teamId, teamId), eq(decisions.status, 'open'), lt(answered, 3), visibleTo(viewer)),
        limit,
      );
    },

    openProposedBy(teamId: string, userId: string, limit: number): Promise<Page<Decision>> {
      return page(
        and(eq(decisions.teamId, teamId), eq(decisions.proposerId, userId), eq(decisions.status, 'open')),
        limit,
      );
    },

    /** The latest decisions, optionally of one status; dismissed ones only when asked for. */
    recent(teamId: string, viewer: Viewer, status: DecisionStatus | undefined, limit: number): Promise<Page<Decision>> {
      const statusFilter = status ? eq(decisions.status, status) : ne(decisions.status, 'dismissed');
      return page(and(eq(decisions.teamId, teamId), statusFilter, visibleTo(viewer)), limit);
    },

    /** Current answers' choices for a set of decisions, to compute each one's majority. */
    async choicesFor(
      teamId: string,
      decisionIds: readonly number[],
    ): Promise<{ decisionId: number; question: number; choice: string | null }[]> {
      if (decisionIds.length === 0) return [];
      return database.run((db) =>
        db
          .select({ decisionId: answers.decisionId, question: answers.question, choice: answers.choice })
          .from(answers)
          .where(
            and(
              eq(answers.teamId, teamId),
              inArray(answers.decisionId, [...decisionIds]),
              isNull(answers.supersededAt),
            ),
          ),
      );
    },
  };
}

export type ReviewRepo = ReturnType<typeof createReviewRepo>;
