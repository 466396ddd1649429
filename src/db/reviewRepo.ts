import { and, count, desc, eq, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import type { Decision } from './decisionsRepo.js';
import { answers, type DecisionStatus, decisions } from './schema.js';

export interface Page<T> {
  rows: T[];
  total: number;
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
/** Who is looking: their own proposals and decisions outside `hiddenChannels` are theirs to see. */
export interface Viewer {
  userId: string;
  hiddenChannels: readonly string[];
}

const visibleTo = ({ userId, hiddenChannels }: Viewer) =>
  hiddenChannels.length === 0
    ? undefined
    : or(notInArray(decisions.channelId, [...hiddenChannels]), eq(decisions.proposerId, userId));

export function createReviewRepo(db: Db) {
  const page = (where: ReturnType<typeof and>, limit: number): Page<Decision> => ({
    rows: db
      .select()
      .from(decisions)
      .where(where)
      .orderBy(desc(decisions.createdAt), desc(decisions.id))
      .limit(limit)
      .all(),
    total: db.select({ n: count() }).from(decisions).where(where).get()?.n ?? 0,
  });

  return {
    /** Open decisions where the person has not yet answered all three questions. */
    waitingForAnswer(teamId: string, viewer: Viewer, limit: number): Page<Decision> {
      const answered = db
        .select({ n: count() })
        .from(answers)
        .where(
          and(eq(answers.decisionId, decisions.id), eq(answers.userId, viewer.userId), isNull(answers.supersededAt)),
        );
      return page(
        and(eq(decisions.teamId, teamId), eq(decisions.status, 'open'), lt(sql`(${answered})`, 3), visibleTo(viewer)),
        limit,
      );
    },

    openProposedBy(teamId: string, userId: string, limit: number): Page<Decision> {
      return page(
        and(eq(decisions.teamId, teamId), eq(decisions.proposerId, userId), eq(decisions.status, 'open')),
        limit,
      );
    },

    /** The latest decisions, optionally of one status; dismissed ones only when asked for. */
    recent(teamId: string, viewer: Viewer, status: DecisionStatus | undefined, limit: number): Page<Decision> {
      const statusFilter = status ? eq(decisions.status, status) : sql`${decisions.status} <> 'dismissed'`;
      return page(and(eq(decisions.teamId, teamId), statusFilter, visibleTo(viewer)), limit);
    },

    /** Current answers' choices for a set of decisions, to compute each one's majority. */
    choicesFor(
      teamId: string,
      decisionIds: readonly number[],
    ): { decisionId: number; question: number; choice: string | null }[] {
      if (decisionIds.length === 0) return [];
      return db
        .select({ decisionId: answers.decisionId, question: answers.question, choice: answers.choice })
        .from(answers)
        .where(
          and(eq(answers.teamId, teamId), inArray(answers.decisionId, [...decisionIds]), isNull(answers.supersededAt)),
        )
        .all();
    },
  };
}

export type ReviewRepo = ReturnType<typeof createReviewRepo>;
