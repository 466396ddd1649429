import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEAM_ID } from '../rig/fakeSlack.js';
import { messageAction, newTs, reactionEvent } from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

const settle = () => app.running.idle();

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
    await app.slack.command({ text: 'feedback-emoji :speech_balloon:', user_id: 'U0BOB' });
    await settle();
    app.fake.setUser('U0ALICE', { is_admin: true });
    await app.slack.command({ text: 'feedback-emoji :speech_balloon:', user_id: 'U0ALICE' });
    await settle();
    await app.slack.command({ text: 'feedback-emoji chair', user_id: 'U0ALICE' });
    await settle();
    const replies = app.fake.callsTo('response/hook').map((c) => String(c.args.text));
    expect(replies[0]).toContain('Only a workspace admin');
    expect(replies[1]).toBe('A :speech_balloon: reaction now saves a message as customer feedback.');
    expect(replies[2]).toContain('Name one emoji');
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
    await app.slack.command({
      text: 'feedback source:in-person sentiment:negative topic:pricing topic:Parking The car park is always full &lt;3',
      user_id: 'U0CAROL',
    });
    await settle();
    await app.slack.command({ text: 'feedback source:pigeon It was fine', user_id: 'U0CAROL' });
    await settle();
    await app.slack.command({ text: 'feedback sentiment:negative', user_id: 'U0CAROL' });
    await settle();
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
    const replies = app.fake.callsTo('response/hook').map((c) => String(c.args.text));
    expect(replies[0]).toContain('Saved as customer feedback');
    expect(replies[1]).toContain('Use one of these sources');
    expect(replies[2]).toContain("Write the customer's words");
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });
});
