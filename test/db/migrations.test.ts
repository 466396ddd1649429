import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/database.js';
import { createDecisionsRepo } from '../../src/db/decisionsRepo.js';
import { POSTGRES_MIGRATIONS } from '../../src/db/postgres.js';
import * as pgSchema from '../../src/db/schema/pg.js';
import { SQLITE_MIGRATIONS } from '../../src/db/sqlite.js';
import { ENGINE_SETUP_TIMEOUT_MS, type EngineDatabase, emptyPostgresDatabase, testEngines } from '../rig/engines.js';

const AT = new Date('2031-02-03T04:05:06.789Z');

const journalEntries = (folder: string) =>
  (JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

/** Every table of the schema (schema/pg.ts; schema/sqlite.ts names the same) with its columns, sorted. */
const expectedColumns = Object.fromEntries(
  Object.values(pgSchema)
    .filter((value: unknown): value is PgTable => is(value, PgTable))
    .map((table) => {
      const config = getTableConfig(table);
      return [config.name, config.columns.map((c) => c.name).sort()];
    }),
);

describe.each(testEngines())('migrations on $name', (engine) => {
  let db: EngineDatabase;
  beforeEach(async () => {
    db = await engine.open();
  }, ENGINE_SETUP_TIMEOUT_MS);
  afterEach(async () => {
    await db?.drop();
  });

  it('create every table and column of the schema, and record each migration', async () => {
    expect(Object.keys(expectedColumns).length).toBeGreaterThanOrEqual(11);
    expect(await db.columns()).toEqual(expectedColumns);
    const folder = engine.name === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS;
    expect(await db.migrationsApplied()).toBe(journalEntries(folder));
  });

  it('applied a second time change nothing: schema, migration records and rows stay as they were', async () => {
    const decisions = createDecisionsRepo(db.database, () => AT);
    const { decision } = await decisions.create({
      teamId: 'T1',
      channelId: 'C1',
      messageTs: '1.1',
      source: 'message',
      title: 'Kept across migrations',
      proposerId: 'U1',
      createdBy: 'U1',
    });
    const before = await db.shape();
    expect(before.length).toBeGreaterThan(20);

    await db.migrate();
    await db.migrate();

    expect(await db.shape()).toEqual(before);
    expect(await decisions.findById('T1', decision.id)).toStrictEqual(decision);
    expect(await decisions.statusHistory('T1', decision.id)).toHaveLength(1);
  });
});

const server = process.env.TEST_DATABASE_URL;

describe.runIf(server)('migrations on a PostgreSQL server', () => {
  let target: { url: string; drop: () => Promise<void> };
  beforeEach(async () => {
    target = await emptyPostgresDatabase(server!);
  });
  afterEach(async () => {
    await target?.drop();
  });

  it('two instances starting on an empty database at once both start, and each migration is applied once', async () => {
    const [a, b] = await Promise.all([connectDatabase(target.url), connectDatabase(target.url)]);
    try {
      expect(await a.probe(AT)).toBe('ok');
      expect(await b.probe(AT)).toBe('ok');
      const applied = await a.run((db) => db.execute('select count(*)::int as n from drizzle.__drizzle_migrations'));
      expect(applied.rows).toEqual([{ n: journalEntries(POSTGRES_MIGRATIONS) }]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a pool of one connection (DATABASE_POOL_SIZE=1) migrates and serves', async () => {
    const database = await connectDatabase(target.url, { poolSize: 1 });
    try {
      expect(await database.probe(AT)).toBe('ok');
      const again = await connectDatabase(target.url, { poolSize: 1 });
      await again.close();
    } finally {
      await database.close();
    }
  });
});
