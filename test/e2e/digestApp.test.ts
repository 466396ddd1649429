import { afterEach, describe, expect, it } from 'vitest';
import { proposalSubmission } from '../rig/payloads.js';
import { TestClock } from '../rig/clock.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

/** The digest and the reminders as the running app schedules them. */
let app: TestApp | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

const HOUR = 3600 * 1000;

describe('the weekly digest in the app', () => {
  it('/decision digest here chooses the channel; /decision digest previews this week for the person', async () => {
    const testApp = await startTestApp();
    app = testApp;
    await testApp.slack.interactive(proposalSubmission({ title: 'Switch to oat milk', channel: 'C0CAFE' }));
    await testApp.fake.waitForCalls('chat.postMessage', 4);
    testApp.fake.setUser('U0ALICE', { is_admin: true });
    const here = await testApp.commandReply({ text: 'digest here', channel_id: 'C0CAFE' });
    expect(here.text).toContain('The weekly digest will be posted in this channel');
    expect(await testApp.db.row('select digest_channel from team_settings')).toEqual({
      digest_channel: 'C0CAFE',
    });

    // Composing the digest reads the week: it follows the acknowledgement, through the response_url.
    const ack = await testApp.slack.command({ text: 'digest', channel_id: 'C0CAFE' });
    expect(ack.body).toBe('');
    const [preview] = await testApp.fake.waitForCalls('response/hook');
    expect(preview?.args.response_type).toBe('ephemeral');
    const blocks = preview?.args.blocks as unknown[];
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).toContain('Switch to oat milk');
  });

  it('posts a missed digest once at start, and not again after a restart', async () => {
    // A Monday far from the machine's date: a decision dated by the real clock would miss this week's digest.
    const clock = new TestClock('2033-06-13T10:00:00Z');
    const testApp = await startTestApp({ clock, env: { DIGEST_CHANNEL: 'C0DIGEST' } });
    app = testApp;
    await testApp.slack.interactive(proposalSubmission({ title: 'Last week decision' }));
    await testApp.fake.waitForCalls('chat.postMessage', 4);

    // Monday 09:00 passes while the app is down.
    clock.set('2033-06-20T11:00:00Z');
    await testApp.restart();
    const [digest] = await testApp.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'C0DIGEST');
    expect(JSON.stringify(digest?.args.blocks)).toContain('Last week decision');
    const runs = () => testApp.db.rows('select slot, status, late from digest_runs');
    await expect.poll(runs).toEqual([{ slot: '2033-06-20T09:00:00.000Z', status: 'posted', late: 1 }]);
    await testApp.restart();
    // The catch-up after a start is background work: once the app is idle, it has run.
    await testApp.running.idle();
    expect(testApp.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0DIGEST')).toHaveLength(1);
    expect(await runs()).toHaveLength(1);
  });
});

describe('/decision digest schedule', () => {
  it('says the schedule, changes it for an admin only, refuses what is not a schedule, and digest here follows it', async () => {
    const testApp = await startTestApp();
    app = testApp;
    const ask = async (text: string, user = 'U0ALICE') => (await testApp.commandReply({ text, user_id: user })).text;
    const stored = () => testApp.db.row('select digest_cron, digest_timezone from team_settings');

    // DIGEST_CRON and DIGEST_TIMEZONE until the workspace chooses.
    expect(await ask('digest schedule')).toBe(
      'The weekly digest is posted on Mondays at 09:00 (UTC); admins and approvers change it with `/decision digest schedule Monday 09:00 Europe/Berlin`.',
    );
    expect(await ask('digest schedule Friday 16:30 Europe/Berlin', 'U0BOB')).toBe(
      "Only a workspace admin can change Empty Chair's settings until approvers are set; ask an admin to run `/decision approvers @a @b`.",
    );
    expect(await stored()).toBeUndefined();

    testApp.fake.setUser('U0ALICE', { is_admin: true });
    expect(await ask('digest schedule Fryday 16:30 Europe/Berlin')).toMatch(/^“Fryday” is not a day of the week: /);
    expect(await ask('digest schedule Friday 4pm Europe/Berlin')).toMatch(/^“4pm” is not a time of day: /);
    expect(await ask('digest schedule Friday 16:30 Europe/Berlim')).toBe(
      '“Europe/Berlim” is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.',
    );
    expect(await stored()).toBeUndefined();

    expect(await ask('digest schedule friday 16:30 europe/berlin')).toBe(
      'Done. The weekly digest will be posted on Fridays at 16:30 (Europe/Berlin).',
    );
    expect(await stored()).toEqual({ digest_cron: '30 16 * * 5', digest_timezone: 'Europe/Berlin' });
    // Without a zone, the workspace's stays.
    expect(await ask('digest schedule Thursday 8:05')).toBe(
      'Done. The weekly digest will be posted on Thursdays at 08:05 (Europe/Berlin).',
    );
    expect(await ask('digest here')).toBe(
      "The weekly digest will be posted in this channel on Thursdays at 08:05 (Europe/Berlin). `/decision digest` shows you this week's now.",
    );
    expect(await ask('digest schedule', 'U0BOB')).toMatch(
      /^The weekly digest is posted on Thursdays at 08:05 \(Europe\/Berlin\)/,
    );
  });
});

describe('reminders in the app', () => {
  it('reminds an unanswered decision once, in its thread and by DM, after a day', async () => {
    const testApp = await startTestApp();
    app = testApp;
    await testApp.slack.interactive(proposalSubmission({ title: 'Quiet decision' }));
    await testApp.fake.waitForCalls('chat.postMessage', 4);
    const { thread_ts: thread } = (await testApp.db.row('select thread_ts from decisions')) as { thread_ts: string };
    // 23 hours later a background pass runs and reminds nobody yet.
    testApp.clock.advance(23 * HOUR);
    await testApp.running.runBackgroundPass();
    const reminders = () =>
      testApp.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('still waiting'));
    expect(reminders()).toHaveLength(0);

    testApp.clock.advance(2 * HOUR);
    await testApp.running.runBackgroundPass();
    expect(reminders()).toHaveLength(2);
    // Later passes, and a restart, remind it no more.
    testApp.clock.advance(48 * HOUR);
    await testApp.running.runBackgroundPass();
    await testApp.restart();
    await testApp.running.idle();
    const sent = reminders();
    expect(sent).toHaveLength(2);
    expect(sent.find((c) => c.args.thread_ts === thread)).toBeDefined();
    expect(sent.find((c) => c.args.channel === 'U0ALICE')).toBeDefined();
  });
});
