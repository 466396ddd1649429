import BetterSqlite3 from 'better-sqlite3';
import { and, asc, eq, gt, gte, inArray, isNull, lte, max, or, type SQL } from 'drizzle-orm';
import type { Database, QueryDb, Schema } from './database.js';
import type { DecisionStatus } from './schema/shared.js';
import type { Feedback } from './feedbackRepo.js';

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
  /** The decision's current answers as JSON, oldest first: [[question, choice, text], …]. */
  answers: string;
  /** The prediction made at confirmation (null without one); whether the review was skipped, as 1 or 0. */
  reviewSkipped: number | null;
  expectedReaction: string | null;
  confidence: number | null;
  signal: string | null;
  reviewDue: number | null;
  actualReaction: string | null;
  evidence: string | null;
  decideAgain: string | null;
  recordedBy: string | null;
  recordedAt: number | null;
  /** The decision this one revisits, and those revisiting it (ids separated by spaces, ascending). */
  revisits: number | null;
  revisitedBy: string | null;
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

export type ExportKind = 'decisions' | 'answers';

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
 * The statement behind each export. A team's rows come in (team_id, created_at, id) order because that
 * is the order of the decisions indexes, so SQLite walks an index and hands over each row as it reaches
 * it; ordered by id alone, it would sort every matching row in a temporary B-tree before the first came
 * out. Without --team the rows come in id order, the table's own, which a full export reads fastest.
 * The cross join keeps decisions the outer loop, so answers follow the same order. A decision's current
 * answers are read through answers_team_decision_idx, which holds them oldest first.
 * EXPLAIN QUERY PLAN (SQLite 3.53, no ANALYZE statistics):
 *   decisions, no filter: SCAN d
 *                         | CORRELATED SCALAR SUBQUERY 1
 *                         | SEARCH a USING INDEX answers_team_decision_idx (team_id=? AND decision_id=?)
 *   --team --since --until: SEARCH d USING INDEX decisions_team_created_idx
 *                                   (team_id=? AND created_at>? AND created_at<?) | …
 *   --team --status: SEARCH d USING INDEX decisions_team_status_created_idx (team_id=? AND status=?) | …
 *   one channel (the slash command): SEARCH d USING INDEX decisions_team_created_idx (team_id=?) | …
 *   answers, --team: SEARCH d USING INDEX decisions_team_created_idx (team_id=?)
 *                    | SEARCH a USING INDEX answers_team_decision_idx (team_id=? AND decision_id=?)
 * No filter combination needs a temporary B-tree (the export test holds every plan to that). Without
 * --team every decision is visited: no index starts with created_at, status or channel_id.
 */
export function exportStatement(
  kind: ExportKind,
  filters: ExportFilters,
): { sql: string; params: (string | number)[] } {
  const { sql, params } = where(filters);
  // A team's decisions come through its index; everyone's in rowid order, a plain table scan.
  const order = filters.teamId === undefined ? 'd.id' : 'd.team_id, d.created_at, d.id';
  if (kind === 'decisions') {
    return {
      sql: `select d.id, d.team_id as teamId, d.channel_id as channelId, d.title, d.description, d.category, d.status,
                   d.proposer_id as proposerId, d.created_at as createdAt, d.decide_by as decideBy,
                   d.decided_by as decidedBy, d.decided_at as decidedAt,
                   (select json_group_array(json_array(a.question, a.choice, a.text))
                      from answers a
                     where a.team_id = d.team_id and a.decision_id = d.id and a.superseded_at is null) as answers,
                   p.skipped as reviewSkipped, p.expected_reaction as expectedReaction, p.confidence, p.signal,
                   p.due_at as reviewDue, p.actual_reaction as actualReaction, p.evidence,
                   p.decide_again as decideAgain, p.recorded_by as recordedBy, p.recorded_at as recordedAt,
                   l.revisits_id as revisits,
                   (select group_concat(r.decision_id, ' ')
                      from decision_links r
                     where r.team_id = d.team_id and r.revisits_id = d.id) as revisitedBy
              from decisions d
              left join predictions p on p.decision_id = d.id
              left join decision_links l on l.decision_id = d.id ${sql}
             order by ${order}`,
      params,
    };
  }
  return {
    sql: `select a.decision_id as decisionId, d.title, a.question, a.user_id as userId, a.choice, a.text,
                 a.created_at as answeredAt, a.superseded_at as replacedAt
            from decisions d cross join answers a on a.team_id = d.team_id and a.decision_id = d.id ${sql}
           order by ${order}, a.id`,
    params,
  };
}

/**
 * Streaming reads for the export, a row at a time, so a million decisions never sit in memory together.
 * On SQLite, better-sqlite3's iterate() walks the statement above. While a statement is being iterated
 * its connection refuses every write ("This database connection is busy"), and an export can sit waiting
 * on a slow reader for a long time, so a file database is read through a connection of the export's own,
 * closed when the rows run out or the reader stops. An in-memory database cannot be opened twice and is
 * read in place. On PostgreSQL the rows come in pages of PAGE, each page from where the last one ended
 * (the same order as on SQLite), so no cursor holds a pooled connection while the reader is slow. The
 * pages are not one snapshot, as SQLite's statement is: decisions proposed after the export began are
 * left out (they have higher ids), but a decision changed meanwhile shows as it was when its page was read.
 */
export function createExportRepo(database: Database) {
  async function* sqliteRows<Row>(
    sqlite: BetterSqlite3.Database,
    kind: ExportKind,
    filters: ExportFilters,
  ): AsyncGenerator<Row, void, undefined> {
    const { sql, params } = exportStatement(kind, filters);
    const own = sqlite.memory ? undefined : new BetterSqlite3(sqlite.name, { readonly: true, fileMustExist: true });
    try {
      yield* (own ?? sqlite).prepare(sql).iterate(...params) as IterableIterator<Row>;
    } finally {
      own?.close();
    }
  }

  return {
    decisions: (filters: ExportFilters): AsyncIterable<ExportDecisionRow> =>
      database.sqlite
        ? sqliteRows<ExportDecisionRow>(database.sqlite, 'decisions', filters)
        : pagedDecisions(database, filters),

    /** Every customer feedback item, oldest first, in pages (there are far fewer than decisions). */
    feedback: (filters: ExportFilters): AsyncIterable<Feedback> => pagedFeedback(database, filters),

    /** Every answer ever given (replaced ones carry when they were replaced), decision by decision. */
    answers: (filters: ExportFilters): AsyncIterable<ExportAnswerRow> =>
      database.sqlite
        ? sqliteRows<ExportAnswerRow>(database.sqlite, 'answers', filters)
        : pagedAnswers(database, filters),
  };
}

export type ExportRepo = ReturnType<typeof createExportRepo>;

const PAGE = 1000;

function filtersOn({ decisions }: Schema, filters: ExportFilters): SQL | undefined {
  return and(
    filters.teamId === undefined ? undefined : eq(decisions.teamId, filters.teamId),
    filters.channelId === undefined ? undefined : eq(decisions.channelId, filters.channelId),
    filters.status === undefined ? undefined : eq(decisions.status, filters.status),
    filters.since === undefined ? undefined : gte(decisions.createdAt, filters.since),
    filters.until === undefined ? undefined : lte(decisions.createdAt, filters.until),
  );
}

/** One page of decisions after `last`, up to id `upTo`, in the order exportStatement gives: by id, or a team's by (created_at, id). */
async function decisionPage(
  db: QueryDb,
  schema: Schema,
  filters: ExportFilters,
  upTo: number,
  last: { id: number; createdAt: Date } | undefined,
) {
  const { decisions } = schema;
  const byTeam = filters.teamId !== undefined;
  const after =
    last === undefined
      ? undefined
      : byTeam
        ? or(
            gt(decisions.createdAt, last.createdAt),
            and(eq(decisions.createdAt, last.createdAt), gt(decisions.id, last.id)),
          )
        : gt(decisions.id, last.id);
  return db
    .select()
    .from(decisions)
    .where(and(filtersOn(schema, filters), lte(decisions.id, upTo), after))
    .orderBy(...(byTeam ? [asc(decisions.createdAt), asc(decisions.id)] : [asc(decisions.id)]))
    .limit(PAGE);
}

async function* decisionPages(database: Database, filters: ExportFilters) {
  const { decisions } = database.schema;
  const [newest] = await database.run((db) => db.select({ id: max(decisions.id) }).from(decisions));
  const upTo = newest?.id;
  if (upTo === null || upTo === undefined) return;
  let last: { id: number; createdAt: Date } | undefined;
  for (;;) {
    const page = await database.run((db) => decisionPage(db, database.schema, filters, upTo, last));
    if (page.length === 0) return;
    yield page;
    last = page.at(-1);
  }
}

/** The predictions and links of a page of decisions, by decision id. */
async function reviewsOfPage(database: Database, ids: number[]) {
  const { predictions, decisionLinks } = database.schema;
  return database.run(async (db) => {
    const found = await db.select().from(predictions).where(inArray(predictions.decisionId, ids));
    const revisits = await db.select().from(decisionLinks).where(inArray(decisionLinks.decisionId, ids));
    const revisitedBy = await db
      .select()
      .from(decisionLinks)
      .where(inArray(decisionLinks.revisitsId, ids))
      .orderBy(asc(decisionLinks.decisionId));
    return {
      prediction: (id: number) => found.find((p) => p.decisionId === id),
      revisits: (id: number) => revisits.find((l) => l.decisionId === id)?.revisitsId ?? null,
      revisitedBy: (id: number) =>
        revisitedBy
          .filter((l) => l.revisitsId === id)
          .map((l) => l.decisionId)
          .join(' ') || null,
    };
  });
}

async function* pagedDecisions(database: Database, filters: ExportFilters): AsyncGenerator<ExportDecisionRow> {
  const { answers } = database.schema;
  for await (const page of decisionPages(database, filters)) {
    const reviews = await reviewsOfPage(
      database,
      page.map((d) => d.id),
    );
    const current = await database.run((db) =>
      db
        .select({
          decisionId: answers.decisionId,
          question: answers.question,
          choice: answers.choice,
          text: answers.text,
        })
        .from(answers)
        .where(
          and(
            inArray(
              answers.decisionId,
              page.map((d) => d.id),
            ),
            isNull(answers.supersededAt),
          ),
        )
        .orderBy(asc(answers.id)),
    );
    for (const d of page) {
      const given = current.filter((a) => a.decisionId === d.id).map((a) => [a.question, a.choice, a.text]);
      yield {
        id: d.id,
        teamId: d.teamId,
        channelId: d.channelId,
        title: d.title,
        description: d.description,
        category: d.category,
        status: d.status,
        proposerId: d.proposerId,
        createdAt: d.createdAt.getTime(),
        decideBy: d.decideBy,
        decidedBy: d.decidedBy,
        decidedAt: d.decidedAt?.getTime() ?? null,
        answers: JSON.stringify(given),
        ...predictionFields(reviews.prediction(d.id)),
        revisits: reviews.revisits(d.id),
        revisitedBy: reviews.revisitedBy(d.id),
      };
    }
  }
}

async function* pagedAnswers(database: Database, filters: ExportFilters): AsyncGenerator<ExportAnswerRow> {
  const { answers } = database.schema;
  for await (const page of decisionPages(database, filters)) {
    const given = await database.run((db) =>
      db
        .select()
        .from(answers)
        .where(
          inArray(
            answers.decisionId,
            page.map((d) => d.id),
          ),
        )
        .orderBy(asc(answers.id)),
    );
    for (const d of page) {
      for (const a of given.filter((row) => row.decisionId === d.id)) {
        yield {
          decisionId: d.id,
          title: d.title,
          question: a.question,
          userId: a.userId,
          choice: a.choice,
          text: a.text,
          answeredAt: a.createdAt.getTime(),
          replacedAt: a.supersededAt?.getTime() ?? null,
        };
      }
    }
  }
}

/** Feedback in id order, a page at a time; team and dates filter it as they filter decisions. */
async function* pagedFeedback(database: Database, filters: ExportFilters): AsyncGenerator<Feedback> {
  const { feedback } = database.schema;
  let last = 0;
  for (;;) {
    const after = last;
    const page = await database.run((db) =>
      db
        .select()
        .from(feedback)
        .where(
          and(
            gt(feedback.id, after),
            filters.teamId === undefined ? undefined : eq(feedback.teamId, filters.teamId),
            filters.channelId === undefined ? undefined : eq(feedback.channelId, filters.channelId),
            filters.since === undefined ? undefined : gte(feedback.createdAt, filters.since),
            filters.until === undefined ? undefined : lte(feedback.createdAt, filters.until),
          ),
        )
        .orderBy(asc(feedback.id))
        .limit(PAGE),
    );
    yield* page;
    const end = page.at(-1);
    if (!end) return;
    last = end.id;
  }
}

function predictionFields(p: Schema['predictions']['$inferSelect'] | undefined) {
  return {
    // As SQLite stores a boolean, so both engines export the same value.
    reviewSkipped: p ? Number(p.skipped) : null,
    expectedReaction: p?.expectedReaction ?? null,
    confidence: p?.confidence ?? null,
    signal: p?.signal ?? null,
    reviewDue: p?.dueAt?.getTime() ?? null,
    actualReaction: p?.actualReaction ?? null,
    evidence: p?.evidence ?? null,
    decideAgain: p?.decideAgain ?? null,
    recordedBy: p?.recordedBy ?? null,
    recordedAt: p?.recordedAt?.getTime() ?? null,
  };
}
