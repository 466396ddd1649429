import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Schema } from '../../src/db/database.js';
import { answerSubmission, newTs, proposalSubmission, viewClick } from '../rig/payloads.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

interface View {
  type: string;
  blocks: {
    type: string;
    text?: { text: string };
    accessory?: { action_id: string; value: string };
    elements?: { text?: string }[];
  }[];
}

const homeOpened = (user: string) =>
  app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: newTs() });

const viewAction = (user: string, action: Record<string, unknown>) => app.slack.interactive(viewClick(user, action));

const text = (view: View) => JSON.stringify(view.blocks);

async function seed(count: number, values: Partial<Schema['decisions']['$inferInsert']>) {
  const rows = Array.from({ length: count }, (_, i) => ({
    teamId: 'T0001',
    channelId: 'C0GENERAL',
    source: 'command' as const,
    title: `Seeded ${i}`,
    proposerId: 'U0ALICE',
    messageTs: newTs(),
    createdAt: app.clock.now(),
    ...values,
  }));
  await app.database.run((db) => db.insert(app.database.schema.decisions).values(rows));
}

describe('App Home', () => {
  it('shows a new user an empty Home with a way to propose', async () => {
    await homeOpened('U0NEW');
    const [publish] = await app.fake.waitForCalls('views.publish');
    expect(publish?.args.user_id).toBe('U0NEW');
    const view = publish?.args.view as View;
    expect(view.type).toBe('home');
    expect(text(view)).toContain('Propose a decision');
    expect(text(view)).toContain('Nothing is waiting for you');
    expect(text(view)).toContain('You have no open proposals');
    expect(text(view)).toContain('No decisions here yet');
  });

  it('stays within 100 blocks for a busy user and says how many more there are', async () => {
    await seed(60, { proposerId: 'U0BUSY' });
    await seed(90, { status: 'confirmed' });
    await seed(5, { status: 'dismissed' });
    await homeOpened('U0BUSY');
    const [publish] = await app.fake.waitForCalls('views.publish');
    const view = publish?.args.view as View;
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const all = text(view);
    // 60 open decisions wait for U0BUSY's answer; 10 are listed.
    expect(all).toContain('…and 50 more');
    // 150 non-dismissed decisions in all; 20 are listed under Recent.
    expect(all).toContain('…and 130 more');
    for (const block of view.blocks) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });

  it('updates after the person acts: an answered decision leaves "Waiting for your answer"', async () => {
    await app.slack.interactive(proposalSubmission({ title: 'Open a pop-up shop' }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    const [first] = await app.fake.waitForCalls('views.publish', 1, (c) => c.args.user_id === 'U0ALICE');
    expect(text(first?.args.view as View)).toContain('Open a pop-up shop');
    const id = ((await app.db.row('select id from decisions')) as { id: number }).id;
    await homeOpened('U0BOB');
    const [before] = await app.fake.waitForCalls('views.publish', 1, (c) => c.args.user_id === 'U0BOB');
    const waiting = (before?.args.view as View).blocks.filter((b) => b.accessory?.action_id === 'answer_all');
    expect(waiting.map((b) => b.accessory?.value)).toEqual([String(id)]);

    await app.slack.interactive(
      answerSubmission(id, 'U0BOB', { q1: ['yes', null], q2: ['positive', 'Love it'], q3: ['profit', null] }),
    );
    const [, after] = await app.fake.waitForCalls('views.publish', 2, (c) => c.args.user_id === 'U0BOB');
    const view = after?.args.view as View;
    expect(view.blocks.filter((b) => b.accessory?.action_id === 'answer_all')).toEqual([]);
    expect(text(view)).toContain('Motive: Profit');
  });

  it('filters recent decisions by status', async () => {
    await seed(2, { status: 'confirmed', title: 'Kept' });
    await seed(2, { status: 'rejected', title: 'Dropped' });
    await viewAction('U0ALICE', {
      type: 'static_select',
      action_id: 'home_filter',
      selected_option: { value: 'rejected' },
    });
    const [publish] = await app.fake.waitForCalls('views.publish');
    const all = text(publish?.args.view as View);
    expect(all).toContain('Recent decisions: Rejected');
    expect(all).toContain('Dropped');
    expect(all).not.toContain('Kept');
  });

  it('ignores a filter value it does not know', async () => {
    await viewAction('U0ALICE', {
      type: 'static_select',
      action_id: 'home_filter',
      selected_option: { value: 'secret' },
    });
    await app.running.idle();
    expect(app.fake.callsTo('views.publish')).toHaveLength(0);
  });

  it('opens the proposal form from the Home button', async () => {
    await viewAction('U0ALICE', { type: 'button', action_id: 'home_propose', value: 'propose' });
    const [open] = await app.fake.waitForCalls('views.open');
    expect((open?.args.view as { callback_id: string }).callback_id).toBe('propose_decision');
  });
});

describe('decision details', () => {
  it('shows every answer (with replaced ones), the discussion and the status history', async () => {
    await app.slack.interactive(proposalSubmission({ title: 'Hire a chef' }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    const row = (await app.db.row('select id, card_ts, thread_ts from decisions')) as {
      id: number;
      card_ts: string;
      thread_ts: string;
    };
    const answer = (choice: string, why: string) =>
      app.slack.interactive(answerSubmission(row.id, 'U0BOB', { q1: [choice, why] }));
    await answer('no', 'First thought');
    await answer('yes', 'Second thought');
    await app.slack.event({
      type: 'message',
      channel: 'C0GENERAL',
      channel_type: 'channel',
      user: 'U0CAROL',
      text: 'Chefs are pricey',
      ts: newTs(),
      thread_ts: row.thread_ts,
    });
    await expect.poll(() => app.db.row('select count(*) as n from discussion')).toEqual({ n: 1 });

    await app.slack.interactive({
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: 'U0DAN' },
      trigger_id: 'trig-details',
      channel: { id: 'C0GENERAL' },
      container: { type: 'message', message_ts: row.card_ts, channel_id: 'C0GENERAL' },
      actions: [{ type: 'button', action_id: 'decision_details', value: String(row.id), action_ts: newTs() }],
    });
    const [open] = await app.fake.waitForCalls('views.open', 1, (c) => c.args.trigger_id === 'trig-details');
    const view = open?.args.view as View & { title: { text: string } };
    expect(view.title.text).toBe('Decision details');
    const all = text(view);
    expect(all).toContain('Hire a chef');
    expect(all).toContain('*No* First thought _(replaced later)_');
    expect(all).toContain('*Yes* Second thought');
    expect(all).not.toContain('Second thought _(replaced later)_');
    expect(all).toContain('<@U0CAROL>');
    expect(all).toContain('Chefs are pricey');
    expect(all).toContain('<@U0ALICE>: proposed → open');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('opens from /decision show <id>, and says so when the number is unknown', async () => {
    await app.slack.interactive(proposalSubmission({ title: 'Hire a chef' }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    const { id } = (await app.db.row('select id from decisions')) as { id: number };
    await app.slack.command({ text: `show ${id}`, trigger_id: 'trig-show' });
    const [open] = await app.fake.waitForCalls('views.open', 1, (c) => c.args.trigger_id === 'trig-show');
    expect(text(open?.args.view as View)).toContain('Hire a chef');
    expect((await app.commandReply({ text: 'show 999' })).text).toContain('No decision has that number here');
  });
});

describe('/decision export', () => {
  it("uploads the channel's decisions as CSV to the person who asked, in a direct message", async () => {
    await app.slack.interactive(proposalSubmission({ title: '=Raise prices' }));
    await app.slack.interactive(proposalSubmission({ title: 'Close on Sundays, maybe' }));
    await app.slack.interactive(proposalSubmission({ title: 'Elsewhere', channel: 'C0OTHER' }));
    await app.fake.waitForCalls('chat.postMessage', 12);
    await app.slack.command({ text: 'export', user_id: 'U0CAROL' });
    const [complete] = await app.fake.waitForCalls('files.completeUploadExternal');
    expect(app.fake.callsTo('conversations.open')[0]?.args.users).toBe('U0CAROL');
    expect(complete?.args.channel_id).toBe('D0CAROL');
    expect(String(complete?.args.initial_comment)).toContain('Here are the 2 decisions');
    const [url] = app.fake.callsTo('files.getUploadURLExternal');
    expect(url?.args.filename).toBe('decisions-C0GENERAL.csv');
    const uploaded = app.fake.calls.find((c) => c.method.startsWith('upload/'));
    const body = JSON.stringify(uploaded?.args);
    expect(body).toContain("'=Raise prices");
    expect(body).toContain('Close on Sundays, maybe');
    expect(body).not.toContain('Elsewhere');
    const [reply] = await app.fake.waitForCalls('response/hook');
    expect(String(reply?.args.text)).toContain('I sent you the 2 decisions of this channel');
  });

  it('says so when the channel has no decisions', async () => {
    await app.slack.command({ text: 'export', channel_id: 'C0EMPTY' });
    const [reply] = await app.fake.waitForCalls('response/hook');
    expect(String(reply?.args.text)).toContain('no decisions in this channel');
    expect(app.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });
});
