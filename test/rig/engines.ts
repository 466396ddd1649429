import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { connectDatabase, type Database, postgresDatabase, sqliteDatabase } from '../../src/db/database.js';
import { POSTGRES_MIGRATIONS } from '../../src/db/postgres.js';
import * as pgSchema from '../../src/db/schema/pg.js';
import { migrateSqlite, openWritableSqlite } from '../../src/db/sqlite.js';

/**
 * The engines the data-layer tests (test/db/) run every case on: a SQLite file, PostgreSQL in-process
 * through PGlite (so a machine without a database server still runs the PostgreSQL code path), and,
 * when TEST_DATABASE_URL names a server, real PostgreSQL on a database created for the test file.
 */
export type EngineName = 'sqlite' | 'pglite' | 'postgres';

export interface EngineDatabase {
  readonly name: EngineName;
  readonly database: Database;
  /** Applies the migrations again, as a restarted app (or a second instance) would. */
  migrate(): Promise<void>;
  /** Raw SQL on the same database (SQLite: through the connection's turn; PostgreSQL: the pool). */
  query(text: string): Promise<Record<string, unknown>[]>;
  /** Tables, columns, indexes and applied migrations as text, to compare before and after a migration. */
  shape(): Promise<string[]>;
  /** Table name to its column names, sorted, from the database itself. */
  columns(): Promise<Record<string, string[]>>;
  migrationsApplied(): Promise<number>;
  /** Empties every table and restarts ids at 1, so each test starts from nothing. */
  reset(): Promise<void>;
  /** Closes and removes the database. */
  drop(): Promise<void>;
}

export interface Engine {
  readonly name: EngineName;
  open(): Promise<EngineDatabase>;
}

/** Tests may take a while to start PGlite (it compiles PostgreSQL's WebAssembly) on a busy machine. */
export const ENGINE_SETUP_TIMEOUT_MS = 120_000;

/**
 * Every engine this machine can run, or only those TEST_DB_ENGINES names (`postgres`, `sqlite,pglite`):
 * a vitest project that runs the suite again on a server need not run SQLite and PGlite twice.
 */
export function testEngines(): Engine[] {
  const server = process.env.TEST_DATABASE_URL;
  const engines: Engine[] = [
    { name: 'sqlite', open: openSqliteEngine },
    { name: 'pglite', open: openPgliteEngine },
  ];
  if (server) engines.push({ name: 'postgres', open: () => openPostgresEngine(server) });
  const only = process.env.TEST_DB_ENGINES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!only?.length) return engines;
  const unknown = only.filter((name) => !engines.some((engine) => engine.name === name));
  if (unknown.length > 0) {
    throw new Error(`TEST_DB_ENGINES names ${unknown.join(', ')}: not one of ${engines.map((e) => e.name).join(', ')}`);
  }
  return engines.filter((engine) => only.includes(engine.name));
}

async function openSqliteEngine(): Promise<EngineDatabase> {
  const folder = mkdtempSync(join(tmpdir(), 'empty-chair-engine-'));
  const path = join(folder, 'test.db');
  const drizzleSqlite = openWritableSqlite(path);
  const database = sqliteDatabase(drizzleSqlite);
  const client = drizzleSqlite.$client;
  const query = (text: string) =>
    database.run(async () => {
      const statement = client.prepare(text);
      if (statement.reader) return statement.all() as Record<string, unknown>[];
      statement.run();
      return [];
    });
  const tables = async () =>
    (
      await query(
        // Ordinary tables only: the full-text index (a virtual table and its shadow tables) follows its table.
        "select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
    ).map((r) => String(r.name));
  const migrationsApplied = async () => Number((await query('select count(*) as n from __drizzle_migrations'))[0]?.n);
  return {
    name: 'sqlite',
    database,
    migrate: () => database.run(async () => migrateSqlite(drizzleSqlite)),
    query,
    migrationsApplied,
    async shape() {
      const objects = await query('select type, name, tbl_name, sql from sqlite_master order by type, name');
      return [...objects.map((o) => JSON.stringify(o)), `migrations: ${await migrationsApplied()}`];
    },
    async columns() {
      const result: Record<string, string[]> = {};
      for (const table of await tables()) {
        result[table] = (await query(`select name from pragma_table_info('${table}') order by name`)).map((r) =>
          String(r.name),
        );
      }
      return result;
    },
    async reset() {
      const names = await tables();
      await database.run(async () => {
        client.pragma('foreign_keys = OFF');
        try {
          for (const table of names) client.exec(`delete from "${table}"`);
          client.exec('delete from sqlite_sequence');
        } finally {
          client.pragma('foreign_keys = ON');
        }
      });
    },
    async drop() {
      await database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** What both PostgreSQL engines share: raw SQL goes through drizzle's `execute`. */
function postgresEngine(
  name: 'pglite' | 'postgres',
  database: Database,
  migrate: () => Promise<void>,
  drop: () => Promise<void>,
): EngineDatabase {
  const query = async (text: string) =>
    (await database.run((db) => db.execute(sql.raw(text)))).rows as Record<string, unknown>[];
  const tables = async () =>
    (
      await query(
        "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
      )
    ).map((r) => String(r.table_name));
  const migrationsApplied = async () =>
    Number((await query('select count(*) as n from drizzle.__drizzle_migrations'))[0]?.n);
  return {
    name,
    database,
    migrate,
    query,
    migrationsApplied,
    async shape() {
      const columns = await query(
        `select table_schema, table_name, column_name, data_type, is_nullable, column_default, datetime_precision
           from information_schema.columns where table_schema in ('public', 'drizzle')
          order by table_schema, table_name, column_name`,
      );
      const indexes = await query(
        "select schemaname, tablename, indexname, indexdef from pg_indexes where schemaname in ('public', 'drizzle') order by indexname",
      );
      const constraints = await query(
        `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def from pg_constraint
          where connamespace in (select oid from pg_namespace where nspname in ('public', 'drizzle')) order by conname`,
      );
      return [
        ...[...columns, ...indexes, ...constraints].map((o) => JSON.stringify(o)),
        `migrations: ${await migrationsApplied()}`,
      ];
    },
    async columns() {
      const result: Record<string, string[]> = {};
      for (const table of await tables()) {
        result[table] = (
          await query(
            `select column_name from information_schema.columns where table_schema = 'public' and table_name = '${table}' order by column_name`,
          )
        ).map((r) => String(r.column_name));
      }
      return result;
    },
    async reset() {
      const names = await tables();
      await query(`truncate table ${names.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
    },
    drop,
  };
}

async function openPgliteEngine(): Promise<EngineDatabase> {
  const client = new PGlite();
  const db = drizzlePglite({ client, schema: pgSchema });
  const migrate = () => migratePglite(db, { migrationsFolder: POSTGRES_MIGRATIONS });
  await migrate();
  const database = postgresDatabase(db, () => client.close());
  return postgresEngine('pglite', database, migrate, () => database.close());
}

/** A database of the test file's own on the server TEST_DATABASE_URL names, dropped afterwards. */
async function openPostgresEngine(server: string): Promise<EngineDatabase> {
  const { url, drop } = await emptyPostgresDatabase(server);
  const database = await connectDatabase(url, { poolSize: 4 });
  return postgresEngine(
    'postgres',
    database,
    async () => {
      // A second process starting against the same database: connecting applies pending migrations.
      const again = await connectDatabase(url, { poolSize: 2 });
      await again.close();
    },
    async () => {
      await database.close();
      await drop();
    },
  );
}

/** A fresh, empty database on the PostgreSQL server at `server`, and how to drop it. */
export async function emptyPostgresDatabase(server: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ec_db_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/**
 * One database per engine for a test file, emptied before each test (every table, ids restarting at 1)
 * so tests do not see each other's rows. Call inside the engine's describe block.
 */
export function databaseForEachTest(engine: Engine): () => EngineDatabase {
  let db: EngineDatabase | undefined;
  beforeAll(async () => {
    db = await engine.open();
  }, ENGINE_SETUP_TIMEOUT_MS);
  beforeEach(async () => {
    await db?.reset();
  });
  afterAll(async () => {
    await db?.drop();
  });
  return () => {
    if (!db) throw new Error(`The ${engine.name} database did not open`);
    return db;
  };
}

/** How many rows each table holds. */
export async function rowCounts(db: EngineDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of Object.keys(await db.columns()).sort()) {
    counts[table] = Number((await db.query(`select count(*) as n from "${table}"`))[0]?.n);
  }
  return counts;
}
