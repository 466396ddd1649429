import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/**
 * Where the suite's databases live. Without TEST_DATABASE_URL every test gets a temporary SQLite file;
 * with it (`postgres://…`, as .ci/run sets) every test gets a database of its own on that server,
 * created for it and dropped after, so runs and tests never collide.
 */
export type TestEngine = 'sqlite' | 'postgres';

export function testEngine(): TestEngine {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';
}

/** A value as a row shows it, the same on both engines: SQLite's integers for booleans and moments. */
type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface TestDatabase {
  engine: TestEngine;
  /** What DATABASE_URL is set to for the app under test. */
  url: string;
  /**
   * Runs SQL (with `?` placeholders) on a connection of the test's own and returns the rows, with
   * PostgreSQL's booleans, timestamps and jsonb written as SQLite stores them (1/0, milliseconds, JSON
   * text), so assertions read the same on both engines.
   */
  rows(sql: string, ...params: unknown[]): Promise<Row[]>;
  /** The first row, or undefined. */
  row(sql: string, ...params: unknown[]): Promise<Row | undefined>;
  /** Every table and its `*_at` columns, for the clock check. */
  timestampColumns(): Promise<{ table: string; column: string }[]>;
  close(): Promise<void>;
  /** Closes and removes the database. */
  drop(): Promise<void>;
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'empty-chair-')), 'test.db');
}

/** A fresh, empty database for one test (the app migrates it when it starts). */
export async function createTestDatabase(options: { path?: string | undefined } = {}): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server || options.path) return sqliteTestDatabase(options.path ?? tempDbPath());
  const name = `ec_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return postgresTestDatabase(url.toString(), server, name);
}

function sqliteTestDatabase(path: string): TestDatabase {
  let sqlite: Database.Database | undefined;
  // Opened on first use: the app creates and migrates the file when it starts.
  const open = () => (sqlite ??= new Database(path));
  const rows = async (sql: string, ...params: unknown[]) => {
    const statement = open().prepare(sql);
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as Row[];
  };
  return {
    engine: 'sqlite',
    url: path,
    rows,
    row: async (sql, ...params) => (await rows(sql, ...params))[0],
    async timestampColumns() {
      const tables = open()
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'",
        )
        .pluck()
        .all() as string[];
      return tables.flatMap((table) =>
        (open().prepare(`pragma table_info("${table}")`).all() as { name: string }[])
          .filter((c) => c.name.endsWith('_at'))
          .map((c) => ({ table, column: c.name })),
      );
    },
    async close() {
      sqlite?.close();
      sqlite = undefined;
    },
    async drop() {
      sqlite?.close();
      sqlite = undefined;
      rmSync(dirname(path), { recursive: true, force: true });
    },
  };
}

/** `?` placeholders (as the tests write them) to PostgreSQL's `$1`, `$2`, … */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function sqliteShaped(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'bigint') return Number(value);
  return value as string | number;
}

function postgresTestDatabase(url: string, server: string, name: string): TestDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // Dropping the database ends what is left connected to it; that is the end of the test, not an error.
  pool.on('error', () => {});
  // count(*) and other bigints come back as strings; the tests compare numbers.
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text'),
  };
  const rows = async (sql: string, ...params: unknown[]) => {
    const result = await pool.query({ text: numbered(sql), values: params, types } as pg.QueryConfig);
    return result.rows.map((r: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, sqliteShaped(v)])),
    );
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await pool.end();
  };
  return {
    engine: 'postgres',
    url,
    rows,
    row: async (sql, ...params) => (await rows(sql, ...params))[0],
    async timestampColumns() {
      const found = await pool.query(
        "select table_name as table, column_name as column from information_schema.columns where table_schema = 'public' and column_name like '%\\_at'",
      );
      return found.rows as { table: string; column: string }[];
    },
    close,
    async drop() {
      await close();
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
