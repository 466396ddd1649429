import { afterEach, describe, expect, it } from 'vitest';
import type { Failure } from '../rig/fakeSlack.js';
import { messageEvent, newTs, proposalSubmission, reactionEvent, answerSubmission } from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { BOT_TOKEN, capturingLogger, SIGNING_SECRET, startTestApp, type TestApp } from '../rig/testApp.js';

/**
 * Every Web API method the app calls, failing every way Slack can fail: the app keeps serving, what
 * the person typed is stored, the log names the failure without tokens, and the person hears about
 * it where it matters.
 */
let app: TestApp | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

const count = async (a: TestApp, sql: string) => (await a.db.row(sql))?.n;

async function postedDecision(a: TestApp): Promise<{ id: number; card_ts: string }> {
  await a.slack.interactive(proposalSubmission({ title: 'Existing decision' }));
  await a.fake.waitForCalls('chat.postMessage', 4);
  while ((await count(a, 'select count(*) as n from decisions where posted_at is not null')) === 0)
    await new Promise((r) => setTimeout(r, 10));
  return (await a.db.row('select id, card_ts from decisions')) as { id: number; card_ts: string };
}

interface Scenario {
  method: string;
  /** Sets up what must exist before the failure, and returns the action that hits the failing method. */
  prepare?: (a: TestApp) => Promise<unknown>;
  act: (a: TestApp, prepared: unknown) => Promise<unknown>;
  stored: (a: TestApp) => Promise<void>;
  /** How the person learns about it, when it matters. */
  told?: (a: TestApp) => Promise<unknown>;
  /** response_url answers with HTTP errors, never with Slack's `ok:false`. */
  httpOnly?: boolean;
}

const scenarios: Scenario[] = [
  {
    method: 'views.open',
    act: (a) => a.slack.command({ text: 'Open on Sundays' }),
    stored: async () => {},
    told: (a) =>
      a.fake.waitForCalls(
        'response/hook',
        1,
        (c) => String(c.args.text).includes('please run `/decision` again'),
        6000,
      ),
  },
  {
    method: 'chat.postMessage',
    act: (a) => a.slack.interactive(proposalSubmission({ title: 'Stored despite Slack' })),
    stored: async (a) =>
      expect(await count(a, "select count(*) as n from decisions where title = 'Stored despite Slack'")).toBe(1),
    told: (a) => a.fake.waitForCalls('chat.postMessage', 1, (c) => c.ok && c.args.channel === 'U0ALICE', 6000),
  },
  {
    method: 'chat.update',
    prepare: postedDecision,
    act: (a, d) => a.slack.interactive(answerSubmission((d as { id: number }).id, 'U0BOB', { q1: ['yes', 'kept'] })),
    stored: async (a) => {
      expect(await count(a, "select count(*) as n from answers where text = 'kept'")).toBe(1);
    },
    // The redraw is queued to be retried rather than lost.
    told: async (a) => {
      const deadline = Date.now() + 6000;
      while ((await count(a, "select count(*) as n from outbox where kind = 'refresh' and status = 'pending'")) === 0) {
        if (Date.now() > deadline) throw new Error('The failed redraw was not queued');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  },
  {
    method: 'chat.postEphemeral',
    prepare: postedDecision,
    act: (a, d) =>
      a.slack.interactive({
        type: 'block_actions',
        team: { id: 'T0001' },
        user: { id: 'U0MALLORY' },
        trigger_id: nextTriggerId(),
        channel: { id: 'C0GENERAL' },
        container: { type: 'message', message_ts: (d as { card_ts: string }).card_ts, channel_id: 'C0GENERAL' },
        actions: [
          {
            type: 'button',
            action_id: 'confirm_decision',
            value: String((d as { id: number }).id),
            action_ts: newTs(),
          },
        ],
      }),
    stored: async (a) => expect(await count(a, "select count(*) as n from decisions where status = 'open'")).toBe(1),
    // The refusal falls back to a direct message.
    told: (a) => a.fake.waitForCalls('chat.postMessage', 1, (c) => c.ok && c.args.channel === 'U0MALLORY', 6000),
  },
  {
    method: 'conversations.info',
    act: (a) => a.slack.interactive(proposalSubmission({ title: 'Privacy unknown' })),
    stored: async (a) =>
      expect(
        await count(
          a,
          "select count(*) as n from decisions where title = 'Privacy unknown' and channel_is_private is null",
        ),
      ).toBe(1),
    // Not knowing the channel's privacy does not stop the questions.
    told: (a) => a.fake.waitForCalls('chat.postMessage', 4, (c) => c.ok && c.args.channel === 'C0GENERAL', 6000),
  },
  {
    method: 'conversations.join',
    prepare: async (a) => a.fake.setChannel('C0NOTIN', { isMember: false }),
    act: (a) => a.slack.interactive(proposalSubmission({ title: 'Needs a join', channel: 'C0NOTIN' })),
    stored: async (a) =>
      expect(await count(a, "select count(*) as n from decisions where title = 'Needs a join'")).toBe(1),
    told: (a) => a.fake.waitForCalls('chat.postMessage', 1, (c) => c.ok && c.args.channel === 'U0ALICE', 6000),
  },
  {
    method: 'conversations.history',
    act: (a) => a.slack.event(reactionEvent({ channel: 'C0GENERAL', ts: newTs() })),
    stored: async () => {},
    told: (a) =>
      a.fake.waitForCalls(
        'chat.postEphemeral',
        1,
        (c) => String(c.args.text).includes("couldn't read that message"),
        6000,
      ),
  },
  {
    method: 'views.publish',
    act: (a) =>
      a.slack.event({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home', channel: 'D1', event_ts: newTs() }),
    stored: async () => {},
  },
  {
    method: 'response/hook',
    httpOnly: true,
    // The digest preview is composed after the ack and sent through the response_url (replies known at once
    // go in the ack instead); a decision is stored first, so the preview has something to show.
    prepare: postedDecision,
    act: (a) => a.slack.command({ text: 'digest' }),
    stored: async (a) => expect(await count(a, 'select count(*) as n from decisions')).toBe(1),
  },
];

/** The words a log line uses for each failure: Slack's error code, or what the client saw. */
function loggedAs(failure: Failure): RegExp {
  switch (failure.kind) {
    case 'ratelimited':
      return /ratelimited|rate.?limit|429/i;
    case 'http':
      return new RegExp(`http_error|${failure.status}`);
    case 'hang':
      return /request_error|timeout|timed out|aborted/i;
    case 'error':
      return new RegExp(failure.error);
  }
}

const failures: [string, Failure][] = [
  ['429 with Retry-After', { kind: 'ratelimited', retryAfter: 1 }],
  ['500', { kind: 'http', status: 500 }],
  ['a hang past the client timeout', { kind: 'hang' }],
  ['ok:false', { kind: 'error', error: 'internal_error' }],
];

describe.each(scenarios.map((s) => [s.method, s] as const))('when %s fails', (_method, scenario) => {
  const ways = scenario.httpOnly
    ? failures.map(([name, f]): [string, Failure] =>
        f.kind === 'error' ? ['404 expired_url', { kind: 'http', status: 404 }] : [name, f],
      )
    : failures;
  it.each(ways)('with %s, the app keeps serving and loses nothing', async (_name, failure) => {
    const logger = capturingLogger();
    const testApp = await startTestApp({ logger });
    app = testApp;
    const prepared = await scenario.prepare?.(testApp);
    testApp.fake.fail(scenario.method, failure, 1);
    const res = (await scenario.act(testApp, prepared)) as { status: number };
    expect(res.status).toBe(200);
    await testApp.fake.waitForCalls(scenario.method, 1, (c) => !c.ok, 6000);
    await scenario.stored(testApp);
    await scenario.told?.(testApp);
    // A request after the failure is served as usual.
    await testApp.slack.event(messageEvent({ text: 'Proposal: business as usual', channel: 'C0AFTER' }));
    await testApp.fake.waitForCalls('chat.postMessage', 4, (c) => c.ok && c.args.channel === 'C0AFTER', 8000);
    expect((await fetch(`${testApp.url}/healthz`)).status).toBe(200);
    // The failure was logged, by what Slack or the client said (a hang once the client times out), and no
    // log line carries a secret.
    const expected = loggedAs(failure);
    await expect
      .poll(() => logger.lines.filter((l) => /^(warn|error) /.test(l) && expected.test(l)), { timeout: 5000 })
      .not.toEqual([]);
    const log = logger.lines.join('\n');
    expect(log).not.toContain(BOT_TOKEN);
    expect(log).not.toContain(SIGNING_SECRET);
  });
});
