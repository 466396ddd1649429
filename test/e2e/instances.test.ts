import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../rig/fakeSlack.js';
import { A_PREDICTION, confirmSubmission, messageEvent, proposalSubmission } from '../rig/payloads.js';
import { SignedClient } from '../rig/signedClient.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../rig/testDatabase.js';
import { SIGNING_SECRET, type SpawnedApp, spawnApp, testEnv } from '../rig/testApp.js';

/**
 * Several instances of the app on one PostgreSQL database, as behind a load balancer: two spawned
 * processes, each with its own port, sharing the fake Slack and the database. Every exactly-once
 * guarantee must hold across them, claimed in the database and never in one process's memory.
 * SQLite is one process's database by design, so this runs on PostgreSQL only (TEST_DATABASE_URL).
 */
const running: SpawnedApp[] = [];
let fake: FakeSlack | undefined;
let db: TestDatabase | undefined;

/** Stops every instance cleanly (SIGTERM: each finishes its work in flight). */
async function stopAll(): Promise<void> {
  const apps = running.splice(0);
  for (const app of apps) app.kill('SIGTERM');
  await Promise.all(apps.map((app) => app.exited));
}

afterEach(async () => {
  await stopAll();
  await fake?.stop();
  fake = undefined;
  await db?.drop();
  db = undefined;
});

async function twoInstances(env: Record<string, string> = {}) {
  fake ??= await new FakeSlack().start();
  db ??= await createTestDatabase();
  const apps = [spawnApp(testEnv(fake, db.url, env)), spawnApp(testEnv(fake, db.url, env))];
  running.push(...apps);
  const ports = await Promise.all(apps.map((a) => a.ready));
  const clients = ports.map(
    (port) => new SignedClient(`http://127.0.0.1:${port}`, SIGNING_SECRET, fake?.responseUrl ?? ''),
  );
  return { fake, db, clients: clients as [SignedClient, SignedClient] };
}

/** Each decision's card (part 0) and three prompts, as posted: a map "decisionId:part" → how many times. */
function postsByPart(slack: FakeSlack): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of slack.callsTo('chat.postMessage')) {
    const tag = call.args.metadata as { event_payload?: { decision_id?: number; part?: number } } | undefined;
    if (!call.ok || tag?.event_payload?.decision_id === undefined) continue;
    const key = `${tag.event_payload.decision_id}:${tag.event_payload.part}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const count = async (sql: string, ...params: unknown[]) => Number((await db?.row(sql, ...params))?.n ?? -1);

describe.skipIf(testEngine() !== 'postgres')('several instances on one PostgreSQL database', () => {
  it('posts each of 120 proposals split between two instances exactly once', async () => {
    const { fake: slack, clients } = await twoInstances();
    // Sent in bursts, so each instance has more posts under way than it takes at once and drains the rest
    // from the database: the backlog both instances read.
    const sent = [];
    for (let i = 0; i < 120; i++) {
      sent.push(clients[i % 2]?.interactive(proposalSubmission({ title: `Burst ${i}`, channel: `C0BURST${i % 3}` })));
    }
    const answers = await Promise.all(sent);
    expect(answers.map((r) => r?.status)).toEqual(answers.map(() => 200));
    expect(await count('select count(*) as n from decisions')).toBe(120);
    await until(
      async () => (await count('select count(*) as n from decisions where posted_at is null')) === 0,
      'every decision to be posted',
    );
    const posts = postsByPart(slack);
    expect(posts.size).toBe(120 * 4);
    expect([...posts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await count('select count(*) as n from prompts')).toBe(120 * 3);
  }, 90_000);

  it('makes one decision of a message delivered to both instances, however often', async () => {
    const { fake: slack, clients } = await twoInstances();
    const event = messageEvent({ text: 'Proposal: One shop, two doors', channel: 'C0TWICE' });
    const deliveries = await Promise.all([
      clients[0].event(event, { eventId: 'Ev0TWICE' }),
      clients[1].event(event, { eventId: 'Ev0TWICE', retryNum: 1 }),
      clients[1].event(event, { eventId: 'Ev0TWICE', retryNum: 2 }),
    ]);
    expect(deliveries.map((r) => r.status)).toEqual([200, 200, 200]);
    await until(
      async () => (await count('select count(*) as n from decisions where posted_at is not null')) === 1,
      'the decision to be posted',
    );
    expect(await count('select count(*) as n from decisions')).toBe(1);
    expect([...postsByPart(slack).values()]).toEqual([1, 1, 1, 1]);
  }, 60_000);

  it('confirms once when two approvers submit the confirm form at the same moment on two instances', async () => {
    const { fake: slack, clients } = await twoInstances();
    slack.setUser('U0CAROL', { is_admin: true });
    await clients[0].command({ text: 'approvers <@U0DANA|dana> <@U0BOB|bob>', user_id: 'U0CAROL' });
    await until(async () => (await count('select count(*) as n from team_settings')) === 1, 'the approvers');
    await clients[1].interactive(proposalSubmission({ title: 'Open on Sundays' }));
    await until(async () => (await count('select count(*) as n from prompts')) === 3, 'the prompts');
    const decision = (await db?.row('select id, card_ts from decisions')) as { id: number; card_ts: string };
    // Answered by both, so the gate lets either confirm.
    await db?.rows(
      "insert into answers (team_id, decision_id, question, user_id, choice, text, created_at) select 'T0001', ?, q, 'U0BOB', c, 'x', now() from (values (1, 'yes'), (2, 'positive'), (3, 'customer_satisfaction')) as v(q, c)",
      decision.id,
    );
    // Both submit the confirm form (which each opened with Confirm) at the same moment.
    const submit = (user: string) => confirmSubmission(decision.id, user, A_PREDICTION);
    const results = await Promise.all([
      clients[0].interactive(submit('U0DANA')),
      clients[1].interactive(submit('U0BOB')),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(await count("select count(*) as n from status_changes where to_status = 'confirmed'")).toBe(1);
    expect(await count("select count(*) as n from decisions where status = 'confirmed'")).toBe(1);
    expect(await count('select count(*) as n from predictions')).toBe(1);
    // The thread hears it once; the one who came second is told, on their form, that it is already done.
    const told = results.filter((r) => /Someone else changed|already confirmed/.test(r.body));
    expect(told).toHaveLength(1);
    expect(results.filter((r) => r.body === '')).toHaveLength(1);
    await stopAll();
    const announced = slack
      .callsTo('chat.postMessage')
      .filter((c) => String(c.args.text).startsWith(':white_check_mark: Confirmed by'));
    expect(announced).toHaveLength(1);
  }, 60_000);

  it('runs each queued redraw and sends each reminder once when both instances start on the same work', async () => {
    fake = await new FakeSlack().start();
    db = await createTestDatabase();
    // A first instance creates the schema and the decisions, then stops.
    const first = spawnApp(testEnv(fake, db.url));
    const port = await first.ready;
    const client = new SignedClient(`http://127.0.0.1:${port}`, SIGNING_SECRET, fake.responseUrl);
    for (let i = 0; i < 10; i++) await client.interactive(proposalSubmission({ title: `Old ${i}`, channel: 'C0OLD' }));
    await until(
      async () =>
        (await count('select count(*) as n from decisions where posted_at is null')) === 0 &&
        (await count('select count(*) as n from decisions')) === 10,
      'ten posted decisions',
    );
    first.kill('SIGTERM');
    await first.exited;
    // Two days old and unanswered: due a reminder. Each also has a redraw queued and due.
    await db.rows("update decisions set created_at = now() - interval '2 days'");
    await db.rows(
      "insert into outbox (team_id, kind, dedupe_key, payload, next_attempt_at, created_at) select team_id, 'refresh', 'refresh:' || id, json_build_object('decisionId', id), now() - interval '1 minute', now() from decisions",
    );
    const before = fake.calls.length;
    await twoInstances();
    await until(
      async () => (await count('select count(*) as n from decisions where nudged_at is null')) === 0,
      'every reminder',
    );
    await until(
      async () => (await count("select count(*) as n from outbox where status = 'pending'")) === 0,
      'every redraw',
    );
    const after = fake.calls.slice(before);
    const reminders = after.filter(
      (c) => c.method === 'chat.postMessage' && String(c.args.text).includes('still waiting'),
    );
    // One in each thread and one to the proposer, per decision.
    expect(reminders).toHaveLength(20);
    const cardsRedrawn = after.filter((c) => c.method === 'chat.update' && String(c.args.text).includes('Old'));
    expect(new Set(cardsRedrawn.map((c) => c.args.ts)).size).toBe(10);
    expect(cardsRedrawn).toHaveLength(10);
  }, 90_000);

  it('posts each slot of the digest once although both instances run the schedule', async () => {
    const { fake: slack, clients } = await twoInstances({ DIGEST_CRON: '* * * * * *', DIGEST_CHANNEL: 'C0DIGEST' });
    await clients[0].interactive(proposalSubmission({ title: 'In the digest' }));
    await until(
      async () => (await count("select count(*) as n from digest_runs where status = 'posted'")) >= 3,
      'three digests',
      20_000,
    );
    // Stopped, both finish what they were posting; then every post is one slot's, whichever instance won it.
    await stopAll();
    const digests = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIGEST' && c.ok);
    const slots = (await db?.rows("select slot from digest_runs where status = 'posted'"))?.map((r) => r.slot) ?? [];
    expect(new Set(slots).size).toBe(slots.length);
    expect(digests).toHaveLength(slots.length);
    expect(slots.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
