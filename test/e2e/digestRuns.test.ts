import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/database.js';
import { createDigestRepo, createNudgeRepo } from '../../src/db/digestRepo.js';
import type * as pgSchema from '../../src/db/schema/pg.js';
import { createSettingsRepo } from '../../src/db/settingsRepo.js';
import { createSettingsService } from '../../src/decisions/settingsService.js';
import { sendDueNudges } from '../../src/slack/reminders.js';
import { QUESTIONS } from '../../src/decisions/questions.js';
import { type RunDigestInput, runDigest } from '../../src/digest/digestRunner.js';
import { createDigestScheduler } from '../../src/digest/scheduler.js';
import { FakeSlack, TEAM_ID } from '../rig/fakeSlack.js';
import { createTestDatabase, type TestDatabase } from '../rig/testDatabase.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEAM_URL = 'https://example.slack.com/';
const CHANNEL = 'C0DIGEST';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
// Mondays 09:00 in London, all in winter time (GMT = UTC).
const SLOT1 = new Date('2025-11-03T09:00:00Z');
const SLOT2 = new Date('2025-11-10T09:00:00Z');
const SLOT3 = new Date('2025-11-17T09:00:00Z');
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

let fake: FakeSlack;
let testDb: TestDatabase;
let connections: Database[];
let logs: string[];

beforeEach(async () => {
  fake = await new FakeSlack().start();
  // A SQLite file, or with TEST_DATABASE_URL a PostgreSQL database of this test's own.
  testDb = await createTestDatabase();
  connections = [];
  logs = [];
});

afterEach(async () => {
  for (const db of connections) await db.close();
  await testDb.drop();
});

/** A new connection to the test database (migrated on first use): what a second process would have. */
async function connect(): Promise<Database> {
  const db = await connectDatabase(testDb.url);
  connections.push(db);
  return db;
}

const client = () => new webApi.WebClient('xoxb-x', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
const logger = {
  debug: () => {},
  info: (...m: unknown[]) => logs.push(`info: ${m.join(' ')}`),
  warn: (...m: unknown[]) => logs.push(`warn: ${m.join(' ')}`),
  error: (...m: unknown[]) => logs.push(`error: ${m.join(' ')}`),
};

let seq = 0;
async function addDecision(
  db: Database,
  values: Partial<typeof pgSchema.decisions.$inferInsert> & { createdAt: Date },
): Promise<number> {
  seq += 1;
  const ts = `1762000000.${String(seq).padStart(6, '0')}`;
  const [row] = await db.run((q) =>
    q
      .insert(db.schema.decisions)
      .values({
        teamId: TEAM_ID,
        channelId: CHANNEL,
        channelIsPrivate: false,
        messageTs: ts,
        threadTs: ts,
        cardTs: ts,
        source: 'command',
        title: `Decision ${seq}`,
        proposerId: 'UPROPOSER',
        postedAt: values.createdAt,
        ...values,
      })
      .returning(),
  );
  if (!row) throw new Error('no decision inserted');
  return row.id;
}

async function addAnswer(
  db: Database,
  decisionId: number,
  question: number,
  choice: string,
  supersededAt?: Date,
): Promise<void> {
  await db.run((q) =>
    q.insert(db.schema.answers).values({
      teamId: TEAM_ID,
      decisionId,
      question,
      userId: `U${question}`,
      choice,
      text: 'An answer',
      supersededAt,
    }),
  );
}

const runs = (db: Database) => db.run((q) => q.select().from(db.schema.digestRuns).orderBy(db.schema.digestRuns.slot));
const posts = () => fake.callsTo('chat.postMessage').filter((c) => c.ok);

/** The digest of the test's workspace as the background passes run it, DIGEST_CHANNEL being `defaultChannel`. */
function scheduler(db: Database, now: Date, { defaultChannel = CHANNEL }: { defaultChannel?: string | null } = {}) {
  const digest = createDigestScheduler({
    repo: createDigestRepo(db),
    settings: createSettingsService({ settings: createSettingsRepo(db, () => SLOT1) }),
    defaults: { cron: '0 9 * * 1', timezone: 'Europe/London', channel: defaultChannel ?? undefined },
    now: () => now,
    logger,
    retry: { attempts: 3, baseDelayMs: 1 },
  });
  const workspace = { teamId: TEAM_ID, teamUrl: TEAM_URL, client: client() };
  return { runDue: () => digest.runDue(workspace), catchUp: () => digest.catchUp(workspace) };
}

function runInput(db: Database, over: Partial<RunDigestInput> = {}): RunDigestInput {
  return {
    repo: createDigestRepo(db),
    slack: client(),
    teamId: TEAM_ID,
    channelId: CHANNEL,
    slot: SLOT2,
    late: false,
    now: () => at(SLOT2, 1000),
    teamUrl: TEAM_URL,
    cron: '0 9 * * 1',
    timezone: 'Europe/London',
    logger,
    retry: { attempts: 3, baseDelayMs: 1 },
    ...over,
  };
}

describe('digest runs', () => {
  it('posts a slot once across a restart: a second instance on the same file finds it posted', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT2, -2 * DAY), title: 'Open on Sundays' });

    const first = scheduler(db, at(SLOT2, HOUR));
    await first.catchUp();

    const second = scheduler(await connect(), at(SLOT2, 3 * HOUR));
    await second.catchUp();
    await second.runDue();

    expect(posts()).toHaveLength(1);
    expect(posts()[0]?.args.channel).toBe(CHANNEL);
    expect(JSON.stringify(posts()[0]?.args.blocks)).toContain('Open on Sundays');
    const [run] = await runs(db);
    expect(run).toMatchObject({ slot: SLOT2.toISOString(), status: 'posted', late: true, attempts: 1 });
    // The ts the fake gave its first message.
    expect(run?.messageTs).toMatch(/\.000001$/);
    expect(run?.postedAt?.getTime()).toBe(at(SLOT2, HOUR).getTime());
  });

  it('posts an on-time slot once when the app restarts right after it', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT2, -DAY) });
    const first = scheduler(db, at(SLOT2, 1000));
    expect(await first.runDue()).toMatchObject({ status: 'posted' });
    const second = scheduler(await connect(), at(SLOT2, 60_000));
    await second.catchUp();
    expect(posts()).toHaveLength(1);
    expect(await runs(db)).toMatchObject([{ status: 'posted', late: false }]);
  });

  it('posts once when two connections run the same slot at the same time', async () => {
    const one = await connect();
    const two = await connect();
    await addDecision(one, { createdAt: at(SLOT2, -DAY) });
    // The first post fails, so the first runner is between tries while the second one asks for the slot.
    fake.fail('chat.postMessage', { kind: 'http', status: 500 }, 1);
    const results = await Promise.all([runDigest(runInput(one)), runDigest(runInput(two))]);
    expect(results.map((r) => r.status).sort()).toEqual(['posted', 'skipped']);
    expect(posts()).toHaveLength(1);
    expect(await runs(two)).toMatchObject([{ status: 'posted', attempts: 2 }]);
  });

  it('posts once when two processes run the same slot at the same time', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT2, -DAY) });
    // Each process loads and opens the database, says it is ready, then waits for the word to go.
    const script = `
      const root = ${JSON.stringify(ROOT)};
      const { connectDatabase } = await import(root + 'src/db/database.ts');
      const { createDigestRepo } = await import(root + 'src/db/digestRepo.ts');
      const { runDigest } = await import(root + 'src/digest/digestRunner.ts');
      const { webApi } = await import('@slack/bolt');
      const db = await connectDatabase(process.env.TEST_DB);
      const slack = new webApi.WebClient('xoxb-x', { slackApiUrl: process.env.TEST_API, retryConfig: { retries: 0 } });
      const quiet = { info() {}, warn() {}, error() {} };
      process.stdout.write('ready\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      const result = await runDigest({
        repo: createDigestRepo(db), slack, teamId: ${JSON.stringify(TEAM_ID)}, channelId: ${JSON.stringify(CHANNEL)},
        slot: new Date(${JSON.stringify(SLOT2.toISOString())}), late: false, now: () => new Date(${JSON.stringify(at(SLOT2, 1000).toISOString())}),
        teamUrl: ${JSON.stringify(TEAM_URL)}, cron: '0 9 * * 1', timezone: 'Europe/London', logger: quiet,
      });
      await db.close();
      process.stdout.write(JSON.stringify(result));
    `;
    const startProcess = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        env: { ...process.env, TEST_DB: testDb.url, TEST_API: fake.apiUrl },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d) => {
          out += String(d);
          if (out.startsWith('ready\n')) resolve();
        }),
      );
      child.stderr.on('data', (d) => (err += String(d)));
      const result = new Promise<{ status: string }>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0
            ? resolve(JSON.parse(out.slice('ready\n'.length)) as { status: string })
            : reject(new Error(`exit ${code}: ${err}`)),
        ),
      );
      return { child, ready, result };
    };
    const both = [startProcess(), startProcess()];
    await Promise.all(both.map((p) => p.ready));
    // The first to reach Slack is held there until the other has finished: their runs overlap for certain.
    const post = fake.hold('chat.postMessage');
    for (const p of both) p.child.stdin.end('go\n');
    await post.reached;
    const first = await Promise.race(both.map((p) => p.result));
    expect(first.status).toBe('skipped');
    post.release();
    const statuses = (await Promise.all(both.map((p) => p.result))).map((r) => r.status).sort();
    expect(statuses).toEqual(['posted', 'skipped']);
    expect(posts()).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('catches up after downtime with the latest missed slot only, marked late', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT1, -DAY) });
    const before = scheduler(db, at(SLOT1, 1000));
    await before.runDue();

    // Down through SLOT2 and SLOT3; back two days after SLOT3.
    const after = scheduler(db, at(SLOT3, 2 * DAY));
    await after.catchUp();
    const again = scheduler(await connect(), at(SLOT3, 2 * DAY + HOUR));
    await again.catchUp();

    expect(posts()).toHaveLength(2);
    expect((await runs(db)).map((r) => [r.slot, r.status, r.late])).toEqual([
      [SLOT1.toISOString(), 'posted', false],
      [SLOT3.toISOString(), 'posted', true],
    ]);
    expect(JSON.stringify(posts()[1]?.args.blocks)).toContain('Posted late');
    expect(JSON.stringify(posts()[0]?.args.blocks)).not.toContain('Posted late');
  });

  it('does not open a fresh install with a late digest of a week before anything was proposed', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT2, HOUR) });
    const fresh = scheduler(db, at(SLOT2, 2 * HOUR));
    await fresh.catchUp();
    expect(posts()).toHaveLength(0);
    expect(await runs(db)).toHaveLength(0);

    const nextWeek = scheduler(db, at(SLOT3, 1000));
    expect(await nextWeek.runDue()).toMatchObject({ status: 'posted' });
    expect(await runs(db)).toMatchObject([{ slot: SLOT3.toISOString(), status: 'posted', late: false }]);
  });

  it('tries a failing post again: 500 twice, then one message', async () => {
    const db = await connect();
    fake.fail('chat.postMessage', { kind: 'http', status: 500 }, 2);
    const result = await runDigest(runInput(db));
    expect(result).toMatchObject({ status: 'posted' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(posts()).toHaveLength(1);
    expect(await runs(db)).toMatchObject([
      { status: 'posted', attempts: 3, lastError: null, messageTs: expect.stringMatching(/\.000001$/) },
    ]);
    expect(logs.filter((l) => l.startsWith('warn:'))).toHaveLength(2);
  });

  it('tries again after rate limits and network errors', async () => {
    const db = await connect();
    fake.fail('chat.postMessage', { kind: 'ratelimited', retryAfter: 0 }, 1);
    fake.fail('chat.postMessage', { kind: 'error', error: 'ratelimited' }, 1);
    const result = await runDigest(runInput(db));
    expect(result).toMatchObject({ status: 'posted' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3);

    const nowhere = {
      chat: {
        postMessage: () =>
          Promise.reject(Object.assign(new Error('socket hang up'), { code: 'slack_webapi_request_error' })),
      },
    };
    const failed = await runDigest(runInput(db, { slot: SLOT3, slack: nowhere }));
    expect(failed).toMatchObject({ status: 'failed', error: 'request_error' });
    expect((await runs(db)).find((r) => r.slot === SLOT3.toISOString())).toMatchObject({
      status: 'failed',
      attempts: 3,
    });
  });

  it('gives up at once on an error that another try cannot fix', async () => {
    const db = await connect();
    fake.fail('chat.postMessage', { kind: 'error', error: 'not_in_channel' }, 1);
    const result = await runDigest(runInput(db));
    expect(result).toMatchObject({ status: 'failed', error: 'not_in_channel' });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await runs(db)).toMatchObject([{ status: 'failed', attempts: 1, lastError: 'not_in_channel' }]);
  });

  it('marks a run that fails every try as failed, and tries it once more on the next start', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT2, -DAY) });
    fake.fail('chat.postMessage', { kind: 'http', status: 503 }, 3);
    const first = scheduler(db, at(SLOT2, 1000));
    expect(await first.runDue()).toMatchObject({ status: 'failed', error: 'http_error 503' });
    expect(await runs(db)).toMatchObject([{ status: 'failed', attempts: 3, lastError: 'http_error 503', late: false }]);
    expect(logs.some((l) => l.startsWith('error:') && l.includes('after 3 tries'))).toBe(true);

    const second = scheduler(await connect(), at(SLOT2, HOUR));
    await second.catchUp();
    const third = scheduler(await connect(), at(SLOT2, 2 * HOUR));
    await third.catchUp();

    expect(fake.callsTo('chat.postMessage')).toHaveLength(4);
    expect(posts()).toHaveLength(1);
    expect(await runs(db)).toMatchObject([{ status: 'posted', attempts: 1, lastError: null, late: true }]);
  });

  it('takes over a claim whose process died before calling Slack, but never one that may have posted', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT1, -DAY) });
    const claimed = (slot: Date, channelId: string, attempts: number, createdAt: Date) =>
      db.run((q) =>
        q
          .insert(db.schema.digestRuns)
          .values({ teamId: TEAM_ID, channelId, slot: slot.toISOString(), status: 'claimed', attempts, createdAt }),
      );
    await claimed(SLOT2, CHANNEL, 0, at(SLOT2, 1000)); // died before its first try
    await claimed(SLOT2, 'C0MIDPOST', 1, at(SLOT2, 1000)); // died while Slack was being called
    await claimed(SLOT2, 'C0FRESH', 0, at(SLOT2, 55 * 60_000)); // still being worked on, 5 minutes ago

    const now = at(SLOT2, HOUR);
    expect(await scheduler(db, now).catchUp()).toMatchObject({ status: 'posted' });
    expect(await scheduler(db, now, { defaultChannel: 'C0MIDPOST' }).catchUp()).toMatchObject({ status: 'skipped' });
    expect(await scheduler(db, now, { defaultChannel: 'C0FRESH' }).catchUp()).toMatchObject({ status: 'skipped' });

    expect(posts().map((p) => p.args.channel)).toEqual([CHANNEL]);
    expect((await runs(db)).map((r) => [r.channelId, r.status])).toEqual(
      expect.arrayContaining([
        [CHANNEL, 'posted'],
        ['C0MIDPOST', 'claimed'],
        ['C0FRESH', 'claimed'],
      ]),
    );
    expect(logs.filter((l) => l.startsWith('warn:') && l.includes('C0MIDPOST'))).toHaveLength(1);
  });

  it('lets one process alone re-claim a failed run, even before its first try', async () => {
    const one = createDigestRepo(await connect());
    const two = createDigestRepo(await connect());
    const key = { teamId: TEAM_ID, channelId: CHANNEL, slot: SLOT2.toISOString(), late: true };
    const failedLongAgo = await one.claimRun({ ...key, at: at(SLOT2, 1000), staleBefore: at(SLOT2, -HOUR) });
    if (!failedLongAgo) throw new Error('not claimed');
    await one.startAttempt(failedLongAgo.id);
    await one.markFailed(failedLongAgo.id, 'http_error 500');

    const now = at(SLOT2, DAY);
    const staleBefore = at(now, -10 * 60_000);
    expect(await one.claimRun({ ...key, at: now, staleBefore })).toMatchObject({ status: 'claimed', attempts: 0 });
    // Between that claim and its first try, another process asks for the same slot.
    expect(await two.claimRun({ ...key, at: now, staleBefore })).toBeUndefined();
  });

  it('skips with a note when no channel is set, and uses the workspace’s chosen channel over DIGEST_CHANNEL', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT2, -DAY) });
    const none = scheduler(db, at(SLOT2, 1000), { defaultChannel: null });
    await none.catchUp();
    expect(await none.runDue()).toBeUndefined();
    expect(posts()).toHaveLength(0);
    expect(await runs(db)).toHaveLength(0);
    expect(logs.some((l) => l.startsWith('info:') && l.includes('No digest channel'))).toBe(true);

    await db.run((q) =>
      q.insert(db.schema.teamSettings).values({ teamId: TEAM_ID, digestChannel: 'C0CHOSEN', updatedAt: SLOT1 }),
    );
    const chosen = scheduler(db, at(SLOT2, 1000));
    await chosen.runDue();
    expect(posts().map((p) => p.args.channel)).toEqual(['C0CHOSEN']);
  });

  it('follows the schedule and zone the workspace chose, never catching up on a slot from before the choice', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(SLOT2, -DAY) });
    // Chosen on Monday at SLOT2: Wednesdays 10:00 in New York (15:00 UTC in November).
    await createSettingsRepo(db, () => SLOT2).setDigestSchedule(TEAM_ID, {
      cron: '0 10 * * 3',
      timezone: 'America/New_York',
    });
    // DIGEST_CRON's Monday slot is no longer the workspace's, and last Wednesday's came before the choice.
    expect(await scheduler(db, at(SLOT2, 1000)).catchUp()).toBeUndefined();
    expect(await scheduler(db, at(SLOT2, 1000)).runDue()).toBeUndefined();

    const wednesday = new Date('2025-11-12T15:00:00Z');
    expect(await scheduler(db, at(wednesday, -1000)).runDue()).toBeUndefined();
    expect(await scheduler(db, at(wednesday, 30_000)).runDue()).toMatchObject({ status: 'posted' });
    expect(await scheduler(db, at(wednesday, 5 * 60_000)).runDue()).toBeUndefined();
    expect(posts()).toHaveLength(1);
    expect(await runs(db)).toMatchObject([{ slot: wednesday.toISOString(), status: 'posted', late: false }]);
  });
});

describe('digest data', () => {
  it('gathers the week by when decisions were proposed, without dismissed ones, and what still waits', async () => {
    const db = await connect();
    const start = at(SLOT2, -7 * DAY);
    const atStart = await addDecision(db, { createdAt: start, title: 'At the start' });
    await addDecision(db, { createdAt: SLOT2, title: 'At the end' });
    await addDecision(db, { createdAt: at(SLOT2, -DAY), title: 'Dismissed', status: 'dismissed' });
    const lastWeek = await addDecision(db, { createdAt: at(start, -DAY), title: 'Last week', status: 'confirmed' });
    const answered = await addDecision(db, { createdAt: at(start, -30 * DAY), title: 'Answered' });
    for (const q of [1, 2, 3]) await addAnswer(db, answered, q, 'yes');
    const superseded = await addDecision(db, { createdAt: at(start, -30 * DAY), title: 'Only a superseded answer' });
    await addAnswer(db, superseded, 1, 'yes');
    await addAnswer(db, superseded, 2, 'mixed');
    await addAnswer(db, superseded, 3, 'profit', at(start, -DAY));

    const data = await createDigestRepo(db).gather(TEAM_ID, { start, end: SLOT2 }, at(start, -7 * DAY), {
      channelId: CHANNEL,
      limit: 10,
    });
    expect(data.week.map((d) => d.id)).toEqual([atStart]);
    expect(data.previousWeek.map((d) => d.id)).toEqual([lastWeek]);
    expect(data.waiting.total).toBe(3);
    expect(data.waiting.oldest.map((d) => d.title)).toEqual(['Only a superseded answer', 'At the start', 'At the end']);
    expect(data.waiting.oldest[0]?.answers.map((a) => a.question)).toEqual([1, 2]);
  });
});

describe('nudges', () => {
  const NOW = new Date('2025-11-20T12:00:00Z');
  const nudge = (db: Database, now = NOW) =>
    sendDueNudges({
      repo: createNudgeRepo(db),
      slack: client(),
      teamId: TEAM_ID,
      teamUrl: TEAM_URL,
      now: () => now,
      logger,
    });
  const dms = () => posts().filter((p) => p.args.channel === 'UPROPOSER');
  const replies = () => posts().filter((p) => p.args.thread_ts !== undefined);

  it('reminds a waiting decision once: one reply in its thread and one DM to its proposer', async () => {
    const db = await connect();
    const id = await addDecision(db, { createdAt: at(NOW, -25 * HOUR), title: 'Stop selling <gift cards>' });
    await addAnswer(db, id, 1, 'yes');
    const { decisions } = db.schema;
    const find = async () => (await db.run((q) => q.select().from(decisions).where(eq(decisions.id, id))))[0];
    const decision = await find();

    expect(await nudge(db)).toEqual({ nudged: 1 });
    expect(await nudge(db)).toEqual({ nudged: 0 });
    expect(await nudge(await connect(), at(NOW, DAY))).toEqual({ nudged: 0 });

    expect(replies()).toHaveLength(1);
    expect(dms()).toHaveLength(1);
    const reply = replies()[0]?.args;
    expect(reply?.channel).toBe(CHANNEL);
    expect(reply?.thread_ts).toBe(decision?.threadTs);
    const text = String(reply?.text);
    expect(text).toContain('The empty chair is still waiting for');
    expect(text).toContain(QUESTIONS[1].text);
    expect(text).toContain(QUESTIONS[2].text);
    expect(text).not.toContain(QUESTIONS[0].text);
    const dm = String(dms()[0]?.args.text);
    expect(dm).toContain('Stop selling &lt;gift cards&gt;');
    expect(dm).toContain(`${TEAM_URL}archives/${CHANNEL}/p`);
    expect((await find())?.nudgedAt?.getTime()).toBe(NOW.getTime());
  });

  it('waits for the delay', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(NOW, -23 * HOUR) });
    expect(await nudge(db)).toEqual({ nudged: 0 });
    expect(posts()).toHaveLength(0);
    expect(await nudge(db, at(NOW, 2 * HOUR))).toEqual({ nudged: 1 });
    expect(posts()).toHaveLength(2);
  });

  it('leaves answered, closed and unposted decisions alone', async () => {
    const db = await connect();
    const answered = await addDecision(db, { createdAt: at(NOW, -3 * DAY) });
    for (const q of [1, 2, 3]) await addAnswer(db, answered, q, 'yes');
    for (const status of ['confirmed', 'rejected', 'withdrawn', 'dismissed'] as const) {
      await addDecision(db, { createdAt: at(NOW, -3 * DAY), status });
    }
    await addDecision(db, { createdAt: at(NOW, -3 * DAY), postedAt: null });
    expect(await nudge(db)).toEqual({ nudged: 0 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('reminds each decision once when two processes look at the same time', async () => {
    const db = await connect();
    const other = await connect();
    await addDecision(db, { createdAt: at(NOW, -3 * DAY) });
    await addDecision(db, { createdAt: at(NOW, -2 * DAY) });
    // The first process finds both, and while it posts for the first the second claims the other one;
    // the first must then lose its claim on it.
    const results = await Promise.all([nudge(db), nudge(other)]);
    expect(results.map((r) => r.nudged).sort()).toEqual([1, 1]);
    expect(replies()).toHaveLength(2);
    expect(dms()).toHaveLength(2);
    expect(new Set(replies().map((r) => r.args.thread_ts)).size).toBe(2);
  });

  it('does not repeat a reminder Slack refused', async () => {
    const db = await connect();
    await addDecision(db, { createdAt: at(NOW, -2 * DAY) });
    fake.fail('chat.postMessage', { kind: 'http', status: 500 }, 2);
    expect(await nudge(db)).toEqual({ nudged: 1 });
    expect(await nudge(db)).toEqual({ nudged: 0 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(logs.filter((l) => l.startsWith('warn:'))).toHaveLength(2);
  });
});
