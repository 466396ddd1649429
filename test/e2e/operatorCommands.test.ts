import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/database.js';
import { POSTGRES_MIGRATIONS } from '../../src/db/postgres.js';
import { SQLITE_MIGRATIONS } from '../../src/db/sqlite.js';
import { FakeSlack, TEAM_ID } from '../rig/fakeSlack.js';
import { BOT_TOKEN, runCommand, tempDbPath, testEnv } from '../rig/testApp.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../rig/testDatabase.js';

/**
 * `npm run digest`, `npm run digest -- --post` and `npm run db:migrate` doing their work, as an operator
 * runs them: real child processes against a database of the test's own (a temporary SQLite file, or a
 * fresh PostgreSQL database) and the fake Slack. (What they say when they cannot is in commands.test.ts.)
 * The commands read the machine's clock, so the rows below are dated relative to it and nothing here
 * depends on which day it is.
 */
let fake: FakeSlack;
let databases: TestDatabase[];
beforeEach(async () => {
  fake = await new FakeSlack().start();
  databases = [];
});
afterEach(async () => {
  await fake.stop();
  for (const db of databases) await db.drop();
});

/** An empty database for this test, dropped after it. */
async function testDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** A database holding this week's decisions (one in a private channel), one from before, and a dismissed one. */
async function weekOfDecisions(): Promise<TestDatabase> {
  const testDb = await testDatabase();
  const database = await connectDatabase(testDb.url);
  const { decisions, answers } = database.schema;
  const now = Date.now();
  const insert = async (values: Partial<typeof decisions.$inferInsert> & { title: string; createdAt: Date }) => {
    const [row] = await database.run((db) =>
      db
        .insert(decisions)
        .values({
          teamId: TEAM_ID,
          channelId: 'C0GENERAL',
          channelIsPrivate: false,
          source: 'command',
          proposerId: 'U0ALICE',
          messageTs: `${Math.floor(values.createdAt.getTime() / 1000)}.000100`,
          ...values,
        })
        .returning({ id: decisions.id }),
    );
    if (!row) throw new Error('The decision was not stored');
    return row.id;
  };
  try {
    const shop = await insert({
      title: 'Open a second shop',
      category: 'physical_space',
      createdAt: new Date(now - 2 * HOUR),
    });
    await database.run((db) =>
      db.insert(answers).values({
        teamId: TEAM_ID,
        decisionId: shop,
        question: 3,
        userId: 'U0BOB',
        choice: 'profit',
        createdAt: new Date(),
      }),
    );
    await insert({
      title: 'Close the Leeds branch',
      channelId: 'G0SECRET',
      channelIsPrivate: true,
      createdAt: new Date(now - HOUR),
    });
    await insert({ title: 'Paint it green', status: 'confirmed', createdAt: new Date(now - 10 * DAY) });
    await insert({ title: 'Lunch at noon', status: 'dismissed', createdAt: new Date(now - 30 * 60 * 1000) });
  } finally {
    await database.close();
  }
  return testDb;
}

const digestRuns = (db: TestDatabase) =>
  db.rows('select team_id, channel_id, status, late, attempts, message_ts, last_error from digest_runs order by id');

describe('npm run digest', () => {
  it('prints the seven days up to now: the week’s decisions named, a private one only counted', async () => {
    const db = await weekOfDecisions();
    const result = await runCommand('digest', [], testEnv(fake, db.url, { DIGEST_CHANNEL: 'C0DIGEST' }), {
      npm: [],
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = result.stdout;
    expect(out).toContain('It would go to channel C0DIGEST. To post it now: npm run digest -- --post');
    expect(out).toContain('2 decisions proposed: 0 confirmed · 0 rejected · 0 withdrawn · 2 still open');
    // Named, in plain text: the link's text and its address, the proposer and the motive.
    expect(out).toMatch(/Open a second shop \(https:\/\/example\.slack\.com\/archives\/C0GENERAL\/p\d+\)/);
    expect(out).toContain('@U0ALICE · Physical space · Open · Motive: Profit');
    expect(out).toContain('+ 1 decision in private channels, counted but not shown here.');
    expect(out).not.toContain('Leeds');
    // Not this week's, and dismissed: neither is listed.
    expect(out).not.toContain('Paint it green');
    expect(out).not.toContain('Lunch at noon');
    // No mrkdwn escapes or Slack markup reach the terminal.
    expect(out).not.toMatch(/&amp;|&lt;|&gt;|<@U/);
    // It only read: nothing was posted or recorded.
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
    expect(await digestRuns(db)).toEqual([]);
  });

  it('names a private decision when the digest would go to that private channel', async () => {
    const db = await weekOfDecisions();
    const result = await runCommand('digest', [], testEnv(fake, db.url, { DIGEST_CHANNEL: 'G0SECRET' }));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Close the Leeds branch');
    expect(result.stdout).not.toContain('in private channels');
  });

  it('--post posts it to DIGEST_CHANNEL with the bot token, once, and records the run', async () => {
    const db = await weekOfDecisions();
    const result = await runCommand('digest', ['--post'], testEnv(fake, db.url, { DIGEST_CHANNEL: 'C0DIGEST' }), {
      npm: ['-s'],
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Posted the digest for \S+ in C0DIGEST\.\n$/);
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post).toMatchObject({ token: BOT_TOKEN, ok: true, args: { channel: 'C0DIGEST' } });
    expect(String(post?.args.text)).toContain('2 decisions proposed');
    const blocks = JSON.stringify(post?.args.blocks);
    expect(blocks).toContain('Open a second shop');
    expect(blocks).toContain('+ 1 decision in private channels, counted but not shown here.');
    expect(blocks).not.toContain('Leeds');
    expect(blocks).not.toContain('Posted late');
    expect(await digestRuns(db)).toEqual([
      {
        team_id: TEAM_ID,
        channel_id: 'C0DIGEST',
        status: 'posted',
        late: 0,
        attempts: 1,
        message_ts: expect.stringMatching(/^\d+\.\d{6}$/),
        last_error: null,
      },
    ]);
  });

  it('tells the week in the time zone the workspace chose with /decision digest schedule', async () => {
    const db = await weekOfDecisions();
    const database = await connectDatabase(db.url);
    await database.run((q) =>
      q.insert(database.schema.teamSettings).values({
        teamId: TEAM_ID,
        digestCron: '30 16 * * 5',
        digestTimezone: 'Asia/Tokyo',
        digestScheduledAt: new Date(),
        updatedAt: new Date(),
      }),
    );
    await database.close();
    const result = await runCommand('digest', [], testEnv(fake, db.url, { DIGEST_TIMEZONE: 'Europe/Paris' }));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(Asia/Tokyo)');
    expect(result.stdout).not.toContain('Europe/Paris');
  });

  it('--post prefers the channel chosen with /decision digest here over DIGEST_CHANNEL', async () => {
    const db = await weekOfDecisions();
    const database = await connectDatabase(db.url);
    await database.run((q) =>
      q
        .insert(database.schema.teamSettings)
        .values({ teamId: TEAM_ID, digestChannel: 'G0SECRET', updatedAt: new Date() }),
    );
    await database.close();
    const result = await runCommand('digest', ['--post'], testEnv(fake, db.url, { DIGEST_CHANNEL: 'C0DIGEST' }));
    expect(result.status).toBe(0);
    const [post] = fake.callsTo('chat.postMessage');
    expect(post?.args.channel).toBe('G0SECRET');
    // Posted in the private channel itself, its decision is named.
    expect(JSON.stringify(post?.args.blocks)).toContain('Close the Leeds branch');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await digestRuns(db)).toMatchObject([{ channel_id: 'G0SECRET', status: 'posted' }]);
  });

  it('--post exits 1 and records the failure when Slack refuses the post', async () => {
    const db = await weekOfDecisions();
    fake.fail('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    const result = await runCommand('digest', ['--post'], testEnv(fake, db.url, { DIGEST_CHANNEL: 'C0DIGEST' }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Could not post the digest for \S+ in C0DIGEST after 1 tries: not_in_channel\n$/);
    // A refusal another try cannot fix is not tried again.
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await digestRuns(db)).toMatchObject([
      { channel_id: 'C0DIGEST', status: 'failed', attempts: 1, message_ts: null, last_error: 'not_in_channel' },
    ]);
  });
});

const journalLength = (folder: string) =>
  (JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

/** Where drizzle records the applied migrations, and where the tables are listed, differ by engine. */
async function inspect(db: TestDatabase) {
  const postgres = db.engine === 'postgres';
  const applied = await db.row(
    `select count(*) as n from ${postgres ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations'}`,
  );
  const tables = await db.rows(
    postgres
      ? "select table_name as name from information_schema.tables where table_schema = 'public'"
      : "select name from sqlite_master where type = 'table'",
  );
  return {
    applied: applied?.n,
    tables: tables.map((t) => String(t.name)).sort(),
    titles: (await db.rows('select title from decisions order by id')).map((r) => r.title),
  };
}

describe('npm run db:migrate', () => {
  it('creates the database with every migration, and a second run changes nothing', async () => {
    const db = await testDatabase();
    const migrations = db.engine === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;
    const first = await runCommand('migrate', [], { DATABASE_URL: db.url }, { npm: [], script: 'db:migrate' });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`Database ${db.url} is up to date.`);
    const created = await inspect(db);
    expect(created.applied).toBe(journalLength(migrations));
    expect(created.tables).toEqual(
      expect.arrayContaining([
        'decisions',
        'answers',
        'status_changes',
        'digest_runs',
        'team_settings',
        'health_probe',
      ]),
    );

    const second = await runCommand('migrate', [], { DATABASE_URL: db.url });
    expect(second.status).toBe(0);
    expect(await inspect(db)).toEqual(created);
  });

  // SQLite only: PostgreSQL's migration history begins with this release (migrations/pg holds one
  // migration that creates everything), so there is no older PostgreSQL database to upgrade.
  describe.skipIf(testEngine() === 'postgres')('a SQLite file of an older version', () => {
    it('applies only the pending migrations to a database of an older version, keeping its rows', async () => {
      // The database as the first release left it: only the first migration applied.
      const oldMigrations = join(mkdtempSync(join(tmpdir(), 'empty-chair-migrations-')), 'migrations');
      cpSync(SQLITE_MIGRATIONS, oldMigrations, { recursive: true });
      const journalPath = join(oldMigrations, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
      writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
      const dbPath = tempDbPath();
      const sqlite = new Database(dbPath);
      migrate(drizzle(sqlite), { migrationsFolder: oldMigrations });
      sqlite
        .prepare(
          "insert into decisions (team_id, channel_id, source, title, proposer_id, created_at) values ('T0001', 'C0GENERAL', 'command', 'Kept across the upgrade', 'U0ALICE', ?)",
        )
        .run(Date.now());
      sqlite.close();
      const db = await createTestDatabase({ path: dbPath });
      databases.push(db);
      const before = await inspect(db);
      expect(before.applied).toBe(1);
      expect(before.tables).not.toContain('health_probe');
      // The command gets the file to itself, as it did when each look opened and closed the file.
      await db.close();

      const result = await runCommand('migrate', [], { DATABASE_URL: dbPath });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`Database ${dbPath} is up to date.\n`);
      const after = await inspect(db);
      expect(after.applied).toBe(journalLength(SQLITE_MIGRATIONS));
      expect(after.tables).toContain('health_probe');
      expect(after.titles).toEqual(['Kept across the upgrade']);
    });
  });
});
