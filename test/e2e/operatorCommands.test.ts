import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase, openWritableDatabase } from '../../src/db/client.js';
import { answers, decisions, teamSettings } from '../../src/db/schema.js';
import { FakeSlack, TEAM_ID } from '../rig/fakeSlack.js';
import { BOT_TOKEN, runCommand, tempDbPath, testEnv } from '../rig/testApp.js';

/**
 * `npm run digest`, `npm run digest -- --post` and `npm run db:migrate` doing their work, as an operator
 * runs them: real child processes against a temporary database and the fake Slack. (What they say when
 * they cannot is in commands.test.ts.) The commands read the machine's clock, so the rows below are dated
 * relative to it and nothing here depends on which day it is.
 */
let fake: FakeSlack;
beforeEach(async () => {
  fake = await new FakeSlack().start();
});
afterEach(async () => {
  await fake.stop();
});

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** A database holding this week's decisions (one in a private channel), one from before, and a dismissed one. */
function weekOfDecisions(): string {
  const dbPath = tempDbPath();
  const db = openWritableDatabase(dbPath);
  const now = Date.now();
  const insert = (values: Partial<typeof decisions.$inferInsert> & { title: string; createdAt: Date }) =>
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
      .returning({ id: decisions.id })
      .get().id;
  const shop = insert({ title: 'Open a second shop', category: 'physical_space', createdAt: new Date(now - 2 * HOUR) });
  db.insert(answers)
    .values({
      teamId: TEAM_ID,
      decisionId: shop,
      question: 3,
      userId: 'U0BOB',
      choice: 'profit',
      createdAt: new Date(),
    })
    .run();
  insert({
    title: 'Close the Leeds branch',
    channelId: 'G0SECRET',
    channelIsPrivate: true,
    createdAt: new Date(now - HOUR),
  });
  insert({ title: 'Paint it green', status: 'confirmed', createdAt: new Date(now - 10 * DAY) });
  insert({ title: 'Lunch at noon', status: 'dismissed', createdAt: new Date(now - 30 * 60 * 1000) });
  db.$client.close();
  return dbPath;
}

const digestRuns = (dbPath: string) => {
  const db = openDatabase(dbPath);
  try {
    return db.$client
      .prepare('select team_id, channel_id, status, late, attempts, message_ts, last_error from digest_runs')
      .all() as Record<string, unknown>[];
  } finally {
    db.$client.close();
  }
};

describe('npm run digest', () => {
  it('prints the seven days up to now: the week’s decisions named, a private one only counted', async () => {
    const dbPath = weekOfDecisions();
    const result = await runCommand('digest', [], testEnv(fake, dbPath, { DIGEST_CHANNEL: 'C0DIGEST' }), {
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
    expect(digestRuns(dbPath)).toEqual([]);
  });

  it('names a private decision when the digest would go to that private channel', async () => {
    const dbPath = weekOfDecisions();
    const result = await runCommand('digest', [], testEnv(fake, dbPath, { DIGEST_CHANNEL: 'G0SECRET' }));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Close the Leeds branch');
    expect(result.stdout).not.toContain('in private channels');
  });

  it('--post posts it to DIGEST_CHANNEL with the bot token, once, and records the run', async () => {
    const dbPath = weekOfDecisions();
    const result = await runCommand('digest', ['--post'], testEnv(fake, dbPath, { DIGEST_CHANNEL: 'C0DIGEST' }), {
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
    expect(digestRuns(dbPath)).toEqual([
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

  it('--post prefers the channel chosen with /decision digest here over DIGEST_CHANNEL', async () => {
    const dbPath = weekOfDecisions();
    const db = openDatabase(dbPath);
    db.insert(teamSettings).values({ teamId: TEAM_ID, digestChannel: 'G0SECRET', updatedAt: new Date() }).run();
    db.$client.close();
    const result = await runCommand('digest', ['--post'], testEnv(fake, dbPath, { DIGEST_CHANNEL: 'C0DIGEST' }));
    expect(result.status).toBe(0);
    const [post] = fake.callsTo('chat.postMessage');
    expect(post?.args.channel).toBe('G0SECRET');
    // Posted in the private channel itself, its decision is named.
    expect(JSON.stringify(post?.args.blocks)).toContain('Close the Leeds branch');
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(digestRuns(dbPath)).toMatchObject([{ channel_id: 'G0SECRET', status: 'posted' }]);
  });

  it('--post exits 1 and records the failure when Slack refuses the post', async () => {
    const dbPath = weekOfDecisions();
    fake.fail('chat.postMessage', { kind: 'error', error: 'not_in_channel' });
    const result = await runCommand('digest', ['--post'], testEnv(fake, dbPath, { DIGEST_CHANNEL: 'C0DIGEST' }));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Could not post the digest for \S+ in C0DIGEST after 1 tries: not_in_channel\n$/);
    // A refusal another try cannot fix is not tried again.
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(digestRuns(dbPath)).toMatchObject([
      { channel_id: 'C0DIGEST', status: 'failed', attempts: 1, message_ts: null, last_error: 'not_in_channel' },
    ]);
  });
});

const journalLength = () =>
  (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries
    .length;

function inspect(dbPath: string) {
  const sqlite = new Database(dbPath, { readonly: true });
  try {
    return {
      applied: (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n,
      tables: (sqlite.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]).sort(),
      titles: sqlite.prepare('select title from decisions order by id').pluck().all(),
    };
  } finally {
    sqlite.close();
  }
}

describe('npm run db:migrate', () => {
  it('creates the database with every migration, and a second run changes nothing', async () => {
    const dbPath = tempDbPath();
    const first = await runCommand('migrate', [], { DATABASE_URL: dbPath }, { npm: [], script: 'db:migrate' });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(`Database ${dbPath} is up to date.`);
    const created = inspect(dbPath);
    expect(created.applied).toBe(journalLength());
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

    const second = await runCommand('migrate', [], { DATABASE_URL: dbPath });
    expect(second.status).toBe(0);
    expect(inspect(dbPath)).toEqual(created);
  });

  it('applies only the pending migrations to a database of an older version, keeping its rows', async () => {
    // The database as the first release left it: only the first migration applied.
    const oldMigrations = join(mkdtempSync(join(tmpdir(), 'empty-chair-migrations-')), 'migrations');
    cpSync(MIGRATIONS_FOLDER, oldMigrations, { recursive: true });
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
    const before = inspect(dbPath);
    expect(before.applied).toBe(1);
    expect(before.tables).not.toContain('health_probe');

    const result = await runCommand('migrate', [], { DATABASE_URL: dbPath });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Database ${dbPath} is up to date.\n`);
    const after = inspect(dbPath);
    expect(after.applied).toBe(journalLength());
    expect(after.tables).toContain('health_probe');
    expect(after.titles).toEqual(['Kept across the upgrade']);
  });
});
