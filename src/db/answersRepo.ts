import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from './client.js';
import { answers } from './schema.js';

export function createAnswersRepo(db: Db) {
  return {
    /** How many people currently hold an answer to each question of a decision. */
    progress(teamId: string, decisionId: number): { question: number; answers: number }[] {
      return db
        .select({ question: answers.question, answers: count() })
        .from(answers)
        .where(and(eq(answers.teamId, teamId), eq(answers.decisionId, decisionId), isNull(answers.supersededAt)))
        .groupBy(answers.question)
        .all();
    },
  };
}

export type AnswersRepo = ReturnType<typeof createAnswersRepo>;
