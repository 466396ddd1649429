import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { answers } from './schema.js';

export type Answer = typeof answers.$inferSelect;

export interface NewAnswer {
  teamId: string;
  decisionId: number;
  question: number;
  userId: string;
  choice: string | null;
  text: string | null;
  at: Date;
}

export function createAnswersRepo(db: Db) {
  const currentOf = db
    .select()
    .from(answers)
    .where(
      and(
        eq(answers.teamId, sql.placeholder('teamId')),
        eq(answers.decisionId, sql.placeholder('decisionId')),
        isNull(answers.supersededAt),
      ),
    )
    .orderBy(asc(answers.id))
    .prepare();

  return {
    /** Stores a person's answer; their earlier answer to the same question is kept as history. */
    record(answer: NewAnswer): Answer {
      return db.transaction((tx) => {
        tx.update(answers)
          .set({ supersededAt: answer.at })
          .where(
            and(
              eq(answers.teamId, answer.teamId),
              eq(answers.decisionId, answer.decisionId),
              eq(answers.question, answer.question),
              eq(answers.userId, answer.userId),
              isNull(answers.supersededAt),
            ),
          )
          .run();
        const { at, ...values } = answer;
        const [row] = tx
          .insert(answers)
          .values({ ...values, createdAt: at })
          .returning()
          .all();
        if (!row) throw new Error('Answer insert returned no row');
        return row;
      });
    },

    /** Everyone's current answers to a decision, in the order they were given. */
    currentFor(teamId: string, decisionId: number): Answer[] {
      return currentOf.all({ teamId, decisionId });
    },

    /** Every answer ever given to a decision, superseded ones included. */
    historyFor(teamId: string, decisionId: number): Answer[] {
      return db
        .select()
        .from(answers)
        .where(and(eq(answers.teamId, teamId), eq(answers.decisionId, decisionId)))
        .orderBy(asc(answers.id))
        .all();
    },
  };
}

export type AnswersRepo = ReturnType<typeof createAnswersRepo>;
