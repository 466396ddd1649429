import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWritableSqlite } from '../../src/db/sqlite.js';
import { TestClock } from '../rig/clock.js';
import {
  A_PREDICTION,
  answerSubmission,
  confirmSubmission,
  messageEvent,
  pathSubmission,
  proposalSubmission,
  reactionEvent,
} from '../rig/payloads.js';
import {
  type CommandResult,
  expectOneSentence,
  runCommand,
  startTestApp,
  type TestApp,
  tempDbPath,
} from '../rig/testApp.js';

/**
 * `npm run db:copy`: a SQLite database with real history, made by the app itself, copied into a fresh
 * PostgreSQL database. The server is TEST_DATABASE_URL's, or the one every machine of this project runs;
 * a server that cannot be reached fails these tests rather than skipping them.
 */
const SERVER = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const TABLES = [
  'answers',
  'briefings',
  'channel_settings',
  'decision_links',
  'decisions',
  'digest_runs',
  'discussion',
  'feedback',
  'feedback_citations',
  'health_probe',
  'installations',
  'outbox',
  'predictions',
  'processed_events',
  'prompts',
  'status_changes',
  'team_settings',
  'touchpoints',
];

interface Target {
  url: string;
  /** The password in `url`: the server's own, or a dummy one that trust authentication ignores. */
  password: string;
  query(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createTarget(): Promise<Target> {
  const name = `ec_copy_${randomBytes(6).toString('hex')}`;
  await onServer((c) => c.query(`create database ${name}`));
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  if (!url.password) url.password = 'dummy-Secret-4c1d';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    url: url.toString(),
    password: decodeURIComponent(url.password),
    query: async (text, values) => (await client.query(text, values)).rows as Record<string, unknown>[],
    async drop() {
      await client.end();
      await onServer((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}

const copy = (source: string, args: string[]) =>
  runCommand('copy', args, { DATABASE_URL: source }, { npm: [], script: 'db:copy' });
/** Straight through node, for refusals: npm adds its own lines to stderr when a command fails. */
const copyDirect = (source: string, args: string[]) => runCommand('copy', args, { DATABASE_URL: source });

function expectNoPassword(result: CommandResult, password: string): void {
  expect(result.stdout).not.toContain(password);
  expect(result.stderr).not.toContain(password);
}

/** A row as both engines can be compared: booleans as 1/0, moments in milliseconds, JSON parsed. */
type Row = Record<string, unknown>;
const byContent = (a: Row, b: Row) => {
  const key = (r: Row) =>
    JSON.stringify(
      Object.keys(r)
        .sort()
        .map((k) => r[k]),
    );
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};

function fromPostgres(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      column,
      value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value,
    ]),
  );
}

async function postgresRows(target: Target, table: string): Promise<Row[]> {
  return (await target.query(`select * from "${table}"`)).map(fromPostgres).sort(byContent);
}

async function jsonColumns(target: Target): Promise<Set<string>> {
  const found = await target.query(
    "select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type = 'jsonb'",
  );
  return new Set(found.map((c) => `${String(c.table_name)}.${String(c.column_name)}`));
}

let app: TestApp;
let sqlitePath: string;
let target: Target;
let firstCopy: CommandResult;

/** The SQLite history, as the app wrote it, with JSON text parsed for comparison. */
async function sqliteRows(table: string, json: Set<string>): Promise<Row[]> {
  const rows = await app.db.rows(`select * from "${table}"`);
  return rows
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          json.has(`${table}.${column}`) && typeof value === 'string' ? JSON.parse(value) : value,
        ]),
      ),
    )
    .sort(byContent);
}

async function idOf(title: string): Promise<{ id: number; card_ts: string; thread_ts: string }> {
  const row = await app.db.row('select id, card_ts, thread_ts from decisions where title = ?', title);
  return row as { id: number; card_ts: string; thread_ts: string };
}

async function propose(title: string): Promise<{ id: number; card_ts: string; thread_ts: string }> {
  const posted = app.fake.callsTo('chat.postMessage').length;
  await app.slack.interactive(proposalSubmission({ title }));
  await app.fake.waitForCalls('chat.postMessage', posted + 4);
  await app.running.idle();
  return idOf(title);
}

/** Waits for the app's background work to store something (expect.poll only runs inside a test). */
async function until(stored: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await stored())) {
    if (Date.now() > deadline) throw new Error(`The app never stored ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A settings command, answered in its acknowledgement once stored. */
async function command(text: string, user: string, channel = 'C0GENERAL'): Promise<void> {
  await app.commandReply({ text, user_id: user, channel_id: channel });
}

/** Runs the app on a SQLite file until every table holds some of a team's history. */
async function makeHistory(): Promise<void> {
  // A Monday, so that a week later the missed digest is posted at start.
  app = await startTestApp({
    dbPath: tempDbPath(),
    clock: new TestClock('2033-06-13T10:00:00Z'),
    env: { DIGEST_CHANNEL: 'C0DIGEST' },
  });
  sqlitePath = app.dbPath;
  app.fake.setUser('U0CAROL', { is_admin: true });
  await command('approvers <@U0ALICE|alice> <@U0DANA|dana>', 'U0CAROL');
  await command('triggers Proposal:, Idea:', 'U0CAROL');
  await command('unwatch', 'U0ALICE', 'C0RANDOM');
  await command('feedback sentiment:positive A day off on Sundays would be lovely', 'U0BOB');

  const sundays = await propose('Close on Sundays');
  const deleted = await propose('Proposed by mistake');
  const prices = await propose('Raise prices');
  const idea = messageEvent({ text: 'Idea: oat milk for everyone', user: 'U0BOB' });
  await app.slack.event(idea);
  await app.fake.waitForCalls('chat.postMessage', 16);

  const answer = async (id: number, user: string, given: Parameters<typeof answerSubmission>[2]) => {
    await app.slack.interactive(answerSubmission(id, user, given));
    await app.running.idle();
  };
  const grounded = answerSubmission(sundays.id, 'U0BOB', {
    q1: ['yes', 'They asked for it'],
    q2: ['positive', 'A day of rest'],
    q3: ['customer_satisfaction', null],
    profile: 'Families who shop on weekdays',
  });
  // The answer to question 2 cites the customer feedback saved above.
  (grounded.view.state.values as Record<string, unknown>).q2_cites = {
    value: { type: 'checkboxes', selected_options: [{ value: '1' }] },
  };
  await app.slack.interactive(grounded);
  await app.running.idle();
  // Bob changes his mind: the first answer stays as history.
  await answer(sundays.id, 'U0BOB', { q1: ['partly', 'Some of them asked'] });
  await answer(deleted.id, 'U0DANA', { q1: ['no', 'Mistake'] });
  await app.slack.event(messageEvent({ text: 'I disagree', user: 'U0CAROL', thread_ts: sundays.thread_ts }));
  // Sundays change the shop's opening hours: Dana is briefed when it is confirmed, with a prediction of
  // how customers will react (the confirm form's submission).
  await app.slack.interactive(pathSubmission(sundays.id, { 2: { note: 'Closed on Sundays', users: ['U0DANA'] } }));
  await app.slack.interactive(confirmSubmission(sundays.id, 'U0ALICE', A_PREDICTION));
  await app.running.idle();
  await command(`supersede ${prices.id} ${sundays.id}`, 'U0ALICE');

  // A redraw Slack refuses is kept in the outbox.
  app.fake.fail('chat.update', { kind: 'error', error: 'internal_error' }, 10);
  await answer(prices.id, 'U0DANA', { q3: ['profit', 'Margins'] });
  await until(
    async () => (await app.db.row("select count(*) as n from outbox where kind = 'refresh'"))?.n === 1,
    'the refused redraw',
  );

  // An installation, as distributed mode stores one (this history is single-workspace mode's).
  await app.db.rows(
    "insert into installations (install_key, team_id, team_name, is_enterprise_install, bot_token, bot_id, bot_user_id, bot_scopes, bot_token_expires_at, installed_at) values ('T0001', 'T0001', 'Example', 0, 'xoxb-1', 'B1', 'U0BOT', 'commands,chat:write', ?, ?)",
    app.clock.now().getTime(),
    app.clock.now().getTime(),
  );

  // A decision removed from the middle leaves gaps in the ids, so that ids given anew would not match.
  await app.db.rows('pragma foreign_keys = on');
  await app.db.rows('delete from decisions where id = ?', deleted.id);

  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  // Monday 09:00 passes while the app is down: it posts the missed digest when it starts again.
  app.clock.set('2033-06-20T11:00:00Z');
  await app.restart();
  await until(async () => (await app.db.row('select status from digest_runs'))?.status === 'posted', 'the digest');
  // Event ids are kept for a day only, and a week has passed: this reaction's stays.
  await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts: idea.ts as string }));
  await until(async () => (await app.db.row('select count(*) as n from processed_events'))?.n === 1, 'the event id');
  await app.running.idle();
  await app.running.stop();
}

beforeAll(async () => {
  await makeHistory();
  target = await createTarget();
  firstCopy = await copy(sqlitePath, ['--to', target.url]);
}, 60_000);

afterAll(async () => {
  await target?.drop();
  await app?.stop();
});

describe('npm run db:copy', () => {
  it('copies every table of a SQLite history into PostgreSQL, row for row with the same ids, and says so', async () => {
    expect(firstCopy.stderr).toBe('');
    expect(firstCopy.status).toBe(0);
    expectNoPassword(firstCopy, target.password);
    // Ordinary tables: the full-text index (a virtual table and its shadow tables) is SQLite's alone.
    const sqliteTables = (await app.db.rows("select name from pragma_table_list where type = 'table' order by name"))
      .map((t) => String(t.name))
      .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('__drizzle'));
    expect(sqliteTables).toEqual(TABLES);
    const json = await jsonColumns(target);
    for (const table of TABLES) {
      const source = await sqliteRows(table, json);
      expect(source.length, `${table} holds history to copy`).toBeGreaterThan(0);
      expect(await postgresRows(target, table), table).toEqual(source);
      expect(firstCopy.stdout).toMatch(new RegExp(`^${table}: ${source.length} rows?\\b`, 'm'));
    }
    // The gap left by the deleted decision is kept, not closed up.
    const ids = (await target.query('select id from decisions order by id')).map((r) => r.id);
    expect(ids).toEqual([1, 3, 4]);
    expect(firstCopy.stdout).toMatch(
      /^Copied \d+ rows from .* into postgres:\/\/.*\*\*\*.*every table holds as many rows/m,
    );
  });

  it('refuses a second copy into the same database, and changes nothing there', async () => {
    const snapshot = async () => {
      const tables: Row[][] = [];
      for (const table of TABLES) tables.push(await postgresRows(target, table));
      return tables;
    };
    const before = await snapshot();
    const second = await copyDirect(sqlitePath, ['--to', target.url]);
    expect(second.status).toBe(2);
    expectOneSentence(second.stderr);
    expect(second.stderr).toContain('already holds decisions');
    expect(second.stdout).toBe('');
    expectNoPassword(second, target.password);
    expect(await snapshot()).toEqual(before);
  });

  it('lets new rows continue after the copied ids', async () => {
    const [{ id }] = (await target.query(
      "insert into decisions (team_id, channel_id, source, title, proposer_id) values ('T0001', 'C0GENERAL', 'command', 'After the move', 'U0ALICE') returning id",
    )) as [{ id: number }];
    expect(id).toBe(5);
    for (const table of ['answers', 'status_changes', 'discussion', 'digest_runs', 'outbox']) {
      const [row] = await target.query(
        `select (select max(id) from "${table}") as copied, nextval(pg_get_serial_sequence('${table}', 'id')) as next`,
      );
      expect(Number(row?.next), table).toBe(Number(row?.copied) + 1);
    }
  });
});

describe('npm run db:copy refuses, in one sentence', () => {
  const password = 'not-Shown-9f2e';

  it.each([
    [
      'a --to that is not PostgreSQL',
      ['--to', `mysql://root:${password}@127.0.0.1/empty_chair`],
      /--to must be a PostgreSQL URL/,
    ],
    ['no --to', [], /Name the PostgreSQL database to copy into with --to/],
    ['a URL given without --to', [`postgres://postgres:${password}@127.0.0.1/x`], /takes no arguments besides --to/],
    ['an unknown flag', ['--too', `postgres://postgres:${password}@127.0.0.1/x`], /Unknown option '--too'/],
  ])('%s, with exit code 2', async (_, args, said) => {
    const result = await copyDirect(sqlitePath, args);
    expect(result.status).toBe(2);
    expectOneSentence(result.stderr);
    expect(result.stderr).toMatch(said);
    expect(result.stderr).toContain('usage: npm run db:copy -- --to postgres://');
    expectNoPassword(result, password);
  });

  it('a missing source, with exit code 2, and creates no file', async () => {
    const missing = join(dirname(tempDbPath()), 'no-such.db');
    const fresh = await createTarget();
    try {
      const result = await copyDirect(missing, ['--to', fresh.url]);
      expect(result.status).toBe(2);
      expectOneSentence(result.stderr);
      expect(result.stderr).toBe(`There is no SQLite database at ${missing} to copy; check DATABASE_URL.\n`);
      expect(existsSync(missing)).toBe(false);
      expect(await fresh.query("select 1 from information_schema.tables where table_name = 'decisions'")).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });

  it('a source that is PostgreSQL, with exit code 2', async () => {
    const result = await copyDirect(`postgres://postgres:${password}@127.0.0.1/empty_chair`, ['--to', target.url]);
    expect(result.status).toBe(2);
    expectOneSentence(result.stderr);
    expect(result.stderr).toContain('DATABASE_URL already names a PostgreSQL database');
    expectNoPassword(result, password);
  });

  it('a server it cannot reach, with exit code 1, naming the address without its password', async () => {
    const result = await copyDirect(sqlitePath, ['--to', `postgres://postgres:${password}@127.0.0.1:1/empty_chair`]);
    expect(result.status).toBe(1);
    expectOneSentence(result.stderr);
    expect(result.stderr).toContain('Cannot reach PostgreSQL at postgres://postgres:***@127.0.0.1:1/empty_chair');
    expectNoPassword(result, password);
  });

  it('prints its usage for --help', async () => {
    const result = await copyDirect(sqlitePath, ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run db:copy -- --to postgres:\/\//);
  });
});

describe('npm run db:copy, when PostgreSQL refuses a row', () => {
  it('copies nothing at all, and names the table', async () => {
    const path = tempDbPath();
    const sqlite = openWritableSqlite(path);
    sqlite.$client.exec(`
      insert into decisions (id, team_id, channel_id, source, title, proposer_id, created_at)
        values (7, 'T0001', 'C0GENERAL', 'command', 'Kept in SQLite', 'U0ALICE', 2003000000000);
      insert into discussion (team_id, decision_id, channel_id, ts, user_id, text, created_at)
        values ('T0001', 7, 'C0GENERAL', '1.1', 'U0BOB', 'a NUL ' || char(0) || ' byte', 2003000000000);`);
    sqlite.$client.close();
    const fresh = await createTarget();
    try {
      const result = await copyDirect(path, ['--to', fresh.url]);
      expect(result.status).toBe(1);
      expectOneSentence(result.stderr);
      expect(result.stderr).toMatch(/^Copying discussion into .* failed \(.*\); the transaction was rolled back/);
      expectNoPassword(result, fresh.password);
      // The server's reason, not the batch's values.
      expect(result.stderr).toContain('0x00');
      expect(result.stderr).not.toContain('Kept in SQLite');
      // The decision went in before the discussion failed; the rollback took it out again.
      expect(await fresh.query('select id from decisions')).toEqual([]);
    } finally {
      await fresh.drop();
    }
  });
});
