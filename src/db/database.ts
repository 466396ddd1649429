import type BetterSqlite3 from 'better-sqlite3';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import {
  explainPostgresError,
  isPostgresUrl,
  migratePostgres,
  openPostgres,
  type PostgresDb,
  postgresHealth,
} from './postgres.js';
import * as pgSchema from './schema/pg.js';
import * as sqliteSchema from './schema/sqlite.js';
import { openWritableSqlite, type SqliteDb, sqliteFileExists, sqliteHealth } from './sqlite.js';

/**
 * The query builder every repository is written against: PostgreSQL's. SQLite's builder has the same
 * methods, and its schema (schema/sqlite.ts) maps every column to the same JavaScript value as
 * schema/pg.ts does, so one text of each query serves both engines; the tests run it on both.
 */
export type QueryDb = PostgresDb;
export type Schema = typeof pgSchema;
export type Engine = 'sqlite' | 'postgres';
export type DatabaseHealth = 'ok' | 'locked' | 'read-only' | 'full' | 'unavailable';

export interface Database {
  readonly engine: Engine;
  readonly schema: Schema;
  /** Runs queries outside a transaction. */
  run<T>(work: (db: QueryDb) => Promise<T>): Promise<T>;
  /** Runs queries in one transaction: all of them are kept, or none when `work` throws. */
  transaction<T>(work: (tx: QueryDb) => Promise<T>): Promise<T>;
  /** How many rows a write without `returning()` changed. */
  changes(result: unknown): number;
  /**
   * Rewrites the health probe's row: a database that answers reads but refuses writes (a held lock, a
   * read-only file, a full disk, a server that is down) would lose what people send.
   */
  probe(at: Date): Promise<DatabaseHealth>;
  close(): Promise<void>;
  /** The SQLite file's own connection (online backups, streaming exports); undefined on PostgreSQL. */
  readonly sqlite: BetterSqlite3.Database | undefined;
}

export interface ConnectOptions {
  /** SQLite: how long to wait for another process's write lock (see REQUEST_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
  /** PostgreSQL: DATABASE_POOL_SIZE. */
  poolSize?: number;
  /** PostgreSQL: statements running longer are cancelled. */
  statementTimeoutMs?: number;
}

/**
 * Opens the database DATABASE_URL names and applies pending migrations: `postgres://…` or
 * `postgresql://…` is PostgreSQL, anything else a SQLite file (or `:memory:`). A URL, a server or a file
 * that cannot serve ends in an OperatorError of one sentence, never with the password in it.
 */
export async function connectDatabase(url: string, options: ConnectOptions = {}): Promise<Database> {
  if (!isPostgresUrl(url)) return sqliteDatabase(openWritableSqlite(url, options));
  const { db, pool, transaction } = await openPostgres(url, {
    poolSize: options.poolSize ?? 10,
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
  });
  try {
    await pool.query('select 1');
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw explainPostgresError(url, error);
  }
  return postgresDatabase(db, () => pool.end(), transaction);
}

/**
 * For operator commands that work on an existing database and must not create an empty one: a SQLite
 * file that is not there is a mistyped DATABASE_URL. (A PostgreSQL URL is checked when connecting.)
 */
export function databaseMissing(url: string): boolean {
  return !isPostgresUrl(url) && !sqliteFileExists(url);
}

/**
 * SQLite through better-sqlite3. Its calls are synchronous on the one connection, so an async
 * transaction would take in every query other requests run while it awaits (and drizzle's own
 * transaction does not roll back an async callback): every use of the connection takes turns, and a
 * transaction keeps its turn from BEGIN to COMMIT. Work queries through the `db`/`tx` it is given; it
 * must not call this Database again, which would wait for its own turn. (An AsyncLocalStorage could let
 * such a call through, but on Node 20 it turns on promise hooks for the whole process, and every promise
 * then pays for them: a fifth of a slash command's throughput in the bench.)
 */
export function sqliteDatabase(sqlite: SqliteDb): Database {
  const db = sqlite as unknown as QueryDb;
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = last.then(work);
    last = turn.catch(() => undefined);
    return turn;
  };
  const database: Database = {
    engine: 'sqlite',
    schema: sqliteSchema as unknown as Schema,
    sqlite: sqlite.$client,
    run: (work) => inTurn(() => work(db)),
    transaction: (work) =>
      inTurn(async () => {
        sqlite.$client.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(db);
          sqlite.$client.exec('COMMIT');
          return result;
        } catch (error) {
          if (sqlite.$client.inTransaction) sqlite.$client.exec('ROLLBACK');
          throw error;
        }
      }),
    changes: (result) => (result as { changes?: number }).changes ?? 0,
    probe: (at) => probe(database, at, sqliteHealth),
    async close() {
      await inTurn(async () => sqlite.$client.close());
    },
  };
  return database;
}

/**
 * PostgreSQL through a pool (node-postgres), or in-process through PGlite in tests. A pool passes its
 * own `transaction` (openPostgres); PGlite's one connection is never checked out, so drizzle's serves.
 */
export function postgresDatabase(
  pg: PgDatabase<PgQueryResultHKT, typeof pgSchema>,
  close: () => Promise<void>,
  transaction?: <T>(work: (tx: QueryDb) => Promise<T>) => Promise<T>,
): Database {
  const db = pg as unknown as QueryDb;
  const database: Database = {
    engine: 'postgres',
    schema: pgSchema,
    sqlite: undefined,
    run: (work) => work(db),
    transaction: transaction ?? ((work) => db.transaction((tx) => work(tx as unknown as QueryDb))),
    changes: (result) =>
      (result as { rowCount?: number | null; affectedRows?: number }).rowCount ??
      (result as { affectedRows?: number }).affectedRows ??
      0,
    probe: (at) => probe(database, at, postgresHealth),
    close,
  };
  return database;
}

async function probe(
  database: Database,
  at: Date,
  health: (error: unknown) => Exclude<DatabaseHealth, 'ok'>,
): Promise<DatabaseHealth> {
  const { healthProbe } = database.schema;
  try {
    await database.run((db) =>
      db
        .insert(healthProbe)
        .values({ id: 1, checkedAt: at })
        .onConflictDoUpdate({ target: healthProbe.id, set: { checkedAt: at } }),
    );
    return 'ok';
  } catch (error) {
    return health(error);
  }
}
