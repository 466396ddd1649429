import type { Db } from './client.js';
import type { DecisionStatus } from './schema.js';

export interface ExportFilters {
  teamId?: string | undefined;
  channelId?: string | undefined;
  status?: DecisionStatus | undefined;
  /** Inclusive bounds on when the decision was proposed. */
  since?: Date | undefined;
  until?: Date | undefined;
}

export interface ExportDecisionRow {
  id: number;
  teamId: string;
  channelId: string;
  title: string;
  description: string | null;
  category: string | null;
  status: DecisionStatus;
  proposerId: string;
  createdAt: number;
  decideBy: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  /** The decision's current answers as JSON: [[question, choice, text], …]. */
  answers: string;
}

export interface ExportAnswerRow {
  decisionId: number;
  title: string;
  question: number;
  userId: string;
  choice: string | null;
  text: string | null;
  answeredAt: number;
  replacedAt: number | null;
}

function where(filters: ExportFilters): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number | undefined) => {
    if (value === undefined) return;
    clauses.push(clause);
    params.push(value);
  };
  add('d.team_id = ?', filters.teamId);
  add('d.channel_id = ?', filters.channelId);
  add('d.status = ?', filters.status);
  add('d.created_at >= ?', filters.since?.getTime());
  add('d.created_at <= ?', filters.until?.getTime());
  return { sql: clauses.length > 0 ? `where ${clauses.join(' and ')}` : '', params };
}

/**
 * Streaming reads for the export: better-sqlite3's iterate() yields one row at a time, so a million
 * decisions never sit in memory together. Each decision's answers come from a correlated subquery on
 * the partial index answers_current_uq (decision_id, question, user_id where superseded_at is null):
 *   SCAN d  |  CORRELATED SCALAR SUBQUERY: SEARCH a USING INDEX answers_current_uq (decision_id=?)
 */
export function createExportRepo(db: Db) {
  return {
    decisions(filters: ExportFilters): IterableIterator<ExportDecisionRow> {
      const { sql, params } = where(filters);
      return db.$client
        .prepare(
          `select d.id, d.team_id as teamId, d.channel_id as channelId, d.title, d.description, d.category, d.status,
                  d.proposer_id as proposerId, d.created_at as createdAt, d.decide_by as decideBy,
                  d.decided_by as decidedBy, d.decided_at as decidedAt,
                  (select json_group_array(json_array(a.question, a.choice, a.text))
                     from answers a where a.decision_id = d.id and a.superseded_at is null) as answers
             from decisions d ${sql}
            order by d.id`,
        )
        .iterate(...params) as IterableIterator<ExportDecisionRow>;
    },

    /** Every answer ever given (replaced ones carry when they were replaced), decision by decision. */
    answers(filters: ExportFilters): IterableIterator<ExportAnswerRow> {
      const { sql, params } = where(filters);
      return db.$client
        .prepare(
          `select a.decision_id as decisionId, d.title, a.question, a.user_id as userId, a.choice, a.text,
                  a.created_at as answeredAt, a.superseded_at as replacedAt
             from decisions d join answers a on a.decision_id = d.id and a.team_id = d.team_id ${sql}
            order by d.id, a.id`,
        )
        .iterate(...params) as IterableIterator<ExportAnswerRow>;
    },
  };
}

export type ExportRepo = ReturnType<typeof createExportRepo>;
