import { afterEach, describe, expect, it } from 'vitest';
import { messageEvent, proposalSubmission, answerSubmission } from '../rig/payloads.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp | undefined;
afterEach(async () => {
  const stopping = app;
  app = undefined;
  await stopping?.stop();
});

describe('a Slack outage', () => {
  it('loses nothing: once Slack is back every card and prompt is posted exactly once and every answer is kept', async () => {
    const testApp = await startTestApp();
    app = testApp;
    const db = testApp.db;

    // One decision is in Slack before the outage, so its answers need card updates during it.
    await testApp.slack.interactive(proposalSubmission({ title: 'Before the outage' }));
    await testApp.fake.waitForCalls('chat.postMessage', 4);
    while (((await db.row('select posted_at from decisions')) as { posted_at: number | null }).posted_at === null) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const first = (await db.row('select id from decisions')) as { id: number };

    testApp.fake.down();
    const burst: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 10; i++) {
      burst.push(
        testApp.slack.interactive(proposalSubmission({ title: `Modal proposal ${i}`, channel: 'C0PLANNING' })),
      );
      burst.push(testApp.slack.event(messageEvent({ text: `Proposal: channel proposal ${i}`, channel: 'C0FLOOR' })));
    }
    for (const user of ['U0BOB', 'U0CAROL', 'U0DAN']) {
      burst.push(testApp.slack.interactive(answerSubmission(first.id, user, { q3: ['profit', `${user} says`] })));
    }
    expect((await Promise.all(burst)).map((r) => r.status)).toEqual(burst.map(() => 200));
    expect(await db.row('select count(*) as n from decisions')).toEqual({ n: 21 });
    expect(await db.row('select count(*) as n from answers')).toEqual({ n: 3 });

    // Let the failing attempts happen, then bring Slack back and let time pass for the retries.
    await testApp.running.idle();
    const pending = async () =>
      ((await db.row('select count(*) as n from decisions where posted_at is null')) as { n: number }).n +
      ((await db.row("select count(*) as n from outbox where status = 'pending'")) as { n: number }).n;
    expect(await pending()).toBeGreaterThan(0);
    testApp.fake.up();
    testApp.clock.advance(15 * 60 * 1000);
    // Each background pass posts what is due; backoff spreads the retries over a few passes.
    for (let pass = 0; pass < 10 && (await pending()) > 0; pass++) {
      testApp.clock.advance(60_000);
      await testApp.running.runBackgroundPass();
    }
    expect(await pending()).toBe(0);

    const decisions = (await db.rows('select channel_id, thread_ts from decisions')) as {
      channel_id: string;
      thread_ts: string;
    }[];
    const delivered = testApp.fake.callsTo('chat.postMessage').filter((c) => c.ok);
    for (const d of decisions) {
      const prompts = delivered.filter(
        (c) =>
          c.args.channel === d.channel_id &&
          c.args.thread_ts === d.thread_ts &&
          String(c.args.text).startsWith('Question'),
      );
      expect(prompts.map((p) => String(p.args.text).slice(0, 10)).sort()).toEqual([
        'Question 1',
        'Question 2',
        'Question 3',
      ]);
    }
    const cardTexts = delivered.filter((c) => String(c.args.text).startsWith('Decision:')).map((c) => c.args.text);
    expect(cardTexts).toHaveLength(21);
    expect(new Set(cardTexts).size).toBe(21);
    expect(await db.row('select count(*) as n from answers')).toEqual({ n: 3 });
    // The card of the first decision was redrawn after the outage with all three answers.
    const lastUpdate = testApp.fake
      .callsTo('chat.update')
      .filter((c) => c.ok && String(c.args.text).startsWith('Decision:'))
      .at(-1);
    expect(JSON.stringify(lastUpdate?.args.blocks)).toContain('Motive: 3 profit');
  });
});
