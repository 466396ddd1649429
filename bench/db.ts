import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { redactUrl } from '../src/db/postgres.js';
import { tempDbPath } from '../test/rig/testApp.js';

export type Engine = 'sqlite' | 'postgres';
export const ENGINE_NAMES: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * A database of one scenario's own: a temporary SQLite file, or a database created on the PostgreSQL
 * server for it and dropped after, so scenarios and runs never see each other's rows.
 */
export interface BenchDatabase {
  engine: Engine;
  /** What DATABASE_URL is set to for the app or the command under test. */
  url: string;
  /** The first column of the first row, as a number (counts). */
  scalar(sql: string): Promise<number>;
  /** Rows of a query, for checks after a scenario. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Closes the bench's own connection and removes the database. */
  drop(): Promise<void>;
}

/** Databases not dropped yet, so an interrupted run still drops them. */
const live = new Set<BenchDatabase>();

export async function dropAll(): Promise<void> {
  for (const db of [...live]) await db.drop().catch(() => {});
}

export async function freshDatabase(engine: Engine, server: string | undefined): Promise<BenchDatabase> {
  if (engine === 'sqlite') return track(sqliteDatabase(tempDbPath()));
  if (!server) throw new Error('A PostgreSQL scenario needs the server URL (--postgres or BENCH_DATABASE_URL)');
  return track(await postgresDatabase(server));
}

function track(db: BenchDatabase): BenchDatabase {
  live.add(db);
  const drop = db.drop;
  db.drop = async () => {
    live.delete(db);
    await drop();
  };
  return db;
}

function sqliteDatabase(path: string): BenchDatabase {
  const rows = async (sql: string) => {
    // Opened for each check: the app under test creates and migrates the file.
    const db = new Database(path);
    try {
      return db.prepare(sql).all() as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };
  return {
    engine: 'sqlite',
    url: path,
    rows,
    scalar: async (sql) => Number(Object.values((await rows(sql))[0] ?? {})[0]),
    async drop() {
      rmSync(dirname(path), { recursive: true, force: true });
    },
  };
}

export async function adminQuery(server: string, statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

async function postgresDatabase(server: string): Promise<BenchDatabase> {
  const name = `ec_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await adminQuery(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  let pool: pg.Pool | undefined;
  const rows = async (sql: string) => {
    if (!pool) {
      pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
      // Dropping the database ends the connections still open to it; that is not an error.
      pool.on('error', () => {});
    }
    return (await pool.query(sql)).rows as Record<string, unknown>[];
  };
  return {
    engine: 'postgres',
    url: url.toString(),
    rows,
    scalar: async (sql) => Number(Object.values((await rows(sql))[0] ?? {})[0]),
    async drop() {
      await pool?.end().catch(() => {});
      pool = undefined;
      await adminQuery(server, `drop database if exists ${name} with (force)`);
    },
  };
}

/** The server's version and the settings that weigh on write throughput, for the report. */
export async function describeServer(server: string): Promise<string> {
  const version = String((await adminQuery(server, 'show server_version')).rows[0]?.server_version ?? '?');
  const setting = async (name: string) =>
    String(Object.values((await adminQuery(server, `show ${name}`)).rows[0] ?? {})[0]);
  return `PostgreSQL ${version} at ${redactUrl(server)} (synchronous_commit ${await setting('synchronous_commit')}, shared_buffers ${await setting('shared_buffers')})`;
}
