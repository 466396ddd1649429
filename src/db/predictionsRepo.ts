import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { OutcomeChoice, PredictionChoice } from '../decisions/prediction.js';
import type { Database, QueryDb, Schema } from './database.js';
import { enqueueIn, type OutboxJobInput } from './outboxRepo.js';
import type * as pgSchema from './schema/pg.js';

export type Prediction = typeof pgSchema.predictions.$inferSelect;

/** A review to ask or remind: the decision and the due date it is for. */
export interface DueReview {
  decisionId: number;
  dueAt: Date;
}

/** A reviewed prediction with what calibration splits it by. */
export interface ReviewedRow {
  decisionId: number;
  expectedReaction: Prediction['expectedReaction'];
  confidence: number | null;
  actualReaction: Prediction['actualReaction'];
  category: string | null;
}

interface LinkInput {
  teamId: string;
  decisionId: number;
  revisitsId: number;
  userId: string;
}

/** The links between a decision and the ones it revisits or is revisited by. */
export interface DecisionLinks {
  revisits: number | undefined;
  revisitedBy: number[];
}

const DAY_MS = 24 * 3600 * 1000;

/** Reviewed predictions and the motive answers (question 3) of their decisions, for calibration. */
export interface ReviewedData {
  rows: ReviewedRow[];
  motives: { decisionId: number; choice: string | null }[];
}

/** Reads ReviewedData with the given runner, so the digest can read it inside its own transaction. */
export async function reviewedIn(db: QueryDb, schema: Schema, teamId: string): Promise<ReviewedData> {
  const { predictions, decisions, answers } = schema;
  const reviewedOfTeam = and(
    eq(predictions.teamId, teamId),
    eq(predictions.skipped, false),
    isNotNull(predictions.actualReaction),
  );
  const rows = await db
    .select({
      decisionId: predictions.decisionId,
      expectedReaction: predictions.expectedReaction,
      confidence: predictions.confidence,
      actualReaction: predictions.actualReaction,
      category: decisions.category,
    })
    .from(predictions)
    .innerJoin(decisions, eq(decisions.id, predictions.decisionId))
    .where(reviewedOfTeam)
    .orderBy(asc(predictions.decisionId));
  const motives = await db
    .select({ decisionId: answers.decisionId, choice: answers.choice })
    .from(answers)
    .innerJoin(predictions, eq(predictions.decisionId, answers.decisionId))
    .where(and(reviewedOfTeam, eq(answers.question, 3), isNull(answers.supersededAt)))
    .orderBy(asc(answers.id));
  return { rows, motives };
}

/** Predictions made at confirmation, their reviews and outcomes, and the links between decisions. */
export function createPredictionsRepo(database: Database, now: () => Date) {
  const { predictions, decisions, decisionLinks } = database.schema;
  const key = (teamId: string, decisionId: number) =>
    and(eq(predictions.teamId, teamId), eq(predictions.decisionId, decisionId));
  /** A review still to be answered: a prediction (not skipped) of a confirmed decision with no outcome yet. */
  const awaitingOutcome = and(
    eq(predictions.skipped, false),
    isNull(predictions.actualReaction),
    eq(decisions.status, 'confirmed'),
  );

  /** A workspace's reviews awaiting an outcome that also meet `condition`, earliest `by` first. */
  function awaitingReviews(
    teamId: string,
    condition: SQL | undefined,
    by: typeof predictions.dueAt | typeof predictions.askedAt,
    limit: number,
  ): Promise<DueReview[]> {
    return database.run(async (db) =>
      (
        await db
          .select({ decisionId: predictions.decisionId, dueAt: predictions.dueAt })
          .from(predictions)
          .innerJoin(decisions, eq(decisions.id, predictions.decisionId))
          .where(and(eq(predictions.teamId, teamId), awaitingOutcome, condition))
          .orderBy(asc(by))
          .limit(limit)
      ).flatMap((r) => (r.dueAt ? [{ decisionId: r.decisionId, dueAt: r.dueAt }] : [])),
    );
  }

  async function linkIn(db: QueryDb, input: LinkInput): Promise<void> {
    const values = { revisitsId: input.revisitsId, createdBy: input.userId, createdAt: now() };
    await db
      .insert(decisionLinks)
      .values({ teamId: input.teamId, decisionId: input.decisionId, ...values })
      .onConflictDoUpdate({ target: decisionLinks.decisionId, set: values });
  }

  return {
    /**
     * Stores a confirmation's prediction inside the confirmation's transaction (see decisionsRepo.transition).
     * Confirming again after a reopen replaces the earlier prediction and its review.
     */
    async saveIn(
      tx: QueryDb,
      input: { teamId: string; decisionId: number; prediction: PredictionChoice; userId: string; at: Date },
    ): Promise<void> {
      const { prediction, at } = input;
      const values = prediction.skipped
        ? { skipped: true, expectedReaction: null, confidence: null, signal: null, afterDays: null, dueAt: null }
        : {
            skipped: false,
            expectedReaction: prediction.expected,
            confidence: prediction.confidence,
            signal: prediction.signal,
            afterDays: prediction.afterDays,
            dueAt: new Date(at.getTime() + prediction.afterDays * DAY_MS),
          };
      const fresh = {
        ...values,
        askedAt: null,
        remindedAt: null,
        tooEarlyCount: 0,
        actualReaction: null,
        evidence: null,
        decideAgain: null,
        recordedBy: null,
        recordedAt: null,
        predictedBy: input.userId,
        createdAt: at,
      };
      await tx
        .insert(predictions)
        .values({ teamId: input.teamId, decisionId: input.decisionId, ...fresh })
        .onConflictDoUpdate({ target: predictions.decisionId, set: fresh });
    },

    find(teamId: string, decisionId: number): Promise<Prediction | undefined> {
      return database.run(async (db) => (await db.select().from(predictions).where(key(teamId, decisionId)))[0]);
    },

    /** Reviews due by `at` and not asked yet for their due date, oldest due first. */
    dueToAsk(teamId: string, at: Date, limit: number): Promise<DueReview[]> {
      return awaitingReviews(
        teamId,
        and(isNull(predictions.askedAt), lte(predictions.dueAt, at)),
        predictions.dueAt,
        limit,
      );
    },

    /** Reviews asked before `askedBefore`, still unanswered and never reminded. */
    dueToRemind(teamId: string, askedBefore: Date, limit: number): Promise<DueReview[]> {
      return awaitingReviews(
        teamId,
        and(isNull(predictions.remindedAt), lte(predictions.askedAt, askedBefore)),
        predictions.askedAt,
        limit,
      );
    },

    /**
     * Marks a review asked for its due date and queues its posts, in one transaction: of several processes
     * (or passes) only the one whose conditional update changed the row queues them, so a due date is asked
     * once; the outbox then posts each job once, retrying when Slack fails.
     */
    claimAsk(teamId: string, review: DueReview, at: Date, jobs: readonly OutboxJobInput[]): Promise<boolean> {
      return database.transaction(async (tx) => {
        const changed = database.changes(
          await tx
            .update(predictions)
            .set({ askedAt: at })
            .where(
              and(
                key(teamId, review.decisionId),
                isNull(predictions.askedAt),
                isNull(predictions.actualReaction),
                eq(predictions.dueAt, review.dueAt),
              ),
            ),
        );
        if (changed !== 1) return false;
        for (const job of jobs) await enqueueIn(tx, database.schema, job, at);
        return true;
      });
    },

    /** The same for the one reminder of an unanswered review. */
    claimReminder(teamId: string, review: DueReview, at: Date, jobs: readonly OutboxJobInput[]): Promise<boolean> {
      return database.transaction(async (tx) => {
        const changed = database.changes(
          await tx
            .update(predictions)
            .set({ remindedAt: at })
            .where(
              and(
                key(teamId, review.decisionId),
                isNotNull(predictions.askedAt),
                isNull(predictions.remindedAt),
                isNull(predictions.actualReaction),
                eq(predictions.dueAt, review.dueAt),
              ),
            ),
        );
        if (changed !== 1) return false;
        for (const job of jobs) await enqueueIn(tx, database.schema, job, at);
        return true;
      });
    },

    /**
     * Records how customers reacted, once: undefined when the review already has an outcome (or was
     * skipped). "Too early to tell" moves the due date 30 days on and forgets the ask and the reminder,
     * so the next due date is asked again, at most MAX_TOO_EARLY times (checked by the caller and here).
     */
    recordOutcome(input: {
      teamId: string;
      decisionId: number;
      outcome: OutcomeChoice;
      userId: string;
      at: Date;
      askAgainAt: Date;
      maxTooEarly: number;
    }): Promise<Prediction | undefined> {
      const { outcome, at } = input;
      const open = and(
        key(input.teamId, input.decisionId),
        eq(predictions.skipped, false),
        isNull(predictions.actualReaction),
      );
      return database.run(async (db) => {
        const [updated] = outcome.tooEarly
          ? await db
              .update(predictions)
              .set({
                dueAt: input.askAgainAt,
                askedAt: null,
                remindedAt: null,
                tooEarlyCount: sql`${predictions.tooEarlyCount} + 1`,
                ...(outcome.evidence ? { evidence: outcome.evidence } : {}),
              })
              .where(and(open, lt(predictions.tooEarlyCount, input.maxTooEarly)))
              .returning()
          : await db
              .update(predictions)
              .set({
                actualReaction: outcome.actual,
                evidence: outcome.evidence,
                decideAgain: outcome.decideAgain,
                recordedBy: input.userId,
                recordedAt: at,
              })
              .where(open)
              .returning();
        return updated;
      });
    },

    /** Every reviewed prediction of a workspace, with its decision's category and its motive answers. */
    reviewed(teamId: string): Promise<ReviewedData> {
      return database.transaction((tx) => reviewedIn(tx, database.schema, teamId));
    },

    /** Reviews asked and not answered yet, oldest due first (the Home tab and the digest list them). */
    awaiting(teamId: string, dueBy: Date, limit: number) {
      return database.run((db) =>
        db
          .select({ decision: decisions, prediction: predictions })
          .from(predictions)
          .innerJoin(decisions, eq(decisions.id, predictions.decisionId))
          .where(and(eq(predictions.teamId, teamId), awaitingOutcome, lte(predictions.dueAt, dueBy)))
          .orderBy(asc(predictions.dueAt))
          .limit(limit),
      );
    },

    /** Marks `decisionId` as revisiting `revisitsId`; a decision revisits one other at most (the latest wins). */
    link(input: LinkInput): Promise<void> {
      return database.run((db) => linkIn(db, input));
    },

    /** The same, inside a transaction of the caller's (a proposal stored with what it revisits). */
    linkIn,

    linksFor(teamId: string, decisionId: number): Promise<DecisionLinks> {
      return database.run(async (db) => {
        const [revisits] = await db
          .select({ id: decisionLinks.revisitsId })
          .from(decisionLinks)
          .where(and(eq(decisionLinks.teamId, teamId), eq(decisionLinks.decisionId, decisionId)));
        const by = await db
          .select({ id: decisionLinks.decisionId })
          .from(decisionLinks)
          .where(and(eq(decisionLinks.teamId, teamId), eq(decisionLinks.revisitsId, decisionId)))
          .orderBy(asc(decisionLinks.decisionId));
        return { revisits: revisits?.id, revisitedBy: by.map((r) => r.id) };
      });
    },

    /** The predictions of some decisions, for views that list several. */
    forDecisions(teamId: string, ids: readonly number[]): Promise<Prediction[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return database.run((db) =>
        db
          .select()
          .from(predictions)
          .where(and(eq(predictions.teamId, teamId), inArray(predictions.decisionId, [...ids]))),
      );
    },
  };
}

export type PredictionsRepo = ReturnType<typeof createPredictionsRepo>;
