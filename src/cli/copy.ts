import { parseArgs } from 'node:util';
import { count, DrizzleQueryError, getTableColumns, getTableName, max, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { connectDatabase, type Database, type QueryDb } from '../db/database.js';
import { explainPostgresError, isPostgresUrl, redactUrl } from '../db/postgres.js';
import * as pgSchema from '../db/schema/pg.js';
import * as sqliteSchema from '../db/schema/sqlite.js';
import { openWritableSqlite, type SqliteDb, sqliteFileExists } from '../db/sqlite.js';
import { OperatorError } from '../operatorError.js';
import { plural } from '../views/plural.js';
import { runCommand } from './runCommand.js';

/**
 * `npm run db:copy -- --to postgres://…`: copies the SQLite database DATABASE_URL names, every table with
 * its ids and history, into an empty PostgreSQL database, in one transaction, then checks that each
 * table holds as many rows there as in SQLite.
 */

const USAGE = 'usage: npm run db:copy -- --to postgres://USER:PASSWORD@HOST:PORT/DATABASE';

const usageError = (message: string) => new OperatorError(message, 2);

/**
 * Every table, in the order they are copied: decisions before the tables whose rows point to one. Each
 * is paired with the column that tells its newest row, compared after the copy besides the row count.
 * `satisfies` makes a table added to the schema fail to compile until it is copied too.
 */
const TABLES = {
  decisions: 'createdAt',
  prompts: 'createdAt',
  answers: 'createdAt',
  feedback: 'createdAt',
  feedbackCitations: 'createdAt',
  statusChanges: 'createdAt',
  discussion: 'createdAt',
  processedEvents: 'createdAt',
  digestRuns: 'createdAt',
  teamSettings: 'updatedAt',
  channelSettings: 'updatedAt',
  outbox: 'createdAt',
  touchpoints: 'updatedAt',
  briefings: 'createdAt',
  predictions: 'createdAt',
  decisionLinks: 'createdAt',
  healthProbe: 'checkedAt',
  installations: 'installedAt',
} as const satisfies { [K in keyof typeof pgSchema]: keyof (typeof pgSchema)[K]['$inferSelect'] };

type TableKey = keyof typeof TABLES;
const TABLE_KEYS = Object.keys(TABLES) as TableKey[];

/** Rows per INSERT: the widest table (decisions, 24 columns) stays far below PostgreSQL's 65,535 parameters. */
const BATCH = 500;

type Row = Record<string, unknown>;

function readTarget(argv: string[]): string | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      // Taken here and refused below, so that a URL typed without --to is not repeated, password and all.
      allowPositionals: true,
      options: { to: { type: 'string' }, help: { type: 'boolean', default: false } },
    });
  } catch (error) {
    // parseArgs adds advice about positional arguments that does not apply to this command.
    const problem = (error as Error).message.split('\n')[0]?.split('. ')[0] ?? 'Unreadable options';
    throw usageError(`${problem} (${USAGE}).`);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length > 0) throw usageError(`db:copy takes no arguments besides --to (${USAGE}).`);
  if (values.to === undefined) {
    throw usageError(`Name the PostgreSQL database to copy into with --to (${USAGE}).`);
  }
  if (!isPostgresUrl(values.to)) {
    throw usageError(`--to must be a PostgreSQL URL starting with postgres:// or postgresql:// (${USAGE}).`);
  }
  return values.to;
}

/** What the copy is checked by, read the same way on both sides. */
interface Summary {
  rows: number;
  /** The highest id, for the tables that have one. */
  maxId: number | null;
  /** The newest row's moment, in milliseconds. */
  newest: number | null;
}

/** The columns a summary reads, from either engine's table (both name their columns alike). */
function summaryFields(table: SQLiteTable | PgTable, key: TableKey) {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const newest = columns[TABLES[key]] as SQLiteColumn;
  return {
    rows: count(),
    maxId: columns.id ? sql<number | null>`max(${columns.id})`.mapWith(Number) : sql<null>`null`,
    newest: max(newest),
  };
}

/** A summary as the query returns it: the newest moment as a Date (both schemas map it so). */
interface SummaryRead {
  rows: number;
  maxId: number | null;
  newest: unknown;
}

function summary(read: SummaryRead): Summary {
  return { rows: read.rows, maxId: read.maxId, newest: read.newest instanceof Date ? read.newest.getTime() : null };
}

const same = (a: Summary, b: Summary) => a.rows === b.rows && a.maxId === b.maxId && a.newest === b.newest;

function describe(name: string, source: Summary, target: Summary): string {
  const detail = [
    source.maxId === null ? undefined : `ids up to ${source.maxId}`,
    source.newest === null ? undefined : `newest ${new Date(source.newest).toISOString()}`,
  ].filter(Boolean);
  const copied = `${name}: ${plural(source.rows, 'row')}${detail.length > 0 ? ` (${detail.join(', ')})` : ''}`;
  if (same(source, target)) return copied;
  return `${copied} in SQLite, but ${plural(target.rows, 'row')} (ids up to ${target.maxId ?? 'none'}, newest ${
    target.newest === null ? 'none' : new Date(target.newest).toISOString()
  }) in PostgreSQL`;
}

/** Reads a SQLite table in batches, in rowid order, and inserts each batch into its PostgreSQL twin. */
async function copyTable(source: SqliteDb, tx: QueryDb, from: SQLiteTable, to: PgTable): Promise<void> {
  let after = 0;
  for (;;) {
    const batch = source
      .select({ rowid: sql<number>`rowid`, ...getTableColumns(from) })
      .from(from)
      .where(sql`rowid > ${after}`)
      .orderBy(sql`rowid`)
      .limit(BATCH)
      .all() as (Row & { rowid: number })[];
    const last = batch.at(-1);
    if (!last) return;
    await tx.insert(to).values(batch.map(({ rowid: _rowid, ...row }) => row) as PgTable['$inferInsert'][]);
    after = last.rowid;
  }
}

/**
 * Refuses a database that already holds rows: the copy keeps SQLite's ids, which would collide with
 * them, and two histories merged could not be told apart. The tables are locked first, so that a bot
 * already running on this database cannot write between this check and the commit.
 */
async function refuseUnlessEmpty(tx: QueryDb, where: string): Promise<void> {
  const names = TABLE_KEYS.map((key) => `"${getTableName(pgSchema[key])}"`);
  await tx.execute(sql.raw(`lock table ${names.join(', ')} in exclusive mode`));
  const holding: string[] = [];
  for (const key of TABLE_KEYS) {
    const table = pgSchema[key] as PgTable;
    if (
      (
        await tx
          .select({ one: sql`1` })
          .from(table)
          .limit(1)
      ).length > 0
    )
      holding.push(getTableName(table));
  }
  const advice =
    'db:copy only fills an empty database, so nothing was copied: create a new database and pass its URL to --to';
  if (holding.includes('decisions')) {
    throw usageError(`The PostgreSQL database ${where} already holds decisions; ${advice}.`);
  }
  if (holding.length > 0) {
    throw usageError(
      `The PostgreSQL database ${where} already holds rows in ${holding.join(', ')} (a bot may have run on it); ${advice}.`,
    );
  }
}

/** New rows continue after the copied ids: an identity's sequence knows nothing of ids given explicitly. */
async function resetIdentities(tx: QueryDb, table: PgTable): Promise<void> {
  const name = getTableName(table);
  for (const column of Object.values(getTableColumns(table))) {
    if (!column.generatedIdentity) continue;
    await tx.execute(
      sql.raw(
        `select setval(pg_get_serial_sequence('"${name}"', '${column.name}'), coalesce(max("${column.name}"), 0) + 1, false) from "${name}"`,
      ),
    );
  }
}

async function copy(source: SqliteDb, target: Database, where: string): Promise<Map<TableKey, Summary>> {
  const counted = new Map<TableKey, Summary>();
  let copying: TableKey | undefined;
  // One read transaction on SQLite: every table is read from the same moment, so no answer arrives
  // without its decision even if the bot still writes (rows written meanwhile are not copied).
  source.$client.exec('BEGIN');
  try {
    await target.transaction(async (tx) => {
      await refuseUnlessEmpty(tx, where);
      for (const key of TABLE_KEYS) {
        copying = key;
        const from = sqliteSchema[key] as SQLiteTable;
        const to = pgSchema[key] as PgTable;
        counted.set(key, summary(source.select(summaryFields(from, key)).from(from).get() as SummaryRead));
        await copyTable(source, tx, from, to);
        await resetIdentities(tx, to);
      }
    });
  } catch (error) {
    if (error instanceof OperatorError) throw error;
    // drizzle wraps the server's error in one whose message lists the batch's every value.
    const cause = error instanceof DrizzleQueryError ? error.cause : error;
    const explained = explainPostgresError(where, cause);
    if (explained !== cause) throw explained;
    const step = copying ? `Copying ${getTableName(pgSchema[copying])} into` : 'Locking the tables of';
    throw new OperatorError(
      `${step} ${where} failed (${(cause as Error).message}); the transaction was rolled back, so nothing was copied.`,
    );
  } finally {
    source.$client.exec('COMMIT');
  }
  return counted;
}

await runCommand(async () => {
  const to = readTarget(process.argv.slice(2));
  if (to === undefined) {
    process.stdout.write(
      `${USAGE}\nCopies the SQLite database DATABASE_URL names (ids and history kept) into an empty PostgreSQL database, then checks every table's row count.\n`,
    );
    return 0;
  }
  loadDotenv();
  const url = loadDatabaseUrl(process.env);
  if (isPostgresUrl(url)) {
    throw usageError(
      'DATABASE_URL already names a PostgreSQL database; db:copy copies from SQLite, so set DATABASE_URL to the SQLite file to copy.',
    );
  }
  if (!sqliteFileExists(url)) throw usageError(`There is no SQLite database at ${url} to copy; check DATABASE_URL.`);
  const where = redactUrl(to);
  // Migrated first, as the bot would at start, so its tables have every column the copy reads.
  const source = openWritableSqlite(url);
  try {
    const target = await connectDatabase(to, { poolSize: 2 });
    try {
      const counted = await copy(source, target, where);
      const differing: string[] = [];
      for (const [key, expected] of counted) {
        const table = pgSchema[key] as PgTable;
        const [found] = await target.run((db) => db.select(summaryFields(table, key)).from(table));
        const actual = summary(found as SummaryRead);
        process.stdout.write(`${describe(getTableName(table), expected, actual)}\n`);
        if (!same(expected, actual)) differing.push(getTableName(table));
      }
      if (differing.length > 0) {
        throw new OperatorError(
          `The copy in ${where} differs from ${url} in ${differing.join(', ')}; do not start the bot on it: drop that database, create it again and run db:copy again with the bot stopped.`,
        );
      }
      const total = [...counted.values()].reduce((sum, s) => sum + s.rows, 0);
      process.stdout.write(
        `Copied ${plural(total, 'row')} from ${url} into ${where}, and every table holds as many rows there as in SQLite; set DATABASE_URL to it and start the bot.\n`,
      );
      return 0;
    } finally {
      await target.close();
    }
  } finally {
    source.$client.close();
  }
});
