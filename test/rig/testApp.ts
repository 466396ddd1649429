import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Logger, LogLevel } from '@slack/bolt';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/database.js';
import { type RunningEmptyChair, startEmptyChair } from '../../src/main.js';
import type { Workspaces } from '../../src/slack/workspaces.js';
import { expectTimestampsFrom, TestClock } from './clock.js';
import { FakeSlack } from './fakeSlack.js';
import { SignedClient } from './signedClient.js';
import { createTestDatabase, type TestDatabase } from './testDatabase.js';

export { tempDbPath } from './testDatabase.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TestApp {
  fake: FakeSlack;
  slack: SignedClient;
  url: string;
  /** A connection of the test's own to the app's database, for asserting on rows (SQLite or PostgreSQL). */
  db: TestDatabase;
  /** The app's data layer on that database, for tests that store rows with the schema's types. */
  database: Database;
  /** DATABASE_URL: a SQLite file, or a PostgreSQL database made for this test. */
  dbPath: string;
  running: RunningEmptyChair;
  /**
   * Runs a slash command whose reply is known at once and returns that reply as Slack got it, in the
   * acknowledgement, once the app is idle and has sent nothing to the response_url.
   */
  commandReply(fields: Parameters<SignedClient['command']>[0]): Promise<CommandAck>;
  /** The app's clock: set or advance it to move the app's time. */
  clock: TestClock;
  /** Stops the app, then starts it again on the same database and fake Slack. */
  restart(): Promise<void>;
  /** Stops the app and checks that every timestamp it stored came from its clock. */
  stop(): Promise<void>;
  /** Stops the app without checking its rows (for tests that store rows dated on purpose). */
  discard(): Promise<void>;
}

/** The body of a slash command's acknowledgement that carries a reply. */
export interface CommandAck {
  response_type: string;
  text: string;
  blocks?: unknown[];
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Defaults to a clock running from TEST_EPOCH, years away from the machine's date. */
  clock?: TestClock;
  /** A SQLite file to use (for tests about the file itself); otherwise the suite's engine decides. */
  dbPath?: string;
  /** The DATABASE_URL the app gets, from the test's database URL (e.g. through a TcpProxy). */
  appDatabaseUrl?: (url: string) => string;
  /** How often unposted decisions are retried; long by default so tests control when it happens. */
  retryIntervalMs?: number;
  logger?: Logger;
  /** Web API client options over TEST_CLIENT_OPTIONS (e.g. a longer timeout, to let Slack be slow). */
  clientOptions?: typeof TEST_CLIENT_OPTIONS;
  /** The workspaces the app serves, instead of the one of its bot token (made once, kept across restarts). */
  workspaces?: (fake: FakeSlack) => Workspaces;
}

/** A Bolt logger that keeps every line, for tests that check what the app logs. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (...msg: unknown[]) => {
      lines.push(
        `${level} ${msg.map((m) => (m instanceof Error ? `${m.message} ${JSON.stringify(m)}` : typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`,
      );
    };
  let level = LogLevel.DEBUG;
  return {
    lines,
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export function testEnv(fake: FakeSlack, dbPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    DATABASE_URL: dbPath,
    PORT: '0',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

/** Web API client settings for tests: fail fast instead of retrying for half an hour. */
export const TEST_CLIENT_OPTIONS = { retryConfig: { retries: 0 }, timeout: 1500 };

/**
 * Starts the real app (the same `startEmptyChair` that `npm start` runs) on an ephemeral port, with its
 * Web API pointed at a fresh fake Slack and a database of its own: a temporary SQLite file, or with
 * TEST_DATABASE_URL a fresh PostgreSQL database.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const clock = options.clock ?? new TestClock();
  const fake = await new FakeSlack(clock.now).start();
  const db = await createTestDatabase({ path: options.dbPath });
  const config = loadConfig(testEnv(fake, options.appDatabaseUrl?.(db.url) ?? db.url, options.env));
  const workspaces = options.workspaces?.(fake);
  const start = () =>
    startEmptyChair(config, {
      clientOptions: { ...TEST_CLIENT_OPTIONS, ...options.clientOptions },
      retryIntervalMs: options.retryIntervalMs ?? 3_600_000,
      now: clock.now,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(workspaces ? { workspaces } : {}),
    });
  let running = await start();
  const database = await connectDatabase(db.url);
  const url = () => `http://127.0.0.1:${running.port}`;
  const release = async () => {
    await database.close();
    await fake.stop();
    await db.drop();
  };
  const testApp: TestApp = {
    fake,
    slack: new SignedClient(url(), SIGNING_SECRET, fake.responseUrl),
    url: url(),
    db,
    database,
    dbPath: db.url,
    running,
    clock,
    async commandReply(fields) {
      const before = fake.callsTo('response/hook').length;
      const res = await testApp.slack.command(fields);
      expect(res.status).toBe(200);
      const ack = res.json() as CommandAck;
      expect(ack.response_type).toBe('ephemeral');
      await testApp.running.idle();
      expect(fake.callsTo('response/hook')).toHaveLength(before);
      return ack;
    },
    async restart() {
      await running.stop();
      running = await start();
      testApp.running = running;
      testApp.url = url();
      testApp.slack = new SignedClient(url(), SIGNING_SECRET, fake.responseUrl);
    },
    async stop() {
      await running.stop();
      // Every test that runs the app checks that nothing it stored was dated by another clock.
      try {
        await expectTimestampsFrom(db, clock);
      } finally {
        await release();
      }
    },
    async discard() {
      await running.stop();
      await release();
    },
  };
  return testApp;
}

export interface SpawnedApp {
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Resolves with the port once the app says it is running. */
  ready: Promise<number>;
  kill(signal: NodeJS.Signals): void;
  stdout(): string;
  pid: number | undefined;
}

/**
 * What a child process must share with the suite to live on the same date: the suite may run under
 * libfaketime (LD_PRELOAD, FAKETIME) to prove it passes on any date, and signatures only match if
 * the child's clock agrees with the signer's.
 */
export function sharedClockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => /^(LD_PRELOAD|FAKETIME.*|TZ)$/.test(entry[0]) && entry[1] !== undefined,
    ),
  );
}

/**
 * The environment of a spawned app or command: exactly `env`, the suite's date, and no .env file, so a
 * developer's own settings never leak in.
 */
function childEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DOTENV_CONFIG_PATH: join(ROOT, 'test', 'no-such.env'),
    ...sharedClockEnv(),
    ...env,
  };
}

/** A user id with no rights over the suite's files (nobody), for children that must meet file permissions. */
const NOBODY = 65534;

/**
 * Spawn options under which file permissions apply to the child: root ignores them, so when the suite
 * runs as root the child runs as nobody instead.
 */
export function unprivileged(): { uid?: number; gid?: number } {
  return process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
}

export interface SpawnAppOptions {
  /** Start through the real `npm start` script, as a process manager would, instead of node directly. */
  viaNpm?: boolean;
  /** Run where file permissions apply (see unprivileged). */
  unprivileged?: boolean;
}

/** The arguments `npm start` gives node (`exec node …`): its flags and the compiled app. */
const START_ARGS = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .replace(/^exec node /, '')
  .split(' ');

/**
 * Runs `npm start`'s command (or `npm start` itself) as a child process with exactly the given environment:
 * the compiled app in dist/, as users run it (test/buildDist.ts builds it before the suite).
 */
export function spawnApp(env: Record<string, string>, options: SpawnAppOptions = {}): SpawnedApp {
  const [command, args] = options.viaNpm ? ['npm', ['start']] : [process.execPath, START_ARGS];
  const child = spawn(command, args, {
    cwd: ROOT,
    // npm would otherwise ask the registry whether it is out of date.
    env: childEnv({ ...(options.viaNpm ? { npm_config_update_notifier: 'false' } : {}), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.unprivileged ? unprivileged() : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /running on port (\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(({ code }) => reject(new Error(`The app exited (${code}) before it was ready: ${stderr}`)));
  });
  ready.catch(() => {});
  return { exited, ready, kill: (signal) => child.kill(signal), stdout: () => stdout, pid: child.pid };
}

export interface CommandOptions {
  /**
   * Run as `npm run <flags> <name>` instead of node directly, with npm's banner; for the commands whose
   * package.json script has the file's name (export, digest).
   */
  npm?: string[];
  /** With `npm`: the package.json script to run when its name is not the file's (`db:migrate` runs migrate). */
  script?: string;
  /** Run where file permissions apply (see unprivileged). */
  unprivileged?: boolean;
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an operator command, compiled from `src/cli/<name>.ts` to `dist/cli/<name>.js` as its npm script
 * runs it, to its end with exactly the given environment. It runs asynchronously, so a fake Slack or an
 * app in this process keeps answering meanwhile.
 */
export function runCommand(
  name: string,
  args: string[],
  env: Record<string, string>,
  options: CommandOptions = {},
): Promise<CommandResult> {
  const [command, commandArgs] = options.npm
    ? ['npm', ['run', ...options.npm, options.script ?? name, '--', ...args]]
    : [process.execPath, [`dist/cli/${name}.js`, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    env: childEnv({ ...(options.npm ? { npm_config_update_notifier: 'false' } : {}), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.unprivileged ? unprivileged() : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** What an operator sees when something goes wrong: one line, and no stack trace. */
export function expectOneSentence(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}
