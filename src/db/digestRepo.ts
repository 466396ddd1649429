import { and, asc, count, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { QUESTIONS } from '../decisions/questions.js';
import type { Database, QueryDb, Schema } from './database.js';
import { type CitedFeedback, feedbackSavedBetween } from './feedbackRepo.js';
import { type ReviewedData, reviewedIn } from './predictionsRepo.js';
import type * as pgSchema from './schema/pg.js';

export type DigestRun = typeof pgSchema.digestRuns.$inferSelect;

/** What a digest or a nudge needs to know about a decision, with its current answers in the order given. */
export interface DigestDecision {
  id: number;
  teamId: string;
  channelId: string;
  channelIsPrivate: boolean | null;
  title: string;
  category: string | null;
  status: (typeof pgSchema.decisions.$inferSelect)['status'];
  proposerId: string;
  createdAt: Date;
  messageTs: string | null;
  threadTs: string | null;
  cardTs: string | null;
  answers: DigestAnswer[];
  /** For confirmed decisions: whether the customer's path was mapped, and how ready its front line is. */
  frontLine?: DigestFrontLine | undefined;
}

export interface DigestFrontLine {
  mapped: boolean;
  /** People of the latest briefing round who acknowledged, of all of them (0 of 0 before it was worked out). */
  ready: number;
  total: number;
}

export interface DigestAnswer {
  question: number;
  userId: string;
  choice: string | null;
  text: string | null;
}

export interface DigestData {
  period: { start: Date; end: Date };
  /** Decisions proposed in the period (dismissed ones excluded), oldest first. */
  week: DigestDecision[];
  /** Decisions proposed in the week before, for "vs last week". */
  previousWeek: DigestDecision[];
  /** Open decisions of any age with a question nobody has answered. */
  waiting: WaitingList;
  /** Reviews of how customers reacted: those due by the period's end and still unanswered, and the rest. */
  reviews?: DigestReviews;
}

/** The decisions still waiting for an answer, counted in SQL; only the few a digest names are read. */
export interface WaitingList {
  total: number;
  /** How many of them may be named where the digest is read (its own channel's, or public ones). */
  shown: number;
  /** The oldest of those, up to the limit asked for, oldest first. */
  oldest: DigestDecision[];
}

export interface DigestReviews {
  /** Due by the end of the period (overdue ones included) with no outcome yet, oldest due first. */
  due: (DigestDecision & { dueAt: Date })[];
  /** Decisions confirmed in the period with "skip the review". */
  skipped: number;
  /** Every reviewed prediction, for the monthly calibration. */
  reviewed: ReviewedData;
}

/** The columns a digest or a reminder reads, and the one definition of "unanswered" in SQL. */
function digestQueries({ decisions, answers, touchpoints, briefings }: Schema) {
  const columns = {
    id: decisions.id,
    teamId: decisions.teamId,
    channelId: decisions.channelId,
    channelIsPrivate: decisions.channelIsPrivate,
    title: decisions.title,
    category: decisions.category,
    status: decisions.status,
    proposerId: decisions.proposerId,
    createdAt: decisions.createdAt,
    messageTs: decisions.messageTs,
    threadTs: decisions.threadTs,
    cardTs: decisions.cardTs,
  };
  // A question nobody has answered (questions.ts unansweredQuestions with 1): fewer distinct questions
  // with a current answer than there are questions.
  const answeredQuestionCount = sql<number>`(select count(distinct ${answers.question}) from ${answers} where ${answers.decisionId} = ${decisions.id} and ${answers.supersededAt} is null)`;
  const hasUnansweredQuestion = lt(answeredQuestionCount, QUESTIONS.length);

  /** Keeps each `in (…)` list far below the engines' bounds on query parameters. */
  const ID_CHUNK = 500;

  async function withAnswers(db: QueryDb, rows: Omit<DigestDecision, 'answers'>[]): Promise<DigestDecision[]> {
    const byDecision = new Map<number, DigestAnswer[]>(rows.map((r) => [r.id, []]));
    const ids = [...byDecision.keys()];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const found = await db
        .select({
          decisionId: answers.decisionId,
          question: answers.question,
          userId: answers.userId,
          choice: answers.choice,
          text: answers.text,
        })
        .from(answers)
        .where(and(inArray(answers.decisionId, ids.slice(i, i + ID_CHUNK)), isNull(answers.supersededAt)))
        .orderBy(asc(answers.id));
      for (const { decisionId, ...answer } of found) byDecision.get(decisionId)?.push(answer);
    }
    return rows.map((r) => ({ ...r, answers: byDecision.get(r.id) ?? [] }));
  }

  /** The front line of confirmed decisions: mapped or not, and their latest round's acknowledgements. */
  async function withFrontLine(db: QueryDb, rows: DigestDecision[]): Promise<DigestDecision[]> {
    const ids = rows.filter((r) => r.status === 'confirmed').map((r) => r.id);
    const lines = new Map<number, DigestFrontLine>(ids.map((id) => [id, { mapped: false, ready: 0, total: 0 }]));
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const chunk = ids.slice(i, i + ID_CHUNK);
      const mapped = await db
        .selectDistinct({ decisionId: touchpoints.decisionId })
        .from(touchpoints)
        .where(inArray(touchpoints.decisionId, chunk));
      for (const { decisionId } of mapped) {
        const line = lines.get(decisionId);
        if (line) line.mapped = true;
      }
      const people = await db
        .select({ decisionId: briefings.decisionId, ackedAt: briefings.ackedAt })
        .from(briefings)
        .innerJoin(decisions, eq(decisions.id, briefings.decisionId))
        .where(
          and(
            inArray(briefings.decisionId, chunk),
            eq(briefings.round, decisions.confirmations),
            ne(briefings.kind, 'post'),
          ),
        );
      for (const { decisionId, ackedAt } of people) {
        const line = lines.get(decisionId);
        if (!line) continue;
        line.total += 1;
        if (ackedAt) line.ready += 1;
      }
    }
    return rows.map((r) => (lines.has(r.id) ? { ...r, frontLine: lines.get(r.id) } : r));
  }

  return { columns, hasUnansweredQuestion, withAnswers, withFrontLine };
}

export function createDigestRepo(database: Database) {
  const { decisions, digestRuns } = database.schema;
  const { columns, hasUnansweredQuestion, withAnswers, withFrontLine } = digestQueries(database.schema);
  const proposedBetween = (db: QueryDb, teamId: string, start: Date, end: Date) =>
    db
      .select(columns)
      .from(decisions)
      .where(
        and(
          eq(decisions.teamId, teamId),
          gte(decisions.createdAt, start),
          lt(decisions.createdAt, end),
          ne(decisions.status, 'dismissed'),
        ),
      )
      .orderBy(asc(decisions.createdAt), asc(decisions.id));

  const { predictions } = database.schema;
  async function reviewsFor(db: QueryDb, teamId: string, period: { start: Date; end: Date }): Promise<DigestReviews> {
    const due = await db
      .select({ ...columns, dueAt: predictions.dueAt })
      .from(predictions)
      .innerJoin(decisions, eq(decisions.id, predictions.decisionId))
      .where(
        and(
          eq(predictions.teamId, teamId),
          eq(predictions.skipped, false),
          isNull(predictions.actualReaction),
          eq(decisions.status, 'confirmed'),
          lt(predictions.dueAt, period.end),
        ),
      )
      .orderBy(asc(predictions.dueAt), asc(decisions.id));
    const [skipped] = await db
      .select({ n: count() })
      .from(predictions)
      .where(
        and(
          eq(predictions.teamId, teamId),
          eq(predictions.skipped, true),
          gte(predictions.createdAt, period.start),
          lt(predictions.createdAt, period.end),
        ),
      );
    return {
      due: due.flatMap(({ dueAt, ...d }) => (dueAt ? [{ ...d, answers: [], dueAt }] : [])),
      skipped: skipped?.n ?? 0,
      reviewed: await reviewedIn(db, database.schema, teamId),
    };
  }

  const runKey = (teamId: string, channelId: string, slot: string) =>
    and(eq(digestRuns.teamId, teamId), eq(digestRuns.channelId, channelId), eq(digestRuns.slot, slot));

  return {
    /**
     * Everything a weekly digest shows, read in one transaction so the parts agree with each other.
     * The waiting list is counted in SQL and only its oldest `waiting.limit` decisions shown in
     * `waiting.channelId` are read, with their answers: reading every open decision and its answers was
     * most of a digest's time at 100,000 decisions.
     * EXPLAIN QUERY PLAN (SQLite 3.53):
     *   the week and the week before: SEARCH decisions USING INDEX decisions_team_created_idx
     *                                 (team_id=? AND created_at>? AND created_at<?)
     *   waiting (count, then the oldest): SEARCH decisions USING INDEX decisions_team_status_created_idx
     *            (team_id=? AND status=?) | CORRELATED SCALAR SUBQUERY | SEARCH answers USING INDEX
     *            answers_current_uq (decision_id=?)
     *   their answers: SEARCH answers USING INDEX answers_current_uq (decision_id=?)
     */
    gather(
      teamId: string,
      period: { start: Date; end: Date },
      previousStart: Date,
      waiting: { channelId: string | undefined; limit: number },
    ): Promise<DigestData> {
      return database.transaction(async (db) => {
        // PostgreSQL's default isolation gives each statement a snapshot of its own; a SQLite transaction
        // already reads one.
        if (database.engine === 'postgres') {
          await db.execute(sql`set transaction isolation level repeatable read, read only`);
        }
        const week = await proposedBetween(db, teamId, period.start, period.end);
        const previousWeek = await proposedBetween(db, teamId, previousStart, period.start);
        const waits = and(eq(decisions.teamId, teamId), eq(decisions.status, 'open'), hasUnansweredQuestion);
        // A private channel's decision is named only in its own channel (see views/digest.ts isShownIn).
        const shownThere = waiting.channelId
          ? or(eq(decisions.channelId, waiting.channelId), eq(decisions.channelIsPrivate, false))
          : eq(decisions.channelIsPrivate, false);
        const [counted] = await db
          .select({
            total: count(),
            shown: sql<number>`coalesce(sum(case when ${shownThere} then 1 else 0 end), 0)`.mapWith(Number),
          })
          .from(decisions)
          .where(waits);
        const oldest = await db
          .select(columns)
          .from(decisions)
          .where(and(waits, shownThere))
          .orderBy(asc(decisions.createdAt), asc(decisions.id))
          .limit(waiting.limit);
        return {
          period,
          week: await withFrontLine(db, await withAnswers(db, week)),
          previousWeek: await withAnswers(db, previousWeek),
          waiting: { total: counted?.total ?? 0, shown: counted?.shown ?? 0, oldest: await withAnswers(db, oldest) },
          reviews: await reviewsFor(db, teamId, period),
        };
      });
    },

    /** The customer feedback saved in the digest's week, with how often each is cited. */
    feedbackSaved(teamId: string, period: { start: Date; end: Date }): Promise<CitedFeedback[]> {
      return database.run((db) => feedbackSavedBetween(db, database.schema, teamId, period));
    },

    /** Whether anything was proposed before `at`: a workspace that had nothing then has no digest to catch up on. */
    hasDecisionsBefore(teamId: string, at: Date): Promise<boolean> {
      return database.run(
        async (db) =>
          (
            await db
              .select({ id: decisions.id })
              .from(decisions)
              .where(and(eq(decisions.teamId, teamId), lt(decisions.createdAt, at)))
              .limit(1)
          ).length > 0,
      );
    },

    findRun(teamId: string, channelId: string, slot: string): Promise<DigestRun | undefined> {
      return database.run(
        async (db) =>
          (
            await db
              .select()
              .from(digestRuns)
              .where(runKey(teamId, channelId, slot))
          )[0],
      );
    },

    /**
     * Claims a slot for posting; undefined when another process holds or has posted it. Each branch is one
     * statement, so two processes racing for the same slot cannot both win:
     * - a slot never seen is claimed by inserting its row (the unique index turns the loser's insert into a no-op);
     * - a 'failed' run is claimed again;
     * - a 'claimed' run is taken over only when no post was attempted under that claim (attempts = 0) and it
     *   was claimed before `staleBefore`: its process died between claiming and calling Slack, so nothing
     *   can be in the channel. A claimed run with attempts > 0 is never taken over: Slack may have accepted
     *   the message just before its process died, and posting again could show the digest twice.
     * created_at records when the run was last claimed (a re-claim moves it), which is what staleness is
     * measured from; attempts counts the tries under the current claim.
     */
    claimRun(input: {
      teamId: string;
      channelId: string;
      slot: string;
      late: boolean;
      at: Date;
      staleBefore: Date;
    }): Promise<DigestRun | undefined> {
      const { teamId, channelId, slot, late, at, staleBefore } = input;
      return database.run(async (db) => {
        const [inserted] = await db
          .insert(digestRuns)
          .values({ teamId, channelId, slot, late, status: 'claimed', attempts: 0, createdAt: at })
          .onConflictDoNothing()
          .returning();
        if (inserted) return inserted;
        const [reclaimed] = await db
          .update(digestRuns)
          .set({ status: 'claimed', late, attempts: 0, createdAt: at })
          .where(
            and(
              runKey(teamId, channelId, slot),
              or(
                eq(digestRuns.status, 'failed'),
                and(
                  eq(digestRuns.status, 'claimed'),
                  eq(digestRuns.attempts, 0),
                  lt(digestRuns.createdAt, staleBefore),
                ),
              ),
            ),
          )
          .returning();
        return reclaimed;
      });
    },

    /** Counts a try before Slack is called, so a run that dies mid-call is known to have maybe posted. */
    startAttempt(id: number): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(digestRuns)
          .set({ attempts: sql`${digestRuns.attempts} + 1` })
          .where(and(eq(digestRuns.id, id), eq(digestRuns.status, 'claimed')));
      });
    },

    markPosted(id: number, messageTs: string | null, at: Date): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(digestRuns)
          .set({ status: 'posted', messageTs, postedAt: at, lastError: null })
          .where(and(eq(digestRuns.id, id), eq(digestRuns.status, 'claimed')));
      });
    },

    markFailed(id: number, error: string): Promise<void> {
      return database.run(async (db) => {
        await db
          .update(digestRuns)
          .set({ status: 'failed', lastError: error })
          .where(and(eq(digestRuns.id, id), eq(digestRuns.status, 'claimed')));
      });
    },
  };
}

export type DigestRepo = ReturnType<typeof createDigestRepo>;

/** Queries for the one reminder an unanswered decision gets. */
export function createNudgeRepo(database: Database) {
  const { decisions } = database.schema;
  const { columns, hasUnansweredQuestion, withAnswers } = digestQueries(database.schema);
  return {
    /**
     * Open decisions proposed at or before `proposedBefore` that still have an unanswered question and were
     * never nudged, oldest first. Only decisions whose card and prompts are in Slack: the reminder goes
     * in their thread.
     */
    due(teamId: string, proposedBefore: Date, limit: number): Promise<DigestDecision[]> {
      return database.run(async (db) => {
        const rows = await db
          .select(columns)
          .from(decisions)
          .where(
            and(
              eq(decisions.teamId, teamId),
              eq(decisions.status, 'open'),
              isNull(decisions.nudgedAt),
              isNotNull(decisions.postedAt),
              lte(decisions.createdAt, proposedBefore),
              hasUnansweredQuestion,
            ),
          )
          .orderBy(asc(decisions.createdAt), asc(decisions.id))
          .limit(limit);
        return withAnswers(db, rows);
      });
    },

    /** Marks a decision nudged before anything is posted; false when another process got there first. */
    claim(id: number, at: Date): Promise<boolean> {
      return database.run(
        async (db) =>
          database.changes(
            await db
              .update(decisions)
              .set({ nudgedAt: at })
              .where(and(eq(decisions.id, id), isNull(decisions.nudgedAt), eq(decisions.status, 'open'))),
          ) === 1,
      );
    },
  };
}

export type NudgeRepo = ReturnType<typeof createNudgeRepo>;
