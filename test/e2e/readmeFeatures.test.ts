import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { QUESTIONS } from '../../src/decisions/questions.js';
import { TestClock } from '../rig/clock.js';
import { FakeSlack, type RecordedCall } from '../rig/fakeSlack.js';
import { answerSubmission, buttonClick, messageEvent, newTs, proposalSubmission } from '../rig/payloads.js';
import { SignedClient } from '../rig/signedClient.js';
import { SIGNING_SECRET, spawnApp, startTestApp, type TestApp, testEnv } from '../rig/testApp.js';
import { createTestDatabase } from '../rig/testDatabase.js';

/**
 * Features the README promises that had no end-to-end test of their own: the digest missed while the bot
 * was down (with a private channel's decision, and in a time zone other than UTC), reminders only for
 * what is unanswered, "Not a decision" by an approver, the Home's "Your open proposals", reading the
 * triggers, and SIGINT finishing the work in flight.
 */
let app: TestApp | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

const HOUR = 3600 * 1000;

interface Row {
  id: number;
  title: string;
  status: string;
  card_ts: string | null;
  thread_ts: string | null;
  posted_at: number | null;
  nudged_at: number | null;
  channel_is_private: number | null;
}

const rows = async (a: TestApp) => (await a.db.rows('select * from decisions order by id')) as unknown as Row[];
const row = async (a: TestApp, title: string) => (await rows(a)).find((r) => r.title === title)!;

/** Proposes through the form and waits until its card and prompts are in Slack. */
async function propose(a: TestApp, title: string, channel = 'C0GENERAL', user = 'U0ALICE'): Promise<Row> {
  const res = await a.slack.interactive(
    proposalSubmission({ title, channel }, { user: { id: user, username: user, name: user, team_id: 'T0001' } }),
  );
  expect(res.status).toBe(200);
  await expect.poll(async () => (await row(a, title))?.posted_at ?? null).not.toBeNull();
  return row(a, title);
}

const postsTo = (a: TestApp, channel: string) =>
  a.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
const blocksOf = (call: RecordedCall | undefined) => JSON.stringify(call?.args.blocks);
const digestRuns = (a: TestApp) => a.db.rows('select channel_id, slot, status, late from digest_runs order by id');

describe('the digest missed while the bot was down', () => {
  it('counts a private channel’s decision without naming it when posted elsewhere', async () => {
    // A Monday: the week's decisions are proposed, then the bot is down over the next Monday 09:00.
    const clock = new TestClock('2033-06-13T10:00:00Z');
    const testApp = await startTestApp({ clock, env: { DIGEST_CHANNEL: 'C0DIGEST' } });
    app = testApp;
    testApp.fake.setChannel('G0SECRET', { isPrivate: true, members: ['U0ALICE', 'U0CAROL'] });
    await propose(testApp, 'Switch to oat milk');
    await propose(testApp, 'Close the Leeds branch', 'G0SECRET');
    expect((await row(testApp, 'Close the Leeds branch')).channel_is_private).toBe(1);

    clock.set('2033-06-20T11:00:00Z');
    await testApp.restart();
    const [digest] = await testApp.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'C0DIGEST');
    const blocks = blocksOf(digest);
    expect(String(digest?.args.text)).toContain('2 decisions proposed');
    expect(blocks).toContain('Switch to oat milk');
    expect(blocks).toContain('Posted late');
    expect(blocks).toContain('+ 1 decision in private channels, counted but not shown here.');
    expect(blocks).not.toContain('Leeds');
    // The private decision's link (channel and thread) is not given away either.
    expect(blocks).not.toContain('G0SECRET');
    await testApp.running.idle();
    expect(postsTo(testApp, 'C0DIGEST')).toHaveLength(1);
    expect(await digestRuns(testApp)).toEqual([
      { channel_id: 'C0DIGEST', slot: '2033-06-20T09:00:00.000Z', status: 'posted', late: 1 },
    ]);
  });

  it('keeps to DIGEST_TIMEZONE: Monday 09:00 in New York is 13:00 UTC, and the week ends there', async () => {
    const env = { DIGEST_CHANNEL: 'C0DIGEST', DIGEST_TIMEZONE: 'America/New_York' };
    const clock = new TestClock('2033-06-13T14:00:00Z');
    const testApp = await startTestApp({ clock, env });
    app = testApp;
    await propose(testApp, 'Early in the week');

    // Monday 08:40 in New York (12:40 UTC): 09:00 UTC has passed, but the New York slot has not come yet.
    clock.set('2033-06-20T12:40:00Z');
    await testApp.restart();
    await testApp.running.idle();
    expect(postsTo(testApp, 'C0DIGEST')).toEqual([]);
    expect(await digestRuns(testApp)).toEqual([]);
    // Proposed before 09:00 New York time: still this week's.
    await propose(testApp, 'Just before the slot');

    clock.set('2033-06-20T13:30:00Z');
    await testApp.restart();
    const [digest] = await testApp.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'C0DIGEST');
    const blocks = blocksOf(digest);
    expect(blocks).toContain('Decisions proposed from Mon, Jun 13, 09:00 to Mon, Jun 20, 09:00 (America/New_York).');
    expect(blocks).toContain('Weekly digest: Jun 13 – Jun 20');
    expect(blocks).toContain('Early in the week');
    expect(blocks).toContain('Just before the slot');
    expect(String(digest?.args.text)).toContain('2 decisions proposed');
    // The run is marked posted once Slack has answered the post: after the catch-up has finished.
    await testApp.running.idle();
    expect(await digestRuns(testApp)).toEqual([
      { channel_id: 'C0DIGEST', slot: '2033-06-20T13:00:00.000Z', status: 'posted', late: 1 },
    ]);
  });
});

describe('reminders', () => {
  it('remind only what is unanswered: none for an answered decision, only the open questions for a half-answered one', async () => {
    const testApp = await startTestApp();
    app = testApp;
    const answered = await propose(testApp, 'Fully answered');
    const half = await propose(testApp, 'Half answered');
    const silent = await propose(testApp, 'Nobody answered');
    await testApp.slack.interactive(
      answerSubmission(answered.id, 'U0BOB', {
        q1: ['yes', 'Fits us'],
        q2: ['positive', 'They would cheer'],
        q3: ['customer_satisfaction', null],
      }),
    );
    await testApp.slack.interactive(answerSubmission(half.id, 'U0BOB', { q1: ['partly', null] }));
    expect(await testApp.db.row('select count(*) as n from answers')).toEqual({ n: 4 });

    testApp.clock.advance(25 * HOUR);
    await testApp.running.runBackgroundPass();
    const reminders = testApp.fake
      .callsTo('chat.postMessage')
      .filter((c) => String(c.args.text).includes('still waiting'));
    const inThread = (r: Row) => reminders.filter((c) => c.args.thread_ts === r.thread_ts);
    const dms = reminders.filter((c) => c.args.channel === 'U0ALICE');

    expect(inThread(answered)).toEqual([]);
    expect(inThread(silent).map((c) => c.args.text)).toEqual([
      `:chair: The empty chair is still waiting for answers to these questions:\n${QUESTIONS.map((q) => `${q.number}. ${q.text}`).join('\n')}`,
    ]);
    const [halfReminder] = inThread(half);
    expect(String(halfReminder?.args.text)).toContain(`2. ${QUESTIONS[1].text}`);
    expect(String(halfReminder?.args.text)).not.toContain(`1. ${QUESTIONS[0].text}`);
    expect(dms).toHaveLength(2);
    expect(dms.map((c) => String(c.args.text)).join('\n')).not.toContain('Fully answered');
    expect(dms.some((c) => String(c.args.text).includes('Half answered'))).toBe(true);
    expect(reminders).toHaveLength(4);
    const nudged = Object.fromEntries((await rows(testApp)).map((r) => [r.title, r.nudged_at !== null]));
    expect(nudged).toEqual({ 'Fully answered': false, 'Half answered': true, 'Nobody answered': true });
  });
});

describe('"Not a decision" by an approver', () => {
  it('dismisses someone else’s caught message: stored with who did it, card and prompts updated', async () => {
    const testApp = await startTestApp();
    app = testApp;
    testApp.fake.setUser('U0CAROL', { is_admin: true });
    const set = await testApp.commandReply({ text: 'approvers <@U0DANA|dana>', user_id: 'U0CAROL' });
    expect(set.text).toContain('Approvers are now <@U0DANA>');

    await testApp.slack.event(messageEvent({ user: 'U0ALICE', text: 'Should we repaint the door?' }));
    await expect.poll(async () => (await rows(testApp))[0]?.posted_at ?? null).not.toBeNull();
    const [decision] = await rows(testApp);
    const res = await testApp.slack.interactive(
      buttonClick(
        { action_id: 'dismiss_decision', value: String(decision!.id) },
        { channel: 'C0GENERAL', messageTs: decision!.card_ts!, user: 'U0DANA' },
      ),
    );
    expect(res.status).toBe(200);
    expect((await rows(testApp))[0]?.status).toBe('dismissed');
    expect(
      await testApp.db.rows(
        'select from_status, to_status, user_id from status_changes where decision_id = ? order by id',
        decision!.id,
      ),
    ).toEqual([
      { from_status: null, to_status: 'open', user_id: 'U0ALICE' },
      { from_status: 'open', to_status: 'dismissed', user_id: 'U0DANA' },
    ]);
    const updates = await testApp.fake.waitForCalls('chat.update', 4);
    expect(blocksOf(updates.find((u) => u.args.ts === decision!.card_ts))).not.toContain('dismiss_decision');
    await testApp.running.idle();
    expect(testApp.fake.callsTo('chat.postEphemeral')).toEqual([]);
  });
});

describe('the Home tab', () => {
  interface Block {
    type: string;
    text?: { text: string };
    accessory?: { action_id: string; value: string };
  }

  /** The blocks under one header of the person's latest Home, up to the next divider. */
  async function homeSection(a: TestApp, user: string, header: string): Promise<Block[]> {
    const before = a.fake.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
    await a.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: newTs() });
    const published = await a.fake.waitForCalls('views.publish', before + 1, (c) => c.args.user_id === user);
    const blocks = (published.at(-1)?.args.view as { blocks: Block[] }).blocks;
    const start = blocks.findIndex((b) => b.type === 'header' && b.text?.text === header);
    expect(start).toBeGreaterThan(-1);
    const end = blocks.findIndex((b, i) => i > start && b.type === 'divider');
    return blocks.slice(start + 1, end === -1 ? undefined : end);
  }

  it('lists your open proposals, and neither your closed ones nor anyone else’s', async () => {
    const testApp = await startTestApp();
    app = testApp;
    const open = await propose(testApp, 'Open a pop-up shop');
    const withdrawn = await propose(testApp, 'Paint it green');
    await propose(testApp, 'Bob wants a bigger sign', 'C0GENERAL', 'U0BOB');
    await testApp.slack.interactive(
      buttonClick(
        { action_id: 'withdraw_decision', value: String(withdrawn.id) },
        { channel: 'C0GENERAL', messageTs: withdrawn.card_ts!, user: 'U0ALICE' },
      ),
    );
    expect((await row(testApp, 'Paint it green')).status).toBe('withdrawn');

    const mine = await homeSection(testApp, 'U0ALICE', 'Your open proposals');
    expect(mine.map((b) => b.accessory)).toEqual([
      { type: 'button', action_id: 'decision_details', text: expect.anything(), value: String(open.id) },
    ]);
    expect(mine[0]?.text?.text).toContain('Open a pop-up shop');
    expect(mine[0]?.text?.text).toContain('by <@U0ALICE>');

    const bobs = await homeSection(testApp, 'U0BOB', 'Your open proposals');
    expect(bobs.map((b) => b.text?.text ?? '').join('\n')).toContain('Bob wants a bigger sign');
    expect(bobs).toHaveLength(1);
  });
});

describe('/decision triggers', () => {
  it('with no arguments shows anyone the workspace’s own triggers, and changes nothing', async () => {
    const testApp = await startTestApp();
    app = testApp;
    testApp.fake.setUser('U0CAROL', { is_admin: true });
    await testApp.commandReply({ text: 'triggers RFC:, Idea:', user_id: 'U0CAROL' });
    const settings = () => testApp.db.rows('select triggers, updated_at from team_settings');
    const stored = await settings();
    expect(stored).toEqual([{ triggers: '["RFC:","Idea:"]', updated_at: expect.any(Number) }]);

    const shown = await testApp.commandReply({ text: 'triggers', user_id: 'U0MALLORY' });
    expect(shown.text).toBe('Messages that start with `RFC:`, `Idea:` or contain :chair: are treated as proposals.');
    expect(await settings()).toEqual(stored);
    // Reading needs no rights, so Slack was not asked who Mallory is.
    expect(testApp.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0CAROL']);
  });
});

describe('SIGINT', () => {
  it('finishes the Slack posts in flight, ignores a second SIGINT, closes the database and exits 0', async () => {
    const fake = await new FakeSlack().start();
    const db = await createTestDatabase();
    const spawned = spawnApp(testEnv(fake, db.url));
    try {
      const port = await spawned.ready;
      const slack = new SignedClient(`http://127.0.0.1:${port}`, SIGNING_SECRET, fake.responseUrl);
      // The card's post is held at Slack while the bot is told to stop.
      const held = fake.hold('chat.postMessage');
      const res = await slack.interactive(proposalSubmission({ title: 'Stopped mid-post' }));
      expect(res.status).toBe(200);
      await held.reached;
      let exited = false;
      void spawned.exited.then(() => (exited = true));
      spawned.kill('SIGINT');
      await expect.poll(() => spawned.stdout()).toContain('SIGINT received');
      spawned.kill('SIGINT');
      // It said it is stopping, but waits for the post Slack has not answered yet.
      expect(exited).toBe(false);
      held.release();
      const { code, stdout } = await spawned.exited;
      expect(code).toBe(0);
      expect(stdout.match(/SIGINT received/g)).toHaveLength(1);
      // The card and the three prompts all went out before it exited.
      expect(fake.callsTo('chat.postMessage').filter((c) => c.ok)).toHaveLength(4);
      if (db.engine === 'sqlite') {
        // The last connection to close removes the write-ahead log: the database was closed, not dropped.
        expect(existsSync(`${db.url}-wal`)).toBe(false);
      } else {
        // The app's connections are gone: its pool was ended, nothing left waiting on the server.
        await expect
          .poll(() =>
            db.row(
              'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
            ),
          )
          .toEqual({ n: 0 });
      }
      expect(await db.rows('select title, status, posted_at is not null as posted from decisions')).toEqual([
        { title: 'Stopped mid-post', status: 'open', posted: 1 },
      ]);
      expect(await db.row('select count(*) as n from prompts')).toEqual({ n: 3 });
    } finally {
      spawned.kill('SIGKILL');
      await fake.stop();
      await db.drop();
    }
  });
});
