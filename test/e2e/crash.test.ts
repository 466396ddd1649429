import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { startEmptyChair } from '../../src/main.js';
import { POST_CLAIM_MS } from '../../src/slack/decisionPosts.js';
import { BOT_ID, BOT_USER_ID, FakeSlack } from '../rig/fakeSlack.js';
import { messageEvent, newTs, proposalSubmission, answerSubmission } from '../rig/payloads.js';
import { SignedClient } from '../rig/signedClient.js';
import { SIGNING_SECRET, type SpawnedApp, spawnApp, startTestApp, type TestApp, testEnv } from '../rig/testApp.js';
import { createTestDatabase, type Row, type TestDatabase } from '../rig/testDatabase.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Last in, first out: the app is killed before its database is dropped.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A database of the suite's engine for the spawned apps, dropped after the test. */
async function crashDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  return db;
}

/**
 * Rows of the app's database. A SQLite file is read through a connection opened for this read alone (the
 * first one after a crash recovers the file, as a process starting after it would), PostgreSQL through
 * the test's own.
 */
async function readRows(db: TestDatabase, sql: string, ...params: unknown[]): Promise<Row[]> {
  if (db.engine === 'postgres') return db.rows(sql, ...params);
  const sqlite = openSqlite(db.url);
  try {
    return sqlite.$client.prepare(sql).all(...params) as Row[];
  } finally {
    sqlite.$client.close();
  }
}

/** Posts made for each (decision, part) — part 0 is the card, 1-3 the questions — counting only the ones Slack took. */
function postsByPart(fake: FakeSlack): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const payload = (call.args.metadata as { event_payload?: { decision_id: number; part: number } } | undefined)
      ?.event_payload;
    if (!call.ok || !payload) continue;
    const key = `${payload.decision_id}:${payload.part}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

interface Sent {
  kind: 'message' | 'modal' | 'answer';
  key: string;
  acked: boolean;
}

/** Sends `total` requests, `concurrency` at a time, and calls `onAck` after each acknowledged one. */
async function burst(
  slack: SignedClient,
  total: number,
  concurrency: number,
  decisionId: number,
  onAck: (n: number) => void,
): Promise<Sent[]> {
  const sent: Sent[] = [];
  let next = 0;
  let acks = 0;
  const one = async (i: number) => {
    const kind = (['message', 'modal', 'answer'] as const)[i % 3] ?? 'message';
    let request: Promise<{ status: number }>;
    let key: string;
    if (kind === 'message') {
      const event = messageEvent({ text: `Proposal: burst message ${i}` });
      key = String(event.ts);
      request = slack.event(event);
    } else if (kind === 'modal') {
      key = `Burst modal ${i}`;
      request = slack.interactive(proposalSubmission({ title: key }));
    } else {
      key = `U0ANS${i}`;
      request = slack.interactive(answerSubmission(decisionId, key, { q3: ['both', null] }));
    }
    const entry: Sent = { kind, key, acked: false };
    sent.push(entry);
    try {
      const res = await request;
      entry.acked = res.status === 200;
      if (entry.acked) onAck(++acks);
    } catch {
      // The process died with this request in flight: it was never acknowledged.
    }
  };
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < total) await one(next++);
  });
  await Promise.all(workers);
  return sent;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startSpawned(fake: FakeSlack, dbPath: string): Promise<{ app: SpawnedApp; slack: SignedClient }> {
  const app = spawnApp(testEnv(fake, dbPath, { LOG_LEVEL: 'error' }));
  cleanups.push(async () => {
    app.kill('SIGKILL');
    await app.exited;
  });
  const port = await app.ready;
  return { app, slack: new SignedClient(`http://127.0.0.1:${port}`, SIGNING_SECRET, fake.responseUrl) };
}

async function checkEveryAckStored(db: TestDatabase, sent: Sent[], decisionId: number) {
  // What SIGKILL could break in the file itself: SQLite's (PostgreSQL's server outlives the app).
  if (db.engine === 'sqlite') {
    expect(await readRows(db, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  }
  const messageTs = new Set((await readRows(db, 'select message_ts from decisions')).map((r) => r.message_ts));
  const titles = new Set((await readRows(db, 'select title from decisions')).map((r) => r.title));
  const answerers = new Set(
    (await readRows(db, 'select user_id from answers where decision_id = ?', decisionId)).map((r) => r.user_id),
  );
  const lost = sent.filter(
    (s) =>
      s.acked &&
      !(s.kind === 'message' ? messageTs.has(s.key) : s.kind === 'modal' ? titles.has(s.key) : answerers.has(s.key)),
  );
  expect(lost).toEqual([]);
}

async function firstDecision(fake: FakeSlack, slack: SignedClient, db: TestDatabase): Promise<number> {
  await slack.interactive(proposalSubmission({ title: 'Target of the answers' }));
  await fake.waitForCalls('chat.postMessage', 4);
  return Number((await readRows(db, 'select id from decisions'))[0]?.id);
}

describe('crashes', () => {
  it('after SIGKILL in a burst of 1200 requests: the database is intact, every ack is stored, and every post is made exactly once', async () => {
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.stop());
    const db = await crashDatabase();
    const first = await startSpawned(fake, db.url);
    const target = await firstDecision(fake, first.slack, db);

    const sent = await burst(first.slack, 1200, 24, target, (acks) => {
      if (acks === 500) first.app.kill('SIGKILL');
    });
    await first.app.exited;
    const acked = sent.filter((s) => s.acked).length;
    expect(acked).toBeGreaterThanOrEqual(500);
    expect(acked).toBeLessThan(1200);
    await checkEveryAckStored(db, sent, target);

    // SQLite: the next start releases what the dead process had claimed and posts it at once. PostgreSQL:
    // another instance might still hold those claims, so they are taken over when they run out (README);
    // the next start comes after that: the app `npm start` runs, in this process on a clock POST_CLAIM_MS ahead.
    const later =
      db.engine === 'sqlite'
        ? await startSpawned(fake, db.url)
        : await startEmptyChair(loadConfig(testEnv(fake, db.url, { LOG_LEVEL: 'error' })), {
            now: () => new Date(Date.now() + POST_CLAIM_MS + 1000),
          });
    if ('stop' in later) cleanups.push(() => later.stop());
    const unposted = async () => (await db.row('select count(*) as n from decisions where posted_at is null'))?.n;
    await waitUntil(async () => (await unposted()) === 0, 30_000);
    const ids = (await db.rows('select id from decisions')).map((r) => Number(r.id));
    const counts = postsByPart(fake);
    const wrong = ids
      .flatMap((id) => [0, 1, 2, 3].map((part) => [`${id}:${part}`, counts.get(`${id}:${part}`) ?? 0] as const))
      .filter(([, n]) => n !== 1);
    expect(wrong).toEqual([]);
  }, 90_000);

  it('on SIGTERM in a burst, finishes the work in flight before closing the database and exits 0', async () => {
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.stop());
    const db = await crashDatabase();
    const first = await startSpawned(fake, db.url);
    const target = await firstDecision(fake, first.slack, db);
    const sent = await burst(first.slack, 300, 16, target, (acks) => {
      if (acks === 150) first.app.kill('SIGTERM');
    });
    const { code } = await first.app.exited;
    expect(code).toBe(0);
    await checkEveryAckStored(db, sent, target);
    // Decisions acknowledged before the signal had their card and questions posted before exit.
    expect(await readRows(db, 'select count(*) as n from decisions where posted_at is null')).toEqual([{ n: 0 }]);
  }, 60_000);
});

describe('recovery after a post landed but was not recorded', () => {
  let app: TestApp;
  afterEach(async () => {
    await app.stop();
  });

  it('adopts the card and question already in Slack instead of posting them again', async () => {
    app = await startTestApp({ retryIntervalMs: 100 });
    const messageTs = newTs();
    // The attempt began 5 s before "now", on the app's clock.
    app.clock.advance(10_000);
    const attempted = new Date(app.clock.now().getTime() - 5_000);
    const { decisions } = app.database.schema;
    const [inserted] = await app.database.run((db) =>
      db
        .insert(decisions)
        .values({
          teamId: 'T0001',
          channelId: 'C0GENERAL',
          source: 'message',
          title: 'Half posted',
          proposerId: 'U0ALICE',
          messageTs,
          threadTs: messageTs,
          postAttemptedAt: attempted,
          createdAt: attempted,
        })
        .returning(),
    );
    const id = inserted?.id ?? 0;
    const tag = (part: number) => ({ event_type: 'empty_chair_post', event_payload: { decision_id: id, part } });
    app.fake.addMessage('C0GENERAL', { ts: messageTs, text: 'Proposal: half posted', user: 'U0ALICE' });
    const second = Math.floor(app.clock.now().getTime() / 1000);
    const cardTs = `${second}.900001`;
    const q1Ts = `${second}.900002`;
    const bot = { user: BOT_USER_ID, bot_id: BOT_ID, thread_ts: messageTs };
    app.fake.addMessage('C0GENERAL', { ts: cardTs, text: 'card', ...bot, metadata: tag(0) });
    app.fake.addMessage('C0GENERAL', { ts: q1Ts, text: 'q1', ...bot, metadata: tag(1) });

    const row = async () =>
      (await app.db.row('select card_ts, posted_at from decisions')) as {
        card_ts: string;
        posted_at: number | null;
      };
    await waitUntil(async () => (await row()).posted_at !== null, 5_000);
    const parts = app.fake
      .callsTo('chat.postMessage')
      .map((c) => (c.args.metadata as { event_payload: { part: number } }).event_payload.part);
    expect(parts).toEqual([2, 3]);
    expect((await row()).card_ts).toBe(cardTs);
    expect(await app.db.rows('select question, ts from prompts order by question')).toMatchObject([
      { question: 1, ts: q1Ts },
      { question: 2 },
      { question: 3 },
    ]);
  });
});
