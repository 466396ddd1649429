import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUESTIONS } from '../../src/decisions/questions.js';
import { BOT_ID, BOT_USER_ID, type RecordedCall } from '../rig/fakeSlack.js';
import { buttonClick, messageAction, messageEvent, newTs, proposalSubmission, reactionEvent } from '../rig/payloads.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

interface DecisionRow {
  id: number;
  team_id: string;
  channel_id: string;
  message_ts: string | null;
  thread_ts: string | null;
  card_ts: string | null;
  source: string;
  title: string;
  description: string | null;
  category: string | null;
  decide_by: string | null;
  proposer_id: string;
  status: string;
  posted_at: number | null;
  post_error: string | null;
}

const decisionRows = async () => (await app.db.rows('select * from decisions order by id')) as unknown as DecisionRow[];
const promptRows = async (decisionId: number) =>
  (await app.db.rows('select * from prompts where decision_id = ? order by question', decisionId)) as {
    question: number;
    ts: string;
  }[];
const auditRows = (decisionId: number) =>
  app.db.rows(
    'select from_status, to_status, user_id from status_changes where decision_id = ? order by id',
    decisionId,
  );
const posts = () => app.fake.callsTo('chat.postMessage');

/** Waits for the card and three prompts of a decision, and checks they went where they belong. */
async function expectCardAndPrompts(channel: string, thread: string | undefined): Promise<RecordedCall[]> {
  const all = await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.args.channel === channel && c.ok);
  const [card, ...prompts] = all;
  expect(card?.args.thread_ts).toBe(thread);
  const cardThread =
    thread ??
    (
      (await app.db.row('select card_ts from decisions where card_ts is not null')) as {
        card_ts: string;
      }
    ).card_ts;
  expect(prompts.map((p) => p.args.thread_ts)).toEqual([cardThread, cardThread, cardThread]);
  expect(prompts.map((p) => String(p.args.text))).toEqual(QUESTIONS.map((q) => `Question ${q.number} of 3: ${q.text}`));
  return all;
}

/** Lets the app finish work it does after the ack, so "nothing happened" assertions mean something. */
/** Everything the app does for the requests so far (Slack calls after the ack included) is done. */
const settle = () => app.running.idle();

describe('/decision', () => {
  it('opens the "Propose a decision" modal in the channel it ran in', async () => {
    const res = await app.slack.command({ text: '', channel_id: 'C0PLANNING', trigger_id: 'trig-1' });
    expect(res.status).toBe(200);
    const [open] = await app.fake.waitForCalls('views.open');
    expect(open?.args.trigger_id).toBe('trig-1');
    const view = open?.args.view as {
      callback_id: string;
      title: { text: string };
      blocks: { block_id?: string; element?: Record<string, unknown> }[];
    };
    expect(view.callback_id).toBe('propose_decision');
    expect(view.title.text).toBe('Propose a decision');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const byId = Object.fromEntries(view.blocks.filter((b) => b.block_id).map((b) => [b.block_id, b.element]));
    expect(Object.keys(byId)).toEqual([
      'title',
      'description',
      'category',
      'channel',
      'decide_by',
      'revisits',
      'touchpoints',
      'go_live',
    ]);
    expect(byId.title?.initial_value).toBeUndefined();
    expect(byId.channel?.initial_conversation).toBe('C0PLANNING');
    expect((byId.category?.options as unknown[]).length).toBe(6);
  });

  it('fills in the title from /decision <text>', async () => {
    await app.slack.command({ text: 'Move the warehouse to Leeds' });
    const [open] = await app.fake.waitForCalls('views.open');
    const view = open?.args.view as { blocks: { block_id?: string; element?: Record<string, unknown> }[] };
    expect(view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value).toBe('Move the warehouse to Leeds');
  });

  it('keeps an over-long title whole in the description instead of cutting what was typed', async () => {
    const long = `Reorganise ${'the whole customer support team '.repeat(8)}`.trim();
    await app.slack.command({ text: long });
    const [open] = await app.fake.waitForCalls('views.open');
    const view = open?.args.view as { blocks: { block_id?: string; element?: Record<string, unknown> }[] };
    const title = String(view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value);
    expect(title.length).toBeLessThanOrEqual(150);
    expect(long.startsWith(title.replace(/…$/, ''))).toBe(true);
    expect(view.blocks.find((b) => b.block_id === 'description')?.element?.initial_value).toBe(long);
  });

  it("acks within Slack's deadline even when views.open hangs, and says so when the form cannot open", async () => {
    app.fake.fail('views.open', { kind: 'hang' });
    const res = await app.slack.command({ text: '' });
    expect(res.status).toBe(200);
    const [reply] = await app.fake.waitForCalls('response/hook', 1, () => true, 5000);
    expect(String(reply?.args.text)).toContain('please run `/decision` again');
  });

  it('shows help for help, and for a single unknown word, in the acknowledgement', async () => {
    for (const text of ['help', 'halp']) {
      const reply = await app.commandReply({ text });
      expect(reply.text).toContain(QUESTIONS[0].text);
      expect(reply.text).toContain('/decision list');
    }
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('lists the open decisions of this channel with links to their threads', async () => {
    expect((await app.commandReply({ text: 'list' })).text).toContain('No open decisions in this channel');

    await app.slack.interactive(proposalSubmission({ title: 'Raise prices 5%' }));
    await app.slack.interactive(proposalSubmission({ title: 'Elsewhere', channel: 'C0OTHER' }));
    await app.fake.waitForCalls('chat.postMessage', 8);
    const { text } = await app.commandReply({ text: 'list' });
    const card = (await decisionRows())[0];
    expect(text).toContain('Open decisions in this channel (1)');
    expect(text).toContain(
      `<https://example.slack.com/archives/C0GENERAL/p${card?.card_ts?.replace('.', '')}|Raise prices 5%>`,
    );
    expect(text).not.toContain('Elsewhere');
  });
});

describe('the proposal modal', () => {
  it("stores the decision, posts its card in the channel and the three questions in the card's thread", async () => {
    const res = await app.slack.interactive(
      proposalSubmission({
        title: 'Close the shop on Sundays',
        description: 'Staff asked for a weekend.',
        category: 'physical_space',
        channel: 'C0PLANNING',
        decideBy: '2099-01-31',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const [card] = await expectCardAndPrompts('C0PLANNING', undefined);
    const [row] = await decisionRows();
    expect(row).toMatchObject({
      team_id: 'T0001',
      channel_id: 'C0PLANNING',
      source: 'command',
      title: 'Close the shop on Sundays',
      description: 'Staff asked for a weekend.',
      category: 'physical_space',
      decide_by: '2099-01-31',
      proposer_id: 'U0ALICE',
      status: 'open',
      post_error: null,
    });
    expect(row?.card_ts).toBeTruthy();
    expect(row?.message_ts).toBe(row?.card_ts);
    await expect.poll(async () => (await decisionRows())[0]?.posted_at).toBeTruthy();
    expect((await promptRows(row!.id)).map((p) => p.question)).toEqual([1, 2, 3]);
    expect(await auditRows(row!.id)).toEqual([{ from_status: null, to_status: 'open', user_id: 'U0ALICE' }]);
    const blocks = JSON.stringify(card?.args.blocks);
    for (const part of [
      'Close the shop on Sundays',
      'Proposed by <@U0ALICE>',
      'Physical space',
      'Decide by 2099-01-31',
      'Staff asked for a weekend.',
      'Open',
    ]) {
      expect(blocks).toContain(part);
    }
  });

  it.each([
    ['a blank title', { title: '   ' }, 'title', 'Give the decision a title.'],
    ['an over-long title', { title: 'x'.repeat(151) }, 'title', 'Keep the title to 150 characters or fewer.'],
    [
      'an over-long description',
      { description: 'y'.repeat(3001) },
      'description',
      'Keep this to 3000 characters or fewer.',
    ],
    ['an unknown category', { category: 'astrology' }, 'category', 'Pick one of the listed categories.'],
    ['no channel', { channel: null }, 'channel', 'Pick a channel to discuss the decision in.'],
    ['a decide-by date in the past', { decideBy: '2001-01-01' }, 'decide_by', 'Pick today or a later date.'],
  ])('answers %s with an error on that field and stores nothing', async (_name, values, block, message) => {
    const res = await app.slack.interactive(proposalSubmission(values));
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_action: 'errors', errors: { [block]: message } });
    await settle();
    expect(await decisionRows()).toEqual([]);
    expect(posts()).toHaveLength(0);
  });

  it('stores text exactly as typed and shows it escaped, so it cannot mention @channel or break the blocks', async () => {
    const title = 'Fermer le dimanche? 日本語 🎉 "quotes" <!channel> <@U0BOSS>';
    const description =
      "'; DROP TABLE decisions; -- *bold* _it_ ~s~ `code` <https://evil.example|click> & more\nline 2";
    await app.slack.interactive(proposalSubmission({ title, description }));
    const [card] = await app.fake.waitForCalls('chat.postMessage', 4);
    const [row] = await decisionRows();
    expect(row?.title).toBe(title);
    expect(row?.description).toBe(description);
    // Slack reads mentions and links in mrkdwn and in the fallback text; plain_text is shown as is.
    const mrkdwn = JSON.stringify(card?.args.blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g) ?? [];
    const shown = [...mrkdwn, String(card?.args.text)].join('\n');
    expect(mrkdwn.length).toBeGreaterThan(0);
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<@U0BOSS>');
    expect(shown).not.toContain('<https://evil.example');
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('&amp; more');
  });
});

describe('channel interception', () => {
  it.each([
    'Proposal: open a second shop in Leeds',
    'proposed change: new opening hours',
    'DECISION: drop the loyalty card',
    'We propose a price rise of 3%',
    'we plan to hire two more baristas',
    'Should we stop selling plastic bottles?',
    'Thinking about this :chair: new returns policy',
  ])('asks the three questions in the thread of "%s"', async (text) => {
    const event = messageEvent({ text });
    const res = await app.slack.event(event);
    expect(res.status).toBe(200);
    const [card] = await expectCardAndPrompts('C0GENERAL', String(event.ts));
    const [row] = await decisionRows();
    expect(row).toMatchObject({
      source: 'message',
      message_ts: event.ts,
      thread_ts: event.ts,
      proposer_id: 'U0ALICE',
      description: text,
    });
    expect(JSON.stringify(card?.args.blocks)).toContain('Not a decision');
  });

  it('takes the title from the first line, without the "Proposal:" label', async () => {
    await app.slack.event(
      messageEvent({ text: 'Proposal:   Switch coffee supplier\nThey are fair trade and cheaper.' }),
    );
    await app.fake.waitForCalls('chat.postMessage', 4);
    expect((await decisionRows())[0]?.title).toBe('Switch coffee supplier');
  });

  it.each([
    ['an ordinary message', messageEvent({ text: 'Lunch at noon?' })],
    [
      'an edit that does not propose anything',
      messageEvent({
        subtype: 'message_changed',
        text: undefined,
        message: { text: 'Lunch at one, then?', user: 'U0ALICE', ts: '1.1' },
      }),
    ],
    ['a deletion', messageEvent({ subtype: 'message_deleted', text: undefined, deleted_ts: '1.1' })],
    ['a join', messageEvent({ subtype: 'channel_join', text: '<@U0ALICE> has joined the channel' })],
    [
      'a classic bot message',
      messageEvent({ subtype: 'bot_message', user: undefined, bot_id: 'B0OTHER', text: 'Proposal: spam' }),
    ],
    ["another app's bot", messageEvent({ bot_id: 'B0OTHER', user: 'U0OTHERBOT', text: 'Proposal: spam' })],
    ["the app's own message", messageEvent({ bot_id: BOT_ID, user: BOT_USER_ID, text: 'Proposal: echo' })],
    ['a reply inside a thread', messageEvent({ text: 'Proposal: nested', thread_ts: '1690000000.999999' })],
    ['a direct message', messageEvent({ channel: 'D0ALICE', channel_type: 'im', text: 'Proposal: private' })],
  ])('ignores %s', async (_name, event) => {
    const res = await app.slack.event(event);
    expect(res.status).toBe(200);
    await settle();
    expect(await decisionRows()).toEqual([]);
    expect(posts()).toHaveLength(0);
  });

  it('stops and restarts with /decision unwatch and /decision watch in that channel only', async () => {
    app.fake.setUser('U0ALICE', { is_admin: true });
    const off = await app.commandReply({ text: 'unwatch', channel_id: 'C0GENERAL' });
    expect(off.text).toContain('no longer catch proposals');
    await app.slack.event(messageEvent({ text: 'Proposal: ignored here' }));
    await app.slack.event(messageEvent({ channel: 'C0OTHER', text: 'Proposal: caught there' }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    await settle();
    expect((await decisionRows()).map((r) => r.title)).toEqual(['caught there']);

    await app.commandReply({ text: 'watch', channel_id: 'C0GENERAL' });
    await app.slack.event(messageEvent({ text: 'Proposal: caught again' }));
    await app.fake.waitForCalls('chat.postMessage', 8);
    expect((await decisionRows()).map((r) => r.title)).toEqual(['caught there', 'caught again']);
  });

  it("uses the workspace's own triggers once set, and restores the defaults", async () => {
    app.fake.setUser('U0ALICE', { is_admin: true });
    expect((await app.commandReply({ text: 'triggers RFC:, Idea:' })).text).toContain('`RFC:`, `Idea:`');
    await app.slack.event(messageEvent({ text: 'Proposal: old trigger' }));
    await app.slack.event(messageEvent({ text: 'rfc: new trigger' }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    await settle();
    expect((await decisionRows()).map((r) => r.title)).toEqual(['new trigger']);

    await app.commandReply({ text: 'triggers default' });
    await app.slack.event(messageEvent({ text: 'Proposal: default again' }));
    await app.fake.waitForCalls('chat.postMessage', 8);
    expect((await decisionRows()).map((r) => r.title)).toEqual(['new trigger', 'default again']);
  });

  it('handles a retried delivery once, whether Slack resends the same event id or a new one', async () => {
    const event = messageEvent({ text: 'Proposal: one decision only' });
    await app.slack.event(event, { eventId: 'EvSAME' });
    await app.slack.event(event, { eventId: 'EvSAME', retryNum: 1 });
    await app.slack.event(event, { eventId: 'EvOTHER' });
    await app.fake.waitForCalls('chat.postMessage', 4);
    await settle();
    expect(await decisionRows()).toHaveLength(1);
    expect(posts()).toHaveLength(4);
  });

  it('joins a public channel it is not in and posts once more', async () => {
    app.fake.setChannel('C0PUBLIC', { isMember: false });
    await app.slack.interactive(proposalSubmission({ channel: 'C0PUBLIC' }));
    await expectCardAndPrompts('C0PUBLIC', undefined);
    const [join] = app.fake.callsTo('conversations.join');
    expect(join?.args.channel).toBe('C0PUBLIC');
    expect((await decisionRows())[0]?.post_error).toBeNull();
  });
});

describe('when posting fails', () => {
  it('keeps a decision for a private channel the bot is not in, tells the proposer, and posts once invited', async () => {
    app.fake.setChannel('G0SECRET', { isMember: false, isPrivate: true });
    await app.slack.interactive(proposalSubmission({ channel: 'G0SECRET', title: 'Restructure sales' }));
    const [dm] = await app.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'U0ALICE');
    expect(String(dm?.args.text)).toContain('"Restructure sales" is saved');
    expect(String(dm?.args.text)).toContain('/invite @Empty Chair');
    expect((await decisionRows())[0]).toMatchObject({
      title: 'Restructure sales',
      post_error: 'channel_not_found',
      posted_at: null,
    });

    app.fake.setChannel('G0SECRET', { isMember: true });
    await app.slack.event({
      type: 'member_joined_channel',
      user: BOT_USER_ID,
      channel: 'G0SECRET',
      channel_type: 'G',
      team: 'T0001',
    });
    await expectCardAndPrompts('G0SECRET', undefined);
    await expect.poll(async () => (await decisionRows())[0]?.posted_at).toBeTruthy();
    expect((await decisionRows())[0]?.post_error).toBeNull();
  });

  it('tells the proposer when the channel is archived', async () => {
    app.fake.setChannel('C0OLD', { isArchived: true });
    await app.slack.interactive(proposalSubmission({ channel: 'C0OLD' }));
    const [dm] = await app.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'U0ALICE');
    expect(String(dm?.args.text)).toContain('is archived');
    expect((await decisionRows())[0]?.post_error).toBe('is_archived');
  });

  it.each([
    ['a rate limit', { kind: 'ratelimited', retryAfter: 1 } as const],
    ['a server error', { kind: 'http', status: 500 } as const],
    ['a timeout', { kind: 'hang' } as const],
  ])(
    'keeps the decision through %s, tells the author, and later posts each part exactly once',
    async (_name, failure) => {
      await app.stop();
      app = await startTestApp({ retryIntervalMs: 300 });
      // The card goes through; the first question fails once.
      app.fake.fail('chat.postMessage', failure, 1, 1);
      const event = messageEvent({ text: 'Proposal: extend opening hours' });
      await app.slack.event(event);
      const [dm] = await app.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'U0ALICE', 8000);
      expect(String(dm?.args.text)).toContain("I'll try again in a minute");
      await expect.poll(async () => (await decisionRows())[0]?.posted_at, { timeout: 8000 }).toBeTruthy();
      const delivered = posts().filter((c) => c.args.channel === 'C0GENERAL' && c.args.thread_ts === event.ts);
      // Five attempts reached Slack (card, failed question 1, then questions 1-3), four messages exist.
      expect(delivered).toHaveLength(5);
      expect(delivered.map((c) => String(c.args.text).slice(0, 12))).toEqual([
        'Decision: ex',
        'Question 1 o',
        'Question 1 o',
        'Question 2 o',
        'Question 3 o',
      ]);
      expect(await promptRows((await decisionRows())[0]!.id)).toHaveLength(3);
      expect(await decisionRows()).toHaveLength(1);
      expect((await decisionRows())[0]?.post_error).toBeNull();
    },
  );
});

describe('the :chair: reaction', () => {
  it('reads the message, makes it a decision of its author, and asks the questions in its thread', async () => {
    const ts = newTs();
    app.fake.addMessage('C0GENERAL', { ts, text: 'Maybe we move the café upstairs', user: 'U0ALICE' });
    await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts }));
    await expectCardAndPrompts('C0GENERAL', ts);
    expect(app.fake.callsTo('conversations.history')[0]?.args).toMatchObject({ channel: 'C0GENERAL', latest: ts });
    expect((await decisionRows())[0]).toMatchObject({
      source: 'reaction',
      proposer_id: 'U0ALICE',
      title: 'Maybe we move the café upstairs',
      message_ts: ts,
    });
    expect(await auditRows((await decisionRows())[0]!.id)).toEqual([
      { from_status: null, to_status: 'open', user_id: 'U0BOB' },
    ]);
  });

  it("makes another bot's message the proposal of the person who reacted", async () => {
    const ts = newTs();
    app.fake.addMessage('C0GENERAL', { ts, text: 'Weekly sales are down 10%', user: 'U0SALESBOT', bot_id: 'B0SALES' });
    await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts }));
    await expectCardAndPrompts('C0GENERAL', ts);
    expect((await decisionRows())[0]).toMatchObject({ source: 'reaction', proposer_id: 'U0BOB' });
  });

  it('asks in the parent thread when the message is a reply', async () => {
    const parent = newTs();
    const ts = newTs();
    app.fake.addMessage('C0GENERAL', { ts: parent, text: 'parent', user: 'U0ALICE' });
    app.fake.addMessage('C0GENERAL', { ts, thread_ts: parent, text: 'What if we closed Mondays?', user: 'U0CAROL' });
    await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts }));
    await expectCardAndPrompts('C0GENERAL', parent);
    expect((await decisionRows())[0]).toMatchObject({ message_ts: ts, thread_ts: parent, proposer_id: 'U0CAROL' });
  });

  it('points a second reaction to the existing thread instead of duplicating', async () => {
    const ts = newTs();
    app.fake.addMessage('C0GENERAL', { ts, text: 'Proposal: new logo', user: 'U0ALICE' });
    await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts }, { user: 'U0CAROL' }));
    const [ephemeral] = await app.fake.waitForCalls('chat.postEphemeral');
    expect(ephemeral?.args.user).toBe('U0CAROL');
    expect(String(ephemeral?.args.text)).toContain('already a decision');
    expect(String(ephemeral?.args.text)).toContain('https://example.slack.com/archives/C0GENERAL/p');
    expect(await decisionRows()).toHaveLength(1);
    expect(posts()).toHaveLength(4);
  });

  it('ignores other reactions', async () => {
    const ts = newTs();
    app.fake.addMessage('C0GENERAL', { ts, text: 'Proposal: x', user: 'U0ALICE' });
    await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts }, { reaction: 'thumbsup' }));
    await settle();
    expect(await decisionRows()).toEqual([]);
    expect(app.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });
});

describe('the message shortcut', () => {
  it('makes the picked message a decision, and a second use points to the existing thread', async () => {
    const ts = newTs();
    const payload = messageAction(
      { ts, text: 'Let us stop free delivery', user: 'U0ALICE' },
      { response_url: app.fake.responseUrl },
    );
    const res = await app.slack.interactive(payload);
    expect(res.status).toBe(200);
    await expectCardAndPrompts('C0GENERAL', ts);
    expect((await decisionRows())[0]).toMatchObject({
      source: 'shortcut',
      proposer_id: 'U0ALICE',
      title: 'Let us stop free delivery',
    });
    const [done] = await app.fake.waitForCalls('response/hook');
    expect(String(done?.args.text)).toContain('the three questions are in');

    await app.slack.interactive({ ...payload, trigger_id: 'again' });
    const [, again] = await app.fake.waitForCalls('response/hook', 2);
    expect(String(again?.args.text)).toContain('already a decision');
    expect(await decisionRows()).toHaveLength(1);
    expect(posts()).toHaveLength(4);
  });
});

describe('"Not a decision"', () => {
  async function interceptedDecision() {
    const event = messageEvent({ text: 'Should we repaint the door?' });
    await app.slack.event(event);
    await app.fake.waitForCalls('chat.postMessage', 4);
    const row = (await decisionRows())[0]!;
    return {
      row,
      click: (user: string) =>
        app.slack.interactive({
          ...buttonClick(
            { action_id: 'dismiss_decision', value: String(row.id) },
            { channel: 'C0GENERAL', messageTs: row.card_ts!, user },
          ),
          response_url: app.fake.responseUrl,
        }),
    };
  }

  it('lets the author dismiss it: kept, marked dismissed, and the card and prompts say so', async () => {
    const { row, click } = await interceptedDecision();
    const res = await click('U0ALICE');
    expect(res.status).toBe(200);
    const updates = await app.fake.waitForCalls('chat.update', 4);
    expect((await decisionRows())[0]?.status).toBe('dismissed');
    expect(await auditRows(row.id)).toEqual([
      { from_status: null, to_status: 'open', user_id: 'U0ALICE' },
      { from_status: 'open', to_status: 'dismissed', user_id: 'U0ALICE' },
    ]);
    const cardUpdate = updates.find((u) => u.args.ts === row.card_ts);
    expect(JSON.stringify(cardUpdate?.args.blocks)).toContain('Not a decision');
    expect(JSON.stringify(cardUpdate?.args.blocks)).not.toContain('dismiss_decision');
    const promptUpdates = updates.filter((u) => u.args.ts !== row.card_ts);
    expect(promptUpdates).toHaveLength(3);
    for (const u of promptUpdates) expect(JSON.stringify(u.args.blocks)).toContain('no answer needed');
  });

  it('refuses anyone but the author or an approver, and changes nothing', async () => {
    const { row, click } = await interceptedDecision();
    await click('U0MALLORY');
    const [refusal] = await app.fake.waitForCalls('chat.postEphemeral');
    expect(refusal?.args.user).toBe('U0MALLORY');
    expect(String(refusal?.args.text)).toContain('Only <@U0ALICE> or an approver');
    expect((await decisionRows())[0]?.status).toBe('open');
    expect(await auditRows(row.id)).toHaveLength(1);
    expect(app.fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('counts a double click once', async () => {
    const { row, click } = await interceptedDecision();
    await Promise.all([click('U0ALICE'), click('U0ALICE')]);
    await app.fake.waitForCalls('chat.update', 4);
    await settle();
    expect(await auditRows(row.id)).toHaveLength(2);
    expect(app.fake.callsTo('chat.update')).toHaveLength(4);
  });
});
