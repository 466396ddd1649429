import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { OperatorError } from '../operatorError.js';
import * as schema from './schema/sqlite.js';

/** The SQLite database as drizzle sees it, with better-sqlite3's own connection for what drizzle lacks. */
export type SqliteDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Found relative to this module so the app migrates the same way from any working directory. */
export const SQLITE_MIGRATIONS = fileURLToPath(new URL('../../migrations/sqlite', import.meta.url));

/**
 * What an operator can do about SQLite refusing the file at `url`; SQLite itself only says "unable to open
 * database file", without the path. Errors that are not about the file are returned as they are.
 */
function explainDatabaseError(url: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new OperatorError(
      `Cannot open the database file ${url}: give this user read and write access to it and its folder, or set DATABASE_URL to another path.`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new OperatorError(
      `The database ${url} is read-only: give this user write access to the file and its folder, or set DATABASE_URL to a writable path.`,
    );
  }
  if (code === 'SQLITE_NOTADB') {
    return new OperatorError(`${url} is not a SQLite database: set DATABASE_URL to the bot's database file.`);
  }
  return error;
}

/** How many statement texts a connection keeps prepared; the app runs a few dozen fixed ones. */
const KEPT_STATEMENTS = 256;

/**
 * Makes the connection keep the statements it prepares, by their SQL text. drizzle prepares every query
 * anew, and for the small queries of a request SQLite's prepare costs as much as running them. A kept
 * statement is handed out again with drizzle's raw (array) mode off, as a new one comes; one that is being
 * iterated is busy, so a fresh one is prepared instead. The oldest text is dropped past KEPT_STATEMENTS
 * (texts with `in (…)` lists of every length would otherwise pile up).
 */
function keepPreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite) as (source: string, ...internal: unknown[]) => Database.Statement;
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string, ...internal: unknown[]) => {
    // better-sqlite3's own pragma() passes more arguments: those statements are its own business.
    if (internal.length > 0) return prepare(source, ...internal);
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      if (statement.reader) statement.raw(false);
      return statement;
    }
    const fresh = prepare(source);
    if (!statement) {
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value as string);
      kept.set(source, fresh);
    }
    return fresh;
  }) as typeof sqlite.prepare;
}

/**
 * Opens (creating if needed) the SQLite database. WAL lets the digest read while listeners write;
 * the busy timeout lets a second process (a CLI, a second app instance) wait for a lock instead of failing.
 * A path that cannot hold the database ends in an OperatorError that names it.
 */
export function openSqlite(url: string, { busyTimeoutMs = 5000 }: { busyTimeoutMs?: number } = {}): SqliteDb {
  if (url !== ':memory:') {
    let isFolder: boolean | undefined;
    try {
      isFolder = statSync(url, { throwIfNoEntry: false })?.isDirectory();
      if (!isFolder) mkdirSync(dirname(url), { recursive: true });
    } catch (error) {
      throw new OperatorError(
        `Cannot create or reach the folder ${dirname(url)} for the database (${(error as NodeJS.ErrnoException).code}): give this user access to it, or set DATABASE_URL to a path this user can write to.`,
      );
    }
    if (isFolder) {
      throw new OperatorError(
        `DATABASE_URL ${url} is a folder: set it to a file path such as ${join(url, 'empty-chair.db')}.`,
      );
    }
  }
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(url);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    sqlite.pragma('synchronous = NORMAL');
    // Deleted rows are overwritten, not left in free pages: removing customer feedback removes its words.
    sqlite.pragma('secure_delete = ON');
    keepPreparedStatements(sqlite);
  } catch (error) {
    sqlite?.close();
    throw explainDatabaseError(url, error);
  }
  return drizzle(sqlite, { schema });
}

export function migrateSqlite(db: SqliteDb): void {
  migrate(db, { migrationsFolder: SQLITE_MIGRATIONS });
}

/**
 * Opens the database for a process that writes to it (the bot, `db:migrate`, `digest`): applies pending
 * migrations, then makes sure writes are allowed. SQLite opens a read-only file without a word and only
 * refuses the first write, which in the bot would come after it said it was running.
 */
export function openWritableSqlite(url: string, options: { busyTimeoutMs?: number } = {}): SqliteDb {
  const db = openSqlite(url, options);
  const sqlite = db.$client;
  try {
    migrateSqlite(db);
    // Rewriting the header's user_version with its own value, then rolling back, writes nothing.
    const version = Number(sqlite.pragma('user_version', { simple: true }));
    sqlite.exec('BEGIN');
    try {
      sqlite.pragma(`user_version = ${version}`);
    } finally {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    }
  } catch (error) {
    sqlite.close();
    throw explainDatabaseError(url, error);
  }
  return db;
}

/**
 * How long the bot waits for another process's write lock. SQLite waits by spinning the one thread that
 * serves every request, so a long wait would hold up all of them (and the health check) behind a backup
 * or a CLI write; a request that cannot get the lock this soon is refused and the person is told, or
 * Slack retries the event.
 */
export const REQUEST_BUSY_TIMEOUT_MS = 250;

/** What a failed write says about a SQLite database's health (see Database.probe). */
export function sqliteHealth(error: unknown): 'locked' | 'read-only' | 'full' | 'unavailable' {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code === 'SQLITE_FULL') return 'full';
  return 'unavailable';
}

/** For operator commands that read an existing SQLite database and must not create an empty one. */
export function sqliteFileExists(url: string): boolean {
  return url !== ':memory:' && existsSync(url);
}
