import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RecordedCall, TEAM_ID } from '../rig/fakeSlack.js';
import {
  answerSubmission,
  buttonClick,
  messageAction,
  newTs,
  proposalSubmission,
  reactionEvent,
  viewClick,
} from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { runCommand, startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

const settle = () => app.running.idle();

/** The quotes in a text, as the bot shows them: between curly quotes. */
const quotesIn = (text: string) => [...text.matchAll(/“([^”]*)”/g)].map((m) => m[1]);

interface FeedbackRow {
  id: number;
  team_id: string;
  channel_id: string | null;
  channel_is_private: number | null;
  message_ts: string | null;
  thread_ts: string | null;
  text: string;
  source: string;
  sentiment: string;
  category: string | null;
  tags: string;
  saved_by: string;
  created_at: number;
}
const feedbackRows = async () => (await app.db.rows('select * from feedback order by id')) as unknown as FeedbackRow[];

interface FeedbackForm {
  text?: string | null;
  source?: string | null;
  sentiment?: string | null;
  category?: string | null;
  tags?: string | null;
}

/** A view_submission of the "Customer feedback" form, state keyed by block id as Slack sends it. */
function feedbackSubmission(metadata: unknown, form: FeedbackForm, user = 'U0BOB') {
  const select = (value: string | null | undefined) => ({
    value: { type: 'static_select', selected_option: value ? { value } : null },
  });
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'example' },
    user: { id: user, username: user, team_id: TEAM_ID },
    api_app_id: 'A0FAKE',
    trigger_id: nextTriggerId(),
    view: {
      id: 'V0FEEDBACK',
      type: 'modal',
      callback_id: 'save_feedback',
      private_metadata: typeof metadata === 'string' ? metadata : JSON.stringify(metadata),
      state: {
        values: {
          feedback_text: { value: { type: 'plain_text_input', value: form.text ?? null } },
          feedback_source: select(form.source),
          feedback_sentiment: select(form.sentiment),
          feedback_category: select(form.category),
          feedback_tags: { value: { type: 'plain_text_input', value: form.tags ?? null } },
        },
      },
    },
  };
}

const shortcut = (message: { ts: string; text: string; thread_ts?: string }, user = 'U0BOB', channel = 'C0SUPPORT') =>
  messageAction(message, {
    callback_id: 'save_customer_feedback',
    user: { id: user, name: user },
    channel: { id: channel, name: 'support' },
  });

const ephemeralsTo = (user: string) =>
  app.fake
    .callsTo('chat.postEphemeral')
    .filter((c) => c.args.user === user)
    .map((c) => String(c.args.text));

describe('saving customer feedback', () => {
  it('by the message shortcut: a form with the message as typed, stored on submission and confirmed only to the saver', async () => {
    const ts = newTs();
    const text = 'Your &lt;b&gt;new&lt;/b&gt; hours &amp; prices are great, thanks <@U0ALICE|alice>! <!here>';
    await app.slack.interactive(shortcut({ ts, text }));
    const [open] = await app.fake.waitForCalls('views.open');
    const view = open?.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id?: string; element?: { initial_value?: string; options?: { value: string }[] } }[];
    };
    expect(view.callback_id).toBe('save_feedback');
    const quote = view.blocks.find((b) => b.block_id === 'feedback_text')?.element?.initial_value;
    expect(quote).toBe('Your <b>new</b> hours & prices are great, thanks @alice! @here');
    expect(view.blocks.find((b) => b.block_id === 'feedback_source')?.element?.options?.map((o) => o.value)).toEqual([
      'support',
      'review',
      'survey',
      'in_person',
      'social',
      'other',
    ]);
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: 'C0SUPPORT', messageTs: ts });
    expect(await feedbackRows()).toEqual([]);

    app.clock.set('2033-06-20T09:30:00.000Z');
    const res = await app.slack.interactive(
      feedbackSubmission(JSON.parse(view.private_metadata), {
        text: `${quote} (edited)`,
        source: 'support',
        sentiment: 'positive',
        category: 'pricing',
        tags: 'Opening hours, #prices, opening hours',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await settle();
    const [row] = await feedbackRows();
    expect(row).toMatchObject({
      team_id: TEAM_ID,
      channel_id: 'C0SUPPORT',
      channel_is_private: 0,
      message_ts: ts,
      thread_ts: null,
      text: 'Your <b>new</b> hours & prices are great, thanks @alice! @here (edited)',
      source: 'support',
      sentiment: 'positive',
      category: 'pricing',
      saved_by: 'U0BOB',
    });
    expect(JSON.parse(row?.tags ?? '')).toEqual(['opening hours', 'prices']);
    expect(row?.created_at).toBeGreaterThanOrEqual(Date.parse('2033-06-20T09:30:00.000Z'));
    expect(row?.created_at).toBeLessThan(Date.parse('2033-06-20T09:31:00.000Z'));
    expect(ephemeralsTo('U0BOB')).toEqual([expect.stringContaining('Saved as customer feedback')]);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('refuses an empty quote, an unknown source and tampered metadata, and stores nothing', async () => {
    const metadata = { channelId: 'C0SUPPORT', messageTs: newTs() };
    const errors = async (payload: Record<string, unknown>) =>
      ((await app.slack.interactive(payload)).json() as { errors: Record<string, string> }).errors;
    expect(
      await errors(feedbackSubmission(metadata, { text: ' \u200b ', source: 'support', sentiment: 'neutral' })),
    ).toEqual({ feedback_text: "Write the customer's words." });
    expect(
      await errors(feedbackSubmission(metadata, { text: 'Too slow', source: 'carrier-pigeon', sentiment: 'bad' })),
    ).toEqual({ feedback_source: 'Pick one of the options.', feedback_sentiment: 'Pick one of the options.' });
    expect(
      await errors(feedbackSubmission(metadata, { text: 'x'.repeat(3001), source: 'support', sentiment: 'neutral' })),
    ).toEqual({ feedback_text: 'Keep the quote to 3000 characters or fewer.' });
    for (const tampered of ['{not json', JSON.stringify({ channelId: 'C0SUPPORT', messageTs: 'DROP TABLE' })]) {
      expect(
        await errors(feedbackSubmission(tampered, { text: 'Fine', source: 'support', sentiment: 'neutral' })),
      ).toEqual({ feedback_text: expect.stringContaining('out of date') });
    }
    await settle();
    expect(await feedbackRows()).toEqual([]);
  });

  it('by reaction: two people reacting with :ear: save the message once; other reactions save nothing', async () => {
    const ts = newTs();
    app.fake.addMessage('C0SUPPORT', {
      ts,
      user: 'U0ALICE',
      text: 'Customer: the app logs me out &amp; loses my cart',
    });
    await app.slack.event(reactionEvent({ channel: 'C0SUPPORT', ts }, { reaction: 'ear', user: 'U0BOB' }));
    await settle();
    await app.slack.event(reactionEvent({ channel: 'C0SUPPORT', ts }, { reaction: 'ear', user: 'U0CAROL' }));
    await app.slack.event(reactionEvent({ channel: 'C0SUPPORT', ts }, { reaction: 'thumbsup', user: 'U0DANA' }));
    await settle();
    const rows = await feedbackRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      text: 'Customer: the app logs me out & loses my cart',
      saved_by: 'U0BOB',
      source: 'other',
      sentiment: 'neutral',
      channel_id: 'C0SUPPORT',
      message_ts: ts,
    });
    expect(ephemeralsTo('U0BOB')).toEqual([expect.stringContaining('Saved as customer feedback')]);
    expect(ephemeralsTo('U0CAROL')).toEqual([
      expect.stringContaining('already saved as customer feedback (by <@U0BOB>)'),
    ]);
    expect(ephemeralsTo('U0DANA')).toEqual([]);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('changes the reaction per workspace, for an approver or an admin only', async () => {
    const reply = async (text: string, user: string) => (await app.commandReply({ text, user_id: user })).text;
    expect(await reply('feedback-emoji :speech_balloon:', 'U0BOB')).toContain('Only a workspace admin');
    app.fake.setUser('U0ALICE', { is_admin: true });
    expect(await reply('feedback-emoji :speech_balloon:', 'U0ALICE')).toBe(
      'A :speech_balloon: reaction now saves a message as customer feedback.',
    );
    expect(await reply('feedback-emoji chair', 'U0ALICE')).toContain('Name one emoji');
    expect(await app.db.row('select feedback_emoji from team_settings')).toEqual({ feedback_emoji: 'speech_balloon' });

    const ts = newTs();
    app.fake.addMessage('C0SUPPORT', { ts, user: 'U0ALICE', text: 'Love the new menu' });
    await app.slack.event(reactionEvent({ channel: 'C0SUPPORT', ts }, { reaction: 'ear' }));
    await settle();
    expect(await feedbackRows()).toEqual([]);
    await app.slack.event(reactionEvent({ channel: 'C0SUPPORT', ts }, { reaction: 'speech_balloon' }));
    await settle();
    expect((await feedbackRows()).map((r) => r.text)).toEqual(['Love the new menu']);
  });

  it('by command: the words typed, with source, sentiment and topics; bad options save nothing', async () => {
    const reply = async (text: string) => (await app.commandReply({ text, user_id: 'U0CAROL' })).text;
    expect(
      await reply(
        'feedback source:in-person sentiment:negative topic:pricing topic:Parking The car park is always full &lt;3',
      ),
    ).toContain('Saved as customer feedback');
    expect(await reply('feedback source:pigeon It was fine')).toContain('Use one of these sources');
    expect(await reply('feedback sentiment:negative')).toContain("Write the customer's words");
    const rows = await feedbackRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      text: 'The car park is always full <3',
      source: 'in_person',
      sentiment: 'negative',
      category: 'pricing',
      channel_id: null,
      message_ts: null,
      saved_by: 'U0CAROL',
    });
    expect(JSON.parse(rows[0]?.tags ?? '')).toEqual(['parking']);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });
});

interface DecisionRow {
  id: number;
  card_ts: string;
}

/** Proposes through the modal and waits until the card and prompts are in Slack. */
async function propose(title: string, category: string): Promise<DecisionRow> {
  await app.slack.interactive(proposalSubmission({ title, category, channel: 'C0GENERAL' }));
  await expect.poll(() => app.db.row('select count(*) as n from prompts')).toEqual({ n: 3 });
  await settle();
  return (await app.db.row('select id, card_ts from decisions order by id desc limit 1')) as unknown as DecisionRow;
}

function clickAnswer(row: DecisionRow, value: string, user: string) {
  return app.slack.interactive(
    buttonClick(
      { action_id: value.includes(':') ? 'answer_question' : 'answer_all', value },
      {
        channel: 'C0GENERAL',
        messageTs: row.card_ts,
        user,
      },
    ),
  );
}

/** Saves feedback with the command, one clock tick apart so "newest" is well defined. */
async function sayCustomer(text: string): Promise<number> {
  app.clock.advance(60_000);
  await app.slack.command({ text: `feedback ${text}`, user_id: 'U0DANA' });
  await settle();
  return Number((await app.db.row('select max(id) as id from feedback'))?.id);
}

describe('feedback in a channel made private', () => {
  it('becomes private with its channel, so it is only counted and shown to members from then on', async () => {
    const ts = newTs();
    app.fake.addMessage('C0OPEN', { ts, user: 'U0ALICE', text: 'The new opening hours suit me' });
    await app.slack.event(reactionEvent({ channel: 'C0OPEN', ts }, { reaction: 'ear', user: 'U0ALICE' }));
    await settle();
    expect(await app.db.rows('select channel_is_private as p from feedback')).toEqual([{ p: 0 }]);
    app.fake.setChannel('C0OPEN', { isPrivate: true, members: ['U0ALICE'] });
    await app.slack.event({
      type: 'message',
      subtype: 'channel_convert_to_private',
      user: 'U0ALICE',
      text: 'made this channel *private*.',
      channel: 'C0OPEN',
      ts: newTs(),
      channel_type: 'group',
    });
    await settle();
    expect(await app.db.rows('select channel_is_private as p from feedback')).toEqual([{ p: 1 }]);
    expect((await app.commandReply({ text: 'feedback', user_id: 'U0BOB' })).text).not.toContain('opening hours');
  });
});

describe('customer feedback beside the questions', () => {
  /** Three related items, a private one and an unrelated one, and a pricing decision about Sundays. */
  async function scene() {
    const older = await sayCustomer('topic:pricing sentiment:negative The loyalty card discount is too small');
    const newer = await sayCustomer('topic:pricing Prices went up again, I may go elsewhere');
    const sunday = await sayCustomer('source:survey I am only ever free on a Sunday');
    await sayCustomer('source:review Great coffee, friendly staff');
    app.fake.setChannel('C0PRIVATE', { isPrivate: true, members: ['U0ALICE'] });
    const ts = newTs();
    app.fake.addMessage('C0PRIVATE', {
      ts,
      user: 'U0ALICE',
      text: 'Customer asked: open the shop on Sundays, please open Sundays!',
    });
    await app.slack.event(reactionEvent({ channel: 'C0PRIVATE', ts }, { reaction: 'ear', user: 'U0ALICE' }));
    await settle();
    const hidden = Number((await app.db.row('select id from feedback where channel_id = ?', 'C0PRIVATE'))?.id);
    expect(await app.db.row('select channel_is_private from feedback where id = ?', hidden)).toEqual({
      channel_is_private: 1,
    });
    const decision = await propose('Open the shop on Sundays', 'pricing');
    return { older, newer, sunday, hidden, decision };
  }

  const viewOf = (call: RecordedCall | undefined) =>
    call?.args.view as {
      blocks: { block_id?: string; text?: { text: string }; element?: { options?: { value: string }[] } }[];
    };

  it('shows up to three related items in the answer form, same category first, then shared words, within privacy', async () => {
    const { older, newer, sunday, hidden, decision } = await scene();
    const open = async (value: string, user: string) => {
      await clickAnswer(decision, value, user);
      await settle();
      return viewOf(app.fake.callsTo('views.open').at(-1));
    };
    const bob = await open(`${decision.id}:2`, 'U0BOB');
    const alice = await open(`${decision.id}:2`, 'U0ALICE');
    const third = await open(`${decision.id}:3`, 'U0BOB');
    const section = (view: ReturnType<typeof viewOf>) =>
      view.blocks.find((b) => b.text?.text.startsWith('*What customers told us*'))?.text?.text ?? '';
    expect(quotesIn(section(bob))).toEqual([
      'Prices went up again, I may go elsewhere',
      'The loyalty card discount is too small',
      'I am only ever free on a Sunday',
    ]);
    expect(bob.blocks.find((b) => b.block_id === 'q2_cites')?.element?.options?.map((o) => Number(o.value))).toEqual([
      newer,
      older,
      sunday,
    ]);
    // Alice is in the private channel: its feedback, sharing more words, outranks the survey for her.
    expect(quotesIn(section(alice))).toEqual([
      'Prices went up again, I may go elsewhere',
      'The loyalty card discount is too small',
      'Customer asked: open the shop on Sundays, please open Sundays!',
    ]);
    expect(
      alice.blocks.find((b) => b.block_id === 'q2_cites')?.element?.options?.map((o) => Number(o.value)),
    ).toContain(hidden);
    expect(section(third)).toBe('');
    expect(third.blocks.some((b) => b.block_id === 'q2_cites')).toBe(false);
  });

  it("shows them in the prompts' context line of questions 1 and 2, never a private channel's", async () => {
    await scene();
    const prompts = app.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Question'));
    const contexts = prompts.map((p) => JSON.stringify(p.args.blocks));
    for (const context of contexts.slice(0, 2)) {
      expect(context).toContain('What customers told us:');
      expect(context).toContain('Prices went up again');
      expect(context).toContain('free on a Sunday');
      expect(context).not.toContain('please open Sundays');
      expect(context).not.toContain('Great coffee');
    }
    expect(contexts[2]).not.toContain('What customers told us');
  });

  it('lets an answer to question 2 cite items, and the card says how many quotes ground the customer view', async () => {
    const { older, sunday, hidden, decision } = await scene();
    const answer = (user: string, cites: number[] | string[]) => {
      const payload = answerSubmission(decision.id, user, { q2: ['positive', 'They would welcome it'] });
      (payload.view.state.values as Record<string, unknown>).q2_cites = {
        value: { type: 'checkboxes', selected_options: cites.map((id) => ({ value: String(id) })) },
      };
      return app.slack.interactive(payload);
    };
    const cardUpdate = () =>
      JSON.stringify(
        app.fake
          .callsTo('chat.update')
          .filter((c) => c.args.ts === decision.card_ts)
          .at(-1)?.args.blocks,
      );

    expect((await answer('U0CAROL', [])).body).toBe('');
    await settle();
    expect(cardUpdate()).toContain('Customer view: no customer quote cited');

    // A private channel's item Bob cannot see, and an id that is no item: refused, nothing stored.
    for (const tampered of [[hidden], ['12abc'], [99999]]) {
      const res = await answer('U0BOB', tampered);
      expect(res.json()).toEqual({
        response_action: 'errors',
        errors: { q2_cites: 'Pick customer quotes from the list shown.' },
      });
    }
    await settle();
    expect(await app.db.rows('select * from answers where user_id = ?', 'U0BOB')).toEqual([]);

    expect((await answer('U0BOB', [older, sunday])).body).toBe('');
    await settle();
    expect(cardUpdate()).toContain('Customer view grounded in 2 customer quotes');
    expect(await app.db.rows('select feedback_id from feedback_citations order by feedback_id')).toEqual([
      { feedback_id: older },
      { feedback_id: sunday },
    ]);

    // Answering again, Bob finds the quotes he cited ticked.
    await clickAnswer(decision, `${decision.id}:2`, 'U0BOB');
    await settle();
    const form = app.fake.callsTo('views.open').at(-1)?.args.view as {
      blocks: { block_id?: string; element?: { initial_options?: { value: string }[] } }[];
    };
    const ticked = form.blocks.find((b) => b.block_id === 'q2_cites')?.element?.initial_options;
    expect(ticked?.map((o) => Number(o.value)).sort((a, b) => a - b)).toEqual([older, sunday].sort((a, b) => a - b));
  });
});

describe('customer feedback in the weekly digest', () => {
  it("counts the week's feedback by sentiment and topic and quotes the most cited, never a private channel's", async () => {
    const cited = await sayCustomer('sentiment:positive topic:pricing The new bundle price is fair');
    await sayCustomer('sentiment:negative topic:policy topic:returns Returns take far too long');
    await sayCustomer('sentiment:positive Lovely staff');
    app.fake.setChannel('C0PRIVATE', { isPrivate: true, members: ['U0ALICE'] });
    for (const [channel, text] of [
      ['C0PRIVATE', 'Secret: a big client is unhappy about returns'],
      ['C0SUPPORT', 'Customer wrote in: the website is slow'],
    ] as const) {
      const ts = newTs();
      app.fake.addMessage(channel, { ts, user: 'U0ALICE', text });
      app.clock.advance(60_000);
      await app.slack.event(reactionEvent({ channel, ts }, { reaction: 'ear', user: 'U0ALICE' }));
      await settle();
    }
    const decision = await propose('Bundle prices for families', 'pricing');
    const payload = answerSubmission(decision.id, 'U0BOB', { q2: ['positive', 'Fair, they say'] });
    (payload.view.state.values as Record<string, unknown>).q2_cites = {
      value: { type: 'checkboxes', selected_options: [{ value: String(cited) }] },
    };
    expect((await app.slack.interactive(payload)).body).toBe('');
    await settle();

    await app.slack.command({ text: 'digest', channel_id: 'C0DIGEST' });
    await settle();
    const preview = app.fake.callsTo('response/hook').at(-1);
    const blocks = JSON.stringify(preview?.args.blocks);
    expect(blocks).toContain('*What customers told us this week*');
    expect(blocks).toContain('5 pieces of customer feedback: 2 positive · 2 neutral · 1 negative');
    expect(blocks).toContain('Topics: #returns 1 · Policy 1 · Pricing 1');
    const quotes = quotesIn(blocks);
    expect(quotes).toEqual(['The new bundle price is fair', 'Customer wrote in: the website is slow', 'Lovely staff']);
    expect(blocks).not.toContain('Secret');
    expect(blocks).toContain('+ 1 piece of feedback from private channels, counted but not quoted here.');
  });
});

describe('reviewing and removing customer feedback', () => {
  type View = {
    private_metadata?: string;
    blocks: { text?: { text: string }; accessory?: { action_id: string; value: string } }[];
  };
  const lastHome = () => app.fake.callsTo('views.publish').at(-1)?.args.view as View;
  const deleteButtons = (view: View) =>
    view.blocks.flatMap((b) => (b.accessory?.action_id === 'remove_feedback' ? [Number(b.accessory.value)] : []));

  /** Saves a message of C0SUPPORT by the shortcut's form, as `user`. */
  async function saveMessage(text: string, user: string, category = 'pricing') {
    const ts = newTs();
    app.fake.addMessage('C0SUPPORT', { ts, user: 'U0ALICE', text });
    app.clock.advance(60_000);
    await app.slack.interactive(
      feedbackSubmission(
        { channelId: 'C0SUPPORT', messageTs: ts },
        { text, source: 'support', sentiment: 'negative', category },
        user,
      ),
    );
    await settle();
    return { ts, id: Number((await app.db.row('select id from feedback where message_ts = ?', ts))?.id) };
  }

  it('/decision feedback alone lists the latest items the person may see', async () => {
    await sayCustomer('Parking is a nightmare <!channel>');
    app.fake.setChannel('C0PRIVATE', { isPrivate: true, members: ['U0ALICE'] });
    const ts = newTs();
    app.fake.addMessage('C0PRIVATE', { ts, user: 'U0ALICE', text: 'Private: the CEO of Acme complained' });
    await app.slack.event(reactionEvent({ channel: 'C0PRIVATE', ts }, { reaction: 'ear', user: 'U0ALICE' }));
    await settle();
    const bob = (await app.commandReply({ text: 'feedback', user_id: 'U0BOB' })).text;
    const alice = (await app.commandReply({ text: 'feedback', user_id: 'U0ALICE' })).text;
    expect(bob).toContain('*Latest customer feedback*');
    expect(bob).toContain('“Parking is a nightmare @channel”');
    expect(bob).not.toContain('<!channel>');
    expect(bob).not.toContain('Acme');
    expect(alice).toContain('Acme');
  });

  it('the Home lists the customer voice by topic, with Delete for the saver only, and deleting removes the words', async () => {
    const mine = await saveMessage('Refund my order or I call +1 555 0100 carttoken', 'U0ALICE');
    const theirs = await saveMessage('The delivery fee is too high', 'U0BOB', 'policy');
    await app.slack.event({ type: 'app_home_opened', user: 'U0ALICE', tab: 'home', channel: 'D1', event_ts: newTs() });
    await settle();
    let home = lastHome();
    const texts = JSON.stringify(home.blocks);
    expect(texts).toContain('Customer voice');
    expect(texts).toContain('Refund my order');
    expect(texts).toContain('The delivery fee is too high');
    expect(deleteButtons(home)).toEqual([mine.id]);

    await app.slack.interactive(
      viewClick('U0ALICE', {
        type: 'static_select',
        action_id: 'home_feedback_topic',
        selected_option: { value: 'policy' },
      }),
    );
    await settle();
    home = lastHome();
    expect(JSON.stringify(home.blocks)).not.toContain('Refund my order');
    expect(JSON.stringify(home.blocks)).toContain('The delivery fee is too high');
    expect(JSON.parse(home.private_metadata ?? '{}')).toEqual({ filter: 'all', topic: 'policy' });

    // Someone who did not save it, and is no approver, cannot delete it however they click.
    await app.slack.interactive(
      viewClick('U0CAROL', { type: 'button', action_id: 'remove_feedback', value: String(mine.id) }),
    );
    await settle();
    expect(await app.db.rows('select id from feedback order by id')).toHaveLength(2);
    expect(app.fake.callsTo('chat.postMessage').map((c) => String(c.args.text))).toContain(
      'Only the person who saved this feedback, an approver or a workspace admin can delete it.',
    );

    await app.slack.interactive(
      viewClick('U0ALICE', { type: 'button', action_id: 'remove_feedback', value: String(mine.id) }),
    );
    await settle();
    expect((await app.db.rows('select id from feedback')).map((r) => r.id)).toEqual([theirs.id]);
    expect(JSON.stringify(lastHome().blocks)).not.toContain('Refund my order');
    if (app.db.engine === 'sqlite') {
      // Not in the file, nor in its write-ahead log.
      for (const file of [app.dbPath, `${app.dbPath}-wal`]) {
        const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
        expect(bytes.includes('Refund my order'), file).toBe(false);
        expect(bytes.includes('carttoken'), file).toBe(false);
      }
      // Nothing of its words is left in the full-text index either.
      expect(await app.db.rows("select rowid from feedback_fts where feedback_fts match 'carttoken'")).toEqual([]);
      await app.db.rows("create virtual table temp.terms using fts5vocab(main, 'feedback_fts', 'row')");
      const terms = (await app.db.rows('select term from temp.terms')).map((r) => r.term);
      expect(terms).toContain('deliveri');
      expect(terms).not.toContain('carttoken');
      expect(terms).not.toContain('555');
    } else {
      expect(
        await app.db.rows(
          "select id from feedback where to_tsvector('english', text) @@ to_tsquery('english', 'carttoken')",
        ),
      ).toEqual([]);
    }
  });

  it('the shortcut on a saved message offers removal to the saver or an approver, and tells anyone else who saved it', async () => {
    const saved = await saveMessage('Call me at 555 0199 about the broken till', 'U0ALICE');
    const openFor = async (user: string) => {
      await app.slack.interactive(shortcut({ ts: saved.ts, text: 'Call me at 555 0199 about the broken till' }, user));
      await settle();
    };
    await openFor('U0BOB');
    expect(app.fake.callsTo('views.open')).toEqual([]);
    expect(ephemeralsTo('U0BOB')).toEqual(['This message is already saved as customer feedback (by <@U0ALICE>).']);

    app.fake.setUser('U0ALICE', { is_admin: true });
    expect((await app.commandReply({ text: 'approvers <@U0DANA>', user_id: 'U0ALICE' })).text).toContain(
      'Approvers are now',
    );
    app.fake.setUser('U0ALICE', {});
    await openFor('U0DANA');
    const view = app.fake.callsTo('views.open').at(-1)?.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('remove_feedback');

    const removal = (user: string, metadata: string) => ({
      type: 'view_submission',
      team: { id: TEAM_ID },
      user: { id: user },
      view: {
        id: 'V0REMOVE',
        type: 'modal',
        callback_id: 'remove_feedback',
        private_metadata: metadata,
        state: { values: {} },
      },
    });
    const noticeOf = async (user: string, metadata: string) =>
      JSON.stringify(((await app.slack.interactive(removal(user, metadata))).json() as { view: unknown }).view);
    expect(await noticeOf('U0BOB', view.private_metadata)).toContain('Only the person who saved this feedback');
    expect(await noticeOf('U0DANA', '{"feedbackId":"1; drop table feedback"}')).toContain('no longer exists');
    expect(await app.db.rows('select id from feedback')).toHaveLength(1);

    expect(await noticeOf('U0DANA', view.private_metadata)).toContain('its words are gone');
    expect(await app.db.rows('select id from feedback')).toEqual([]);
    expect(await noticeOf('U0DANA', view.private_metadata)).toContain('no longer exists');
  });
});

describe('exporting customer feedback', () => {
  it('npm run export -- --feedback round-trips through a CSV parser, formula-safe, and as JSON', async () => {
    const hostile = [
      '=HYPERLINK("http://evil.example","click") said, "no"',
      'Line one\nline two, with a comma; and a <3',
      '@everyone +1 -2 works?',
    ];
    for (const text of hostile)
      await sayCustomer(`sentiment:negative topic:policy topic:Till ${text.replaceAll('<', '&lt;')}`);
    const out = join(mkdtempSync(join(tmpdir(), 'empty-chair-feedback-')), 'feedback.csv');
    try {
      const csv = await runCommand('export', ['--feedback', '--format', 'csv', '--out', out], {
        DATABASE_URL: app.dbPath,
      });
      expect(csv.stderr).toBe(`Exported 3 feedback items to ${out}.\n`);
      expect(csv.status).toBe(0);
      const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.text)).toEqual([`'${hostile[0]}`, hostile[1], `'${hostile[2]}`]);
      expect(rows[0]).toMatchObject({
        team_id: TEAM_ID,
        channel_id: '',
        source: 'in_person',
        sentiment: 'negative',
        category: 'Policy',
        tags: 'till',
        saved_by: 'U0DANA',
      });
      const json = await runCommand('export', ['--feedback', '--format', 'json'], { DATABASE_URL: app.dbPath });
      expect(json.status).toBe(0);
      expect((JSON.parse(json.stdout) as { text: string }[]).map((r) => r.text)).toEqual(hostile);
      const refused = await runCommand('export', ['--feedback', '--answers'], { DATABASE_URL: app.dbPath });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('Export --answers or --feedback, not both.');
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
    }
  });
});
