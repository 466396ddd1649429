import { afterEach, describe, expect, it } from 'vitest';
import { messageEvent } from '../rig/payloads.js';
import type { RecordedCall } from '../rig/fakeSlack.js';
import { startTestApp, TEST_CLIENT_OPTIONS, type TestApp } from '../rig/testApp.js';

let app: TestApp | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

/** A card held in Slack stays held for as long as the test needs (the tests' client gives up after 1.5 s). */
const patientSlack = { clientOptions: { ...TEST_CLIENT_OPTIONS, timeout: 10_000 } };

const cardOf = (call: RecordedCall) => {
  const payload = (call.args.metadata as { event_payload?: { decision_id?: number; part?: number } } | undefined)
    ?.event_payload;
  return payload?.part === 0 ? payload.decision_id : undefined;
};

describe('a backlog of unposted proposals', () => {
  it('is posted in each channel in the order proposed, and in several channels at once', async () => {
    const testApp = await startTestApp(patientSlack);
    app = testApp;
    // Slack is away while proposals arrive in two channels: all of them are stored and wait.
    testApp.fake.down();
    for (let i = 0; i < 3; i++) {
      for (const channel of ['C0NORTH', 'C0SOUTH']) {
        const sent = await testApp.slack.event(messageEvent({ text: `Proposal: ${channel} change ${i}`, channel }));
        expect(sent.status).toBe(200);
      }
    }
    await testApp.running.idle();
    expect(await testApp.db.row('select count(*) as n from decisions where posted_at is null')).toEqual({ n: 6 });

    // Slack is back. The drain's first card hangs in Slack; the other channel's card goes out meanwhile.
    testApp.fake.up();
    const firstCall = testApp.fake.calls.length;
    const held = testApp.fake.hold('chat.postMessage');
    testApp.clock.advance(15 * 60_000);
    const pass = testApp.running.runBackgroundPass();
    await held.reached;
    const heldChannel = testApp.fake.calls.slice(firstCall).find((c) => c.method === 'chat.postMessage')?.args.channel;
    const other = heldChannel === 'C0NORTH' ? 'C0SOUTH' : 'C0NORTH';
    await testApp.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === other && c.ok);
    held.release();
    await pass;
    await testApp.running.idle();

    expect(await testApp.db.row('select count(*) as n from decisions where posted_at is null')).toEqual({ n: 0 });
    const posted = testApp.fake.calls.slice(firstCall).filter((c) => c.method === 'chat.postMessage' && c.ok);
    for (const channel of ['C0NORTH', 'C0SOUTH']) {
      const ids = (await testApp.db.rows('select id from decisions where channel_id = ? order by id', channel)).map(
        (r) => r.id,
      );
      const cards = posted.filter((c) => c.args.channel === channel).flatMap((c) => cardOf(c) ?? []);
      // Each card once, in the order the proposals were made.
      expect(cards).toEqual(ids);
      // And each with its three questions.
      expect(posted.filter((c) => c.args.channel === channel)).toHaveLength(12);
    }
  });

  it('does not hold a channel back behind another channel whose backlog is being posted', async () => {
    const testApp = await startTestApp(patientSlack);
    app = testApp;
    testApp.fake.down();
    for (let i = 0; i < 2; i++) {
      expect((await testApp.slack.event(messageEvent({ text: `Proposal: busy ${i}`, channel: 'C0BUSY' }))).status).toBe(
        200,
      );
    }
    await testApp.running.idle();

    // The busy channel's backlog is being posted, its first card held in Slack.
    testApp.fake.up();
    const held = testApp.fake.hold('chat.postMessage');
    testApp.clock.advance(15 * 60_000);
    const firstPass = testApp.running.runBackgroundPass();
    await held.reached;
    // Meanwhile a proposal in another channel cannot be posted at once (Slack refuses that one call) …
    testApp.fake.fail('chat.postMessage', { kind: 'http', status: 503 });
    expect((await testApp.slack.event(messageEvent({ text: 'Proposal: quiet one', channel: 'C0QUIET' }))).status).toBe(
      200,
    );
    await testApp.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'C0QUIET' && !c.ok);
    // … and the next pass posts it while the busy channel's card is still held.
    testApp.clock.advance(15 * 60_000);
    const secondPass = testApp.running.runBackgroundPass();
    await testApp.fake.waitForCalls('chat.postMessage', 4, (c) => c.args.channel === 'C0QUIET' && c.ok);
    held.release();
    await Promise.all([firstPass, secondPass]);
    await testApp.running.idle();
    expect(await testApp.db.row('select count(*) as n from decisions where posted_at is null')).toEqual({ n: 0 });
    const cards = testApp.fake.callsTo('chat.postMessage').filter((c) => c.ok && cardOf(c) !== undefined);
    expect(cards.map((c) => c.args.channel).sort()).toEqual(['C0BUSY', 'C0BUSY', 'C0QUIET']);
  });

  it('tries each of more channels than it drains at once once per pass while Slack is down, then ends', async () => {
    const testApp = await startTestApp(patientSlack);
    app = testApp;
    const channels = Array.from({ length: 11 }, (_, i) => `C0ROOM${i}`);
    testApp.fake.down();
    for (const channel of channels) {
      expect((await testApp.slack.event(messageEvent({ text: `Proposal: in ${channel}`, channel }))).status).toBe(200);
    }
    await testApp.running.idle();

    // Slack is still down when the pass tries again: every channel is tried, each once, and the pass ends.
    const before = testApp.fake.calls.length;
    testApp.clock.advance(15 * 60_000);
    await testApp.running.runBackgroundPass();
    // (An attempt after one that failed first looks in the channel for what already landed.)
    const tried = testApp.fake.calls.slice(before).filter((c) => channels.includes(String(c.args.channel)));
    expect(tried.map((c) => c.args.channel).sort()).toEqual([...channels].sort());

    testApp.fake.up();
    testApp.clock.advance(15 * 60_000);
    await testApp.running.runBackgroundPass();
    expect(await testApp.db.row('select count(*) as n from decisions where posted_at is null')).toEqual({ n: 0 });
  });
});
