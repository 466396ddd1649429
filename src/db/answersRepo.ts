import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from './database.js';
import type * as pgSchema from './schema/pg.js';

export type Answer = typeof pgSchema.answers.$inferSelect;

export interface NewAnswer {
  teamId: string;
  decisionId: number;
  question: number;
  userId: string;
  choice: string | null;
  text: string | null;
  at: Date;
}

/** PostgreSQL's unique_violation, on the error itself or on the query error drizzle wraps it in. */
function isUniqueViolation(error: unknown): boolean {
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  return code === '23505' || cause?.code === '23505';
}

/**
 * Two answers from one person to one question stored at once (two open forms, two app instances): on
 * PostgreSQL both supersede the same earlier answer and the second insert breaks answers_current_uq.
 * Storing it again supersedes the answer that won. (SQLite runs one transaction at a time.)
 */
const RECORD_ATTEMPTS = 5;

export function createAnswersRepo(database: Database) {
  const { answers } = database.schema;
  const recordOnce = (answer: NewAnswer): Promise<Answer> =>
    database.transaction(async (tx) => {
      await tx
        .update(answers)
        .set({ supersededAt: answer.at })
        .where(
          and(
            eq(answers.teamId, answer.teamId),
            eq(answers.decisionId, answer.decisionId),
            eq(answers.question, answer.question),
            eq(answers.userId, answer.userId),
            isNull(answers.supersededAt),
          ),
        );
      const { at, ...values } = answer;
      const [row] = await tx
        .insert(answers)
        .values({ ...values, createdAt: at })
        .returning();
      if (!row) throw new Error('Answer insert returned no row');
      return row;
    });

  return {
    /** Stores a person's answer; their earlier answer to the same question is kept as history. */
    async record(answer: NewAnswer): Promise<Answer> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await recordOnce(answer);
        } catch (error) {
          if (attempt >= RECORD_ATTEMPTS || !isUniqueViolation(error)) throw error;
        }
      }
    },

    /** Everyone's current answers to a decision, in the order they were given. */
    currentFor(teamId: string, decisionId: number): Promise<Answer[]> {
      return database.run((db) =>
        db
          .select()
          .from(answers)
          .where(and(eq(answers.teamId, teamId), eq(answers.decisionId, decisionId), isNull(answers.supersededAt)))
          .orderBy(asc(answers.id)),
      );
    },

    /** Every answer ever given to a decision, superseded ones included. */
    historyFor(teamId: string, decisionId: number): Promise<Answer[]> {
      return database.run((db) =>
        db
          .select()
          .from(answers)
          .where(and(eq(answers.teamId, teamId), eq(answers.decisionId, decisionId)))
          .orderBy(asc(answers.id)),
      );
    },
  };
}

export type AnswersRepo = ReturnType<typeof createAnswersRepo>;
