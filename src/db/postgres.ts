import { fileURLToPath } from 'node:url';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { OperatorError } from '../operatorError.js';
import * as schema from './schema/pg.js';

export type PostgresDb = NodePgDatabase<typeof schema>;

/** Found relative to this module so the app migrates the same way from any working directory. */
export const POSTGRES_MIGRATIONS = fileURLToPath(new URL('../../migrations/pg', import.meta.url));

/** Both spellings PostgreSQL's own tools accept. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The URL as it may be shown: the password never appears in a log line or an error. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL URL in DATABASE_URL';
  }
}

export interface PostgresConnection {
  db: PostgresDb;
  pool: pg.Pool;
  /** Runs `work` in one transaction on a connection of its own (see openPostgres for why). */
  transaction<T>(work: (tx: PostgresDb) => Promise<T>): Promise<T>;
}

export interface PostgresOptions {
  /** Connections kept open to the server; DATABASE_POOL_SIZE. */
  poolSize: number;
  /** A statement running longer is cancelled by the server, so a stuck query never holds a request. */
  statementTimeoutMs: number;
  /** How long to wait for a connection from the server or the pool. */
  connectTimeoutMs?: number;
}

/**
 * A pool of connections to PostgreSQL. TLS and other connection settings come from the URL itself
 * (`?sslmode=require`, …), as node-postgres reads them. node-postgres and its drizzle driver are loaded
 * here, when PostgreSQL is used: on SQLite they would only take memory.
 */
export async function openPostgres(url: string, options: PostgresOptions): Promise<PostgresConnection> {
  const [{ default: pg }, { drizzle }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres')]);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    statement_timeout: options.statementTimeoutMs,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // A connection the server dropped (a restart, a failover) is replaced, not kept.
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that dies (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor one that dies while checked out (between the queries of a transaction, say): its queries fail on
  // their own, and without a listener its 'error' would be thrown from the socket's end handler before
  // the client says it ended, so the pool would count it forever and never finish closing.
  pool.on('connect', (client) => client.on('error', () => {}));
  // drizzle's transaction over a pool (0.45) gives its connection back only once BEGIN has succeeded: a
  // connection that died while idle (a restart, a cut) fails at BEGIN and would stay checked out for
  // good, and pool.end() would wait for it forever. So each transaction checks out its own connection
  // and always gives it back; the pool drops it when it is dead.
  const transaction = async <T>(work: (tx: PostgresDb) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await drizzle(client, { schema }).transaction((tx) => work(tx as unknown as PostgresDb));
    } finally {
      client.release();
    }
  };
  return { db: drizzle(pool, { schema }), pool, transaction };
}

/** A connection error from node-postgres, said as one sentence an operator can act on, without the password. */
export function explainPostgresError(url: string, error: unknown): unknown {
  const e = error as { code?: string; message?: string };
  const where = redactUrl(url);
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new OperatorError(
        `Cannot reach PostgreSQL at ${where} (${e.code}): check that the server runs and the host and port in DATABASE_URL are right.`,
      );
    case '28P01':
    case '28000':
      return new OperatorError(
        `PostgreSQL refused the user or password in DATABASE_URL (${where}): check them, then start again.`,
      );
    case '3D000':
      return new OperatorError(`The database named in DATABASE_URL (${where}) does not exist: create it first.`);
  }
  if (/timeout/i.test(e.message ?? '')) {
    return new OperatorError(
      `PostgreSQL at ${where} did not answer in time: check that the server runs and DATABASE_URL is right.`,
    );
  }
  return error;
}

/** Several instances may start at once: the first applies the migrations, the others wait for it. */
const MIGRATION_LOCK = 4_716_001;

/**
 * The migrations run on the connection that holds the lock: on another one from the pool they would wait
 * forever for a free connection when DATABASE_POOL_SIZE is 1.
 */
export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const [{ drizzle }, { migrate }] = await Promise.all([
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: POSTGRES_MIGRATIONS });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** What a failed write says about a PostgreSQL database's health (see Database.probe). */
export function postgresHealth(error: unknown): 'locked' | 'read-only' | 'full' | 'unavailable' {
  const code = String((error as { code?: unknown }).code ?? '');
  if (code === '55P03' || code === '57014') return 'locked';
  if (code === '25006') return 'read-only';
  if (code === '53100') return 'full';
  return 'unavailable';
}
