import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { POSTGRES_MIGRATIONS } from '../../src/db/postgres.js';
import { openSqlite, openWritableSqlite, SQLITE_MIGRATIONS } from '../../src/db/sqlite.js';
import { startEmptyChair } from '../../src/main.js';
import { FakeSlack } from '../rig/fakeSlack.js';
import {
  BOT_TOKEN,
  expectOneSentence,
  spawnApp,
  startTestApp,
  TEST_CLIENT_OPTIONS,
  type TestApp,
  tempDbPath,
  testEnv,
} from '../rig/testApp.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../rig/testDatabase.js';

let testApp: TestApp | undefined;
let databases: TestDatabase[] = [];
afterEach(async () => {
  const app = testApp;
  testApp = undefined;
  await app?.stop();
  const dropping = databases;
  databases = [];
  for (const db of dropping) await db.drop();
});

/** A database of the suite's engine (a SQLite file, or a fresh PostgreSQL database) for a process the test starts. */
async function suiteDatabase(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  return db.url;
}

async function tableNames(db: TestDatabase): Promise<string[]> {
  const rows =
    db.engine === 'postgres'
      ? await db.rows(
          "select table_name as name from information_schema.tables where table_schema = 'public' order by table_name",
        )
      : await db.rows("select name from sqlite_master where type = 'table' order by name");
  return rows.map((r) => String(r.name));
}

describe('the running app', () => {
  it('answers /healthz with a small JSON body saying the database answers', async () => {
    testApp = await startTestApp();
    const res = await fetch(`${testApp.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database: 'ok' });
  });

  it('calls auth.test on the fake Slack with the bot token at start-up', async () => {
    testApp = await startTestApp();
    const [call] = testApp.fake.callsTo('auth.test');
    expect(call?.token).toBe(BOT_TOKEN);
  });

  it('answers the url_verification challenge', async () => {
    testApp = await startTestApp();
    const body = JSON.stringify({
      token: 'x',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const res = await testApp.slack.post(body, 'application/json');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('applies every migration to an empty database, and a second start on the same file changes nothing', async () => {
    const app = await startTestApp();
    testApp = app;
    const postgres = app.db.engine === 'postgres';
    const migrations = postgres ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS;
    const journal = JSON.parse(readFileSync(`${migrations}/meta/_journal.json`, 'utf8')) as {
      entries: unknown[];
    };
    // drizzle keeps PostgreSQL's record of applied migrations in a schema of its own.
    const migrationsTable = postgres ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations';
    const applied = async () => (await app.db.row(`select count(*) as n from ${migrationsTable}`))?.n;
    expect(await applied()).toBe(journal.entries.length);
    const tables = await tableNames(app.db);
    for (const t of [
      'decisions',
      'answers',
      'status_changes',
      'discussion',
      'processed_events',
      'digest_runs',
      'team_settings',
      'channel_settings',
      'outbox',
      'prompts',
    ]) {
      expect(tables).toContain(t);
    }
    await app.database.run((db) =>
      db
        .insert(app.database.schema.teamSettings)
        .values({ teamId: 'T0001', requiredAnswers: 2, updatedAt: app.clock.now() }),
    );
    await app.restart();
    expect(await applied()).toBe(journal.entries.length);
    expect(await app.db.row('select required_answers from team_settings')).toEqual({
      required_answers: 2,
    });
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
  });

  // The SQLite connection's own settings.
  it.skipIf(testEngine() === 'postgres')('sets WAL, foreign keys and a busy timeout on its connections', async () => {
    const db = openSqlite(tempDbPath());
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.$client.close();
  });

  it('runs in Socket Mode when SLACK_APP_TOKEN is set: opens a connection and acks envelopes', async () => {
    const fake = await new FakeSlack().start();
    const env = testEnv(fake, await suiteDatabase(), { SLACK_APP_TOKEN: 'xapp-1-A0FAKE-1-secret' });
    delete (env as Record<string, string | undefined>).SLACK_SIGNING_SECRET;
    const running = await startEmptyChair(loadConfig(env), { clientOptions: TEST_CLIENT_OPTIONS });
    try {
      const [open] = await fake.waitForCalls('apps.connections.open');
      expect(open?.token).toBe('xapp-1-A0FAKE-1-secret');
      await fake.waitForSocket();
      const ack = await fake.sendEnvelope('events_api', {
        type: 'event_callback',
        team_id: 'T0001',
        api_app_id: 'A0FAKE',
        event_id: 'EvSOCKET1',
        event_time: 1,
        event: {
          type: 'app_mention',
          user: 'U0ALICE',
          text: 'hi',
          ts: '1.000001',
          channel: 'C0GENERAL',
          event_ts: '1.000001',
        },
      });
      expect(ack).toEqual({});
      expect(running.port).toBeUndefined();
    } finally {
      await running.stop();
      await fake.stop();
    }
  });
});

describe('request verification', () => {
  const event = {
    type: 'message',
    channel: 'C0GENERAL',
    user: 'U0ALICE',
    text: 'Proposal: close on Sundays',
    ts: '1700000100.000001',
    channel_type: 'channel',
  };

  async function rowsWritten(app: TestApp): Promise<number> {
    let total = 0;
    for (const t of ['decisions', 'processed_events', 'answers', 'discussion'])
      total += Number((await app.db.row(`select count(*) as n from ${t}`))?.n);
    return total;
  }

  it.each([
    ['unsigned', { signature: null }],
    ['wrongly signed', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['six minutes old', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('rejects %s requests with 401 and writes nothing', async (_name, options) => {
    testApp = await startTestApp();
    const events = await testApp.slack.event(event, options);
    expect(events.status).toBe(401);
    const command = await testApp.slack.command({ text: 'Proposal: close on Sundays' }, options);
    expect(command.status).toBe(401);
    expect(await rowsWritten(testApp)).toBe(0);
    expect(testApp.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});

describe('npm start', () => {
  it('stops with exit code 1 and one line per bad variable, without stack traces or secrets', async () => {
    const { code, stderr } = await spawnApp({ SLACK_BOT_TOKEN: 'xoxp-leaky-secret', PORT: 'abc' }).exited;
    expect(code).toBe(1);
    expect(stderr).toContain('SLACK_BOT_TOKEN must be a bot token that starts with xoxb-');
    expect(stderr).toContain('PORT must be a port number from 0 to 65535');
    expect(stderr).toContain('SLACK_SIGNING_SECRET is required');
    expect(stderr).not.toContain('xoxp-leaky-secret');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('reads its settings from a .env file, as a new user sets it up', async () => {
    const fake = await new FakeSlack().start();
    const dotenvPath = join(mkdtempSync(join(tmpdir(), 'empty-chair-env-')), '.env');
    const example = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8');
    const settings = { ...testEnv(fake, await suiteDatabase()) };
    writeFileSync(
      dotenvPath,
      example.replace(/^(\w+)=.*$/gm, (line, name: string) =>
        name in settings ? `${name}=${settings[name as keyof typeof settings]}` : line,
      ),
    );
    const app = spawnApp({ DOTENV_CONFIG_PATH: dotenvPath });
    try {
      const port = await app.ready;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(fake.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);
    } finally {
      app.kill('SIGTERM');
      await app.exited;
      await fake.stop();
    }
  });

  it('serves /healthz and exits 0 on SIGTERM after closing the database', async () => {
    const fake = await new FakeSlack().start();
    const app = spawnApp(testEnv(fake, await suiteDatabase()));
    try {
      const port = await app.ready;
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(await res.json()).toEqual({ ok: true, database: 'ok' });
      app.kill('SIGTERM');
      const { code, stdout } = await app.exited;
      expect(code).toBe(0);
      expect(stdout).toContain('SIGTERM received');
    } finally {
      app.kill('SIGKILL');
      await fake.stop();
    }
  });
});

/** Every process below `pid`, children first, as `ps` lists them now. */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  for (let parents = [pid]; parents.length > 0;) {
    parents = table.filter(([, ppid]) => parents.includes(ppid ?? -1)).map(([child]) => child ?? -1);
    found.push(...parents);
  }
  return found;
}

/** Whether a process still runs: gone, or exited and waiting to be reaped (a zombie), is not running. */
function isRunning(pid: number): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .startsWith('Z');
  } catch {
    return false;
  }
}

/** Resolves once something could listen on `port` (and has let it go again); rejects while it is taken. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

describe('npm start under a process manager', () => {
  it('runs the compiled app, and stops the node process too, freeing the port, when SIGTERM reaches the npm process alone', async () => {
    const fake = await new FakeSlack().start();
    const app = spawnApp(testEnv(fake, await suiteDatabase()), { viaNpm: true });
    let below: number[] = [];
    try {
      const port = await app.ready;
      below = descendants(app.pid ?? -1);
      expect(below.length).toBeGreaterThan(0);
      // What runs is the compiled app, with no TypeScript loader: tsx is a development dependency.
      const commands = below.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' '));
      expect(commands.some((c) => c.includes('dist/index.js'))).toBe(true);
      expect(commands.join('\n')).not.toContain('tsx');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // What a process manager does: signal the process it started, not its group.
      app.kill('SIGTERM');
      expect((await app.exited).code).toBe(0);
      await expect.poll(() => below.filter(isRunning), { timeout: 10_000 }).toEqual([]);
      expect(app.stdout()).toContain('SIGTERM received');
      await expect(portIsFree(port)).resolves.toBe(true);
    } finally {
      for (const pid of below.filter(isRunning)) process.kill(pid, 'SIGKILL');
      await fake.stop();
    }
  });
});

// About a SQLite file's path and permissions, so SQLite only: PostgreSQL's refusals come from the server.
describe.skipIf(testEngine() === 'postgres')('npm start with a database it cannot use', () => {
  it('stops with one sentence, before saying it runs, when the database is read-only', async () => {
    const fake = await new FakeSlack().start();
    const dbPath = tempDbPath();
    openWritableSqlite(dbPath).$client.close();
    // The folder stays writable, as it often is: only the file is read-only.
    chmodSync(dirname(dbPath), 0o777);
    chmodSync(dbPath, 0o444);
    try {
      const { code, stdout, stderr } = await spawnApp(testEnv(fake, dbPath), { unprivileged: true }).exited;
      expect(code).toBe(1);
      expect(stdout).not.toContain('running');
      expect(stderr).toBe(
        `Empty Chair could not start: The database ${dbPath} is read-only: give this user write access to the file and its folder, or set DATABASE_URL to a writable path.\n`,
      );
    } finally {
      await fake.stop();
    }
  });

  it('names the path and what to do when DATABASE_URL is a folder or cannot be opened', async () => {
    const fake = await new FakeSlack().start();
    const folder = dirname(tempDbPath());
    // Traversable by the unprivileged app, but not writable: no database can be created in it.
    chmodSync(folder, 0o555);
    try {
      const asFolder = await spawnApp(testEnv(fake, folder)).exited;
      expect(asFolder.code).toBe(1);
      expect(asFolder.stderr).toContain(
        `DATABASE_URL ${folder} is a folder: set it to a file path such as ${join(folder, 'empty-chair.db')}.`,
      );
      const inLocked = join(folder, 'app.db');
      const locked = await spawnApp(testEnv(fake, inLocked), { unprivileged: true }).exited;
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain(
        `Cannot open the database file ${inLocked}: give this user read and write access`,
      );
      for (const { stderr } of [asFolder, locked]) expectOneSentence(stderr);
      expect(existsSync(inLocked)).toBe(false);
    } finally {
      await fake.stop();
    }
  });
});

describe('npm start with a .env file', () => {
  it('says at start that a value after # was read as empty, and that a quoted token has a space', async () => {
    const fake = await new FakeSlack().start();
    const dotenvPath = join(mkdtempSync(join(tmpdir(), 'empty-chair-env-')), '.env');
    const { SLACK_BOT_TOKEN: _token, ...settings } = testEnv(fake, tempDbPath());
    writeFileSync(dotenvPath, [`SLACK_BOT_TOKEN="${BOT_TOKEN} "`, 'DIGEST_CHANNEL=#general', ''].join('\n'));
    try {
      const { code, stderr } = await spawnApp({ ...settings, DOTENV_CONFIG_PATH: dotenvPath }).exited;
      expect(code).toBe(1);
      expect(stderr).toContain(`DIGEST_CHANNEL on line 2 of ${dotenvPath} is read as empty, because .env reads "#"`);
      expect(stderr).toContain('SLACK_BOT_TOKEN contains a space or line break (look inside the quotes in .env)');
      expect(stderr).not.toContain(BOT_TOKEN);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await fake.stop();
    }
  });
});
