import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createOutboxRepo } from '../../src/db/outboxRepo.js';
import { type RunningEmptyChair, startEmptyChair } from '../../src/main.js';
import type { Workspace, Workspaces } from '../../src/slack/workspaces.js';
import { TestClock } from '../rig/clock.js';
import { BOT_ID, BOT_USER_ID, type FakeSlack, type RecordedCall, TEAM_ID } from '../rig/fakeSlack.js';
import { proposalSubmission } from '../rig/payloads.js';
import { startTestApp, TEST_CLIENT_OPTIONS, type TestApp, testEnv } from '../rig/testApp.js';
import { testEngine } from '../rig/testDatabase.js';

/**
 * Two workspaces served by one app, each with a bot token of its own: every background job (unposted
 * decisions, the outbox, reminders, the digest) runs for each with its own token, on its own rows, at its
 * own schedule; a workspace no longer served (uninstalled) gets none of it while the other goes on.
 */
const ONE = {
  teamId: TEAM_ID,
  token: 'xoxb-workspace-one',
  url: 'https://one.slack.com/',
  channel: 'C0ONE',
  proposer: 'U0ALICE',
};
const TWO = {
  teamId: 'T0002',
  token: 'xoxb-workspace-two',
  url: 'https://two.slack.com/',
  channel: 'C0TWO',
  proposer: 'U0BOB',
};
type TestWorkspace = typeof ONE;
const HOUR = 3600 * 1000;

/** The test's Workspaces: both served until the test removes one. */
function twoWorkspaces(fake: FakeSlack): Workspaces & { removed: Set<string> } {
  const removed = new Set<string>();
  const all: Workspace[] = [ONE, TWO].map((w) => ({
    teamId: w.teamId,
    enterpriseId: undefined,
    teamUrl: w.url,
    botUserId: BOT_USER_ID,
    botId: BOT_ID,
    client: new webApi.WebClient(w.token, { slackApiUrl: fake.apiUrl, ...TEST_CLIENT_OPTIONS }),
  }));
  const served = () => all.filter((w) => !removed.has(w.teamId));
  return {
    removed,
    list: () => Promise.resolve(served()),
    get: (teamId) => Promise.resolve(served().find((w) => w.teamId === teamId)),
    teamUrl: (teamId) => served().find((w) => w.teamId === teamId)?.teamUrl,
  };
}

let app: TestApp | undefined;
let second: RunningEmptyChair | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

async function start(clock?: TestClock) {
  let workspaces: ReturnType<typeof twoWorkspaces> | undefined;
  const testApp = await startTestApp({
    ...(clock ? { clock } : {}),
    workspaces: (fake) => (workspaces = twoWorkspaces(fake)),
  });
  app = testApp;
  testApp.fake.setUser(ONE.proposer, { is_admin: true });
  testApp.fake.setUser(TWO.proposer, { is_admin: true });
  if (!workspaces) throw new Error('the app was given no workspaces');
  return { testApp, workspaces };
}

function propose(testApp: TestApp, w: TestWorkspace, title: string) {
  return testApp.slack.interactive(
    proposalSubmission(
      { title, channel: w.channel },
      {
        team: { id: w.teamId, domain: 'example' },
        user: { id: w.proposer, username: 'p', name: 'p', team_id: w.teamId },
      },
    ),
  );
}

/** A workspace's slash command, and its reply (in the acknowledgement). */
function command(testApp: TestApp, w: TestWorkspace, text: string) {
  return testApp.commandReply({ team_id: w.teamId, channel_id: w.channel, user_id: w.proposer, text });
}

/** The workspace a call was about: its channel, or its proposer (direct messages, Home). */
const ownerOf = (call: RecordedCall) =>
  [ONE, TWO].find((w) => [w.channel, w.proposer].includes(String(call.args.channel ?? call.args.user_id)));

/** Every call carries the token of the workspace it is about; returns the workspaces the calls were about. */
function expectOwnTokens(calls: RecordedCall[]): string[] {
  for (const call of calls)
    expect({ method: call.method, token: call.token }).toEqual({
      method: call.method,
      token: ownerOf(call)?.token,
    });
  return [...new Set(calls.map((c) => ownerOf(c)?.teamId ?? ''))].sort();
}

const digestsIn = (calls: RecordedCall[]) =>
  calls.filter(
    (c) => c.method === 'chat.postMessage' && c.ok && !c.args.thread_ts && ownerOf(c)?.channel === c.args.channel,
  );

describe('several workspaces served by one app', () => {
  it('posts each workspace’s digest at its own day, time and zone, with its own token', async () => {
    // A Monday.
    const clock = new TestClock('2033-06-13T10:00:00Z');
    const { testApp } = await start(clock);
    await propose(testApp, ONE, 'Oat milk in Berlin');
    await propose(testApp, TWO, 'Bagels in New York');
    for (const [w, schedule] of [
      [ONE, 'Monday 09:00 Europe/Berlin'],
      [TWO, 'Wednesday 17:30 America/New_York'],
    ] as const) {
      await command(testApp, w, 'digest here');
      await command(testApp, w, `digest schedule ${schedule}`);
    }
    await testApp.running.idle();
    expect(
      await testApp.db.rows(
        'select team_id, digest_channel, digest_cron, digest_timezone from team_settings order by team_id',
      ),
    ).toEqual([
      { team_id: ONE.teamId, digest_channel: ONE.channel, digest_cron: '0 9 * * 1', digest_timezone: 'Europe/Berlin' },
      {
        team_id: TWO.teamId,
        digest_channel: TWO.channel,
        digest_cron: '30 17 * * 3',
        digest_timezone: 'America/New_York',
      },
    ]);
    // A request's links point to its own workspace.
    for (const w of [ONE, TWO]) {
      expect((await command(testApp, w, 'list')).text).toContain(`<${w.url}archives/${w.channel}/p`);
    }
    const from = testApp.fake.calls.length;
    const since = () => testApp.fake.calls.slice(from);

    // Wednesday 17:30 in New York is 21:30 UTC in summer: the second workspace's digest, and only it.
    clock.set('2033-06-15T21:30:30Z');
    await testApp.running.runBackgroundPass();
    expect(digestsIn(since()).map((c) => [c.args.channel, c.token])).toEqual([[TWO.channel, TWO.token]]);
    const [newYork] = digestsIn(since());
    expect(JSON.stringify(newYork?.args.blocks)).toContain('Bagels in New York');
    expect(JSON.stringify(newYork?.args.blocks)).toContain('https://two.slack.com/archives/C0TWO/');
    expect(JSON.stringify(newYork?.args.blocks)).not.toContain('Oat milk');
    // Its week runs from one of its slots to the next, told in its own zone.
    expect(JSON.stringify(newYork?.args.blocks)).toContain(
      'from Wed, Jun 8, 17:30 to Wed, Jun 15, 17:30 (America/New_York)',
    );

    // Monday 09:00 in Berlin is 07:00 UTC in summer: the first workspace's, with its own token.
    clock.set('2033-06-20T07:00:30Z');
    await testApp.running.runBackgroundPass();
    await testApp.running.runBackgroundPass();
    expect(digestsIn(since()).map((c) => [c.args.channel, c.token])).toEqual([
      [TWO.channel, TWO.token],
      [ONE.channel, ONE.token],
    ]);
    const berlin = JSON.stringify(digestsIn(since())[1]?.args.blocks);
    expect(berlin).toContain('Oat milk in Berlin');
    expect(berlin).toContain('from Mon, Jun 13, 09:00 to Mon, Jun 20, 09:00 (Europe/Berlin)');

    // DIGEST_CRON (Mondays 09:00 UTC) is neither workspace's schedule any more.
    clock.set('2033-06-20T09:00:30Z');
    await testApp.running.runBackgroundPass();
    expect(digestsIn(since())).toHaveLength(2);
    expect(expectOwnTokens(since())).toEqual([ONE.teamId, TWO.teamId]);
    expect(
      await testApp.db.rows('select team_id, channel_id, slot, status, late from digest_runs order by id'),
    ).toEqual([
      { team_id: TWO.teamId, channel_id: TWO.channel, slot: '2033-06-15T21:30:00.000Z', status: 'posted', late: 0 },
      { team_id: ONE.teamId, channel_id: ONE.channel, slot: '2033-06-20T07:00:00.000Z', status: 'posted', late: 0 },
    ]);
  });

  it('retries, redraws and reminds each workspace with its own token on its own rows, and nothing for one no longer served', async () => {
    const { testApp, workspaces } = await start();
    const { fake, clock } = testApp;
    // Slack fails each card's first post: both decisions are stored and wait to be posted.
    for (const [w, title] of [
      [ONE, 'Decision of one'],
      [TWO, 'Decision of two'],
    ] as const) {
      fake.fail('chat.postMessage', { kind: 'http', status: 500 });
      await propose(testApp, w, title);
      await testApp.running.idle();
    }
    const unposted = () =>
      testApp.db
        .rows('select team_id from decisions where posted_at is null order by team_id')
        .then((r) => r.map((x) => x.team_id));
    expect(await unposted()).toEqual([ONE.teamId, TWO.teamId]);

    // The second workspace uninstalls: the first one's decision is posted, the second's waits.
    workspaces.removed.add(TWO.teamId);
    let from = fake.calls.length;
    await testApp.running.runBackgroundPass();
    expect(expectOwnTokens(fake.calls.slice(from))).toEqual([ONE.teamId]);
    expect(await unposted()).toEqual([TWO.teamId]);

    // Back again, it gets its own decision posted, with its own token.
    workspaces.removed.delete(TWO.teamId);
    from = fake.calls.length;
    await testApp.running.runBackgroundPass();
    expect(expectOwnTokens(fake.calls.slice(from))).toEqual([TWO.teamId]);
    expect(await unposted()).toEqual([]);

    // A line queued in each thread, and a day later both decisions are due a reminder; the second
    // workspace is gone again.
    const outbox = createOutboxRepo(testApp.database, clock.now);
    for (const row of await testApp.db.rows('select id, team_id from decisions')) {
      await outbox.enqueue({
        teamId: String(row.team_id),
        kind: 'announce',
        dedupeKey: `announce:${row.id}:test`,
        payload: { decisionId: row.id, text: 'A queued line' },
        at: clock.now(),
      });
    }
    clock.advance(25 * HOUR);
    workspaces.removed.add(TWO.teamId);
    from = fake.calls.length;
    await testApp.running.runBackgroundPass();
    const first = fake.calls.slice(from);
    expect(expectOwnTokens(first)).toEqual([ONE.teamId]);
    expect(first.filter((c) => c.args.text === 'A queued line')).toHaveLength(1);
    expect(first.filter((c) => String(c.args.text).includes('still waiting'))).toHaveLength(2);
    const state = () =>
      testApp.db.rows(
        'select d.team_id, o.status, d.nudged_at is not null as nudged from decisions d join outbox o on o.team_id = d.team_id order by d.team_id',
      );
    expect(await state()).toEqual([
      { team_id: ONE.teamId, status: 'done', nudged: 1 },
      { team_id: TWO.teamId, status: 'pending', nudged: 0 },
    ]);

    workspaces.removed.delete(TWO.teamId);
    from = fake.calls.length;
    await testApp.running.runBackgroundPass();
    const then = fake.calls.slice(from);
    expect(expectOwnTokens(then)).toEqual([TWO.teamId]);
    expect(then.filter((c) => c.args.text === 'A queued line')).toHaveLength(1);
    expect(then.filter((c) => String(c.args.text).includes('still waiting'))).toHaveLength(2);
    expect(await state()).toEqual([
      { team_id: ONE.teamId, status: 'done', nudged: 1 },
      { team_id: TWO.teamId, status: 'done', nudged: 1 },
    ]);
  });

  it('gives a workspace no longer served no digest, while the other gets its own', async () => {
    const clock = new TestClock('2033-06-13T10:00:00Z');
    const { testApp, workspaces } = await start(clock);
    for (const w of [ONE, TWO]) {
      await propose(testApp, w, `Decision of ${w.teamId}`);
      await command(testApp, w, 'digest here');
    }
    await testApp.running.idle();
    workspaces.removed.add(TWO.teamId);
    const from = testApp.fake.calls.length;
    // DIGEST_CRON: Mondays 09:00 UTC, both workspaces' schedule.
    clock.set('2033-06-20T09:00:30Z');
    await testApp.running.runBackgroundPass();
    // Restarted after the slot, the app catches up on no digest of the workspace either.
    await testApp.restart();
    await testApp.running.idle();
    expect(digestsIn(testApp.fake.calls.slice(from)).map((c) => [c.args.channel, c.token])).toEqual([
      [ONE.channel, ONE.token],
    ]);
    expect(await testApp.db.rows('select team_id from digest_runs')).toEqual([{ team_id: ONE.teamId }]);
  });

  it('posts a workspace’s digest once when two instances and a restart all look at its slot', async () => {
    const clock = new TestClock('2033-06-13T10:00:00Z');
    const { testApp, workspaces } = await start(clock);
    for (const w of [ONE, TWO]) {
      await propose(testApp, w, `Decision of ${w.teamId}`);
      await command(testApp, w, 'digest here');
    }
    await command(testApp, TWO, 'digest schedule Monday 11:00 Asia/Tokyo');
    await testApp.running.idle();
    // A second instance on the same database, serving the same workspaces (PostgreSQL: SQLite is one
    // process's database by design, so there a restart is the second look).
    if (testEngine() === 'postgres')
      second = await startEmptyChair(loadConfig(testEnv(testApp.fake, testApp.dbPath)), {
        clientOptions: TEST_CLIENT_OPTIONS,
        retryIntervalMs: 3_600_000,
        now: clock.now,
        workspaces,
      });
    await second?.idle();
    const from = testApp.fake.calls.length;
    // Monday 09:00 UTC (the first's) and 11:00 in Tokyo (02:00 UTC, the second's) have both passed.
    clock.set('2033-06-20T09:00:30Z');
    await Promise.all([testApp.running.runBackgroundPass(), second?.runBackgroundPass()]);
    await testApp.restart();
    await Promise.all([testApp.running.idle(), second?.runBackgroundPass()]);
    expect(
      digestsIn(testApp.fake.calls.slice(from))
        .map((c) => [c.args.channel, c.token])
        .sort(),
    ).toEqual([
      [ONE.channel, ONE.token],
      [TWO.channel, TWO.token],
    ]);
    expect(await testApp.db.rows('select team_id, slot, late from digest_runs order by team_id')).toEqual([
      { team_id: ONE.teamId, slot: '2033-06-20T09:00:00.000Z', late: 0 },
      // Seven hours after its time: a catch-up, marked late.
      { team_id: TWO.teamId, slot: '2033-06-20T02:00:00.000Z', late: 1 },
    ]);
  });
});
