import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORM, sign } from '../rig/signedClient.js';
import { messageAction, messageEvent, newTs, proposalSubmission, reactionEvent } from '../rig/payloads.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../rig/testApp.js';

/**
 * A corpus of bad requests. Each one must get a clear status (or be a safe no-op), leave every table
 * exactly as it was, and leave the app healthy.
 */
let app: TestApp;
let decisionId: number;
let cardTs: string;

/** Each table with the columns that order its rows (its key), the same on both engines. */
const TABLES: [string, string][] = [
  ['decisions', 'id'],
  ['prompts', 'decision_id, question'],
  ['answers', 'id'],
  ['status_changes', 'id'],
  ['discussion', 'id'],
  ['team_settings', 'team_id'],
  ['channel_settings', 'team_id, channel_id'],
  ['outbox', 'id'],
  ['digest_runs', 'id'],
  ['feedback', 'id'],
  ['feedback_citations', 'answer_id, feedback_id'],
  ['touchpoints', 'decision_id, stage'],
  ['briefings', 'id'],
];
const snapshot = async () =>
  JSON.stringify(await Promise.all(TABLES.map(([t, key]) => app.db.rows(`select * from ${t} order by ${key}`))));

beforeAll(async () => {
  app = await startTestApp();
  await app.slack.interactive(proposalSubmission({ title: 'A real decision' }));
  await app.fake.waitForCalls('chat.postMessage', 4);
  await app.fake.waitForCalls('views.publish');
  while (((await app.db.row('select posted_at from decisions')) as { posted_at: number | null }).posted_at === null) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const row = (await app.db.row('select id, card_ts from decisions')) as { id: number; card_ts: string };
  decisionId = row.id;
  cardTs = row.card_ts;
});
afterAll(async () => {
  await app.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const event = (e: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'event_callback',
    team_id: 'T0001',
    api_app_id: 'A0FAKE',
    event_id: `Ev${newTs()}`,
    event_time: 1,
    event: e,
    ...extra,
  });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (p: unknown) => form({ payload: JSON.stringify(p) });
const command = (fields: Record<string, string>) =>
  form({
    team_id: 'T0001',
    channel_id: 'C0GENERAL',
    user_id: 'U0ALICE',
    command: '/decision',
    trigger_id: 't',
    response_url: 'http://127.0.0.1:1/none',
    ...fields,
  });
const click = (team: string, actionId: string, value: string, channel = 'C0GENERAL', user = 'U0MALLORY') =>
  payload({
    type: 'block_actions',
    team: { id: team },
    user: { id: user },
    trigger_id: 't',
    channel: { id: channel },
    container: { type: 'message', message_ts: cardTs, channel_id: channel },
    actions: [{ type: 'button', action_id: actionId, value, action_ts: '1.1' }],
  });
const feedbackForm = (metadata: string, values: Record<string, unknown>) =>
  payload({
    type: 'view_submission',
    team: { id: 'T0001' },
    user: { id: 'U0MALLORY' },
    view: { id: 'V1', callback_id: 'save_feedback', private_metadata: metadata, state: { values } },
  });
const goodFeedback = {
  feedback_text: { value: { value: 'They said so' } },
  feedback_source: { value: { selected_option: { value: 'support' } } },
  feedback_sentiment: { value: { selected_option: { value: 'neutral' } } },
};
const answerForm = (metadata: string, team = 'T0001') =>
  payload({
    type: 'view_submission',
    team: { id: team },
    user: { id: 'U0MALLORY' },
    view: {
      id: 'V1',
      callback_id: 'answer_questions',
      private_metadata: metadata,
      state: {
        values: { q1_choice: { value: { selected_option: { value: 'yes' } } }, q1_text: { value: { value: 'x' } } },
      },
    },
  });

interface Case {
  name: string;
  body: () => string;
  contentType?: string;
  /**
   * Headers to send instead of a correct signature, given the exact body sent: a case that tests one part
   * of the signature gets every other part right, so its 401 can only come from that part.
   */
  headers?: (body: string) => Record<string, string>;
  status: number[];
}

const signedHeaders = (body: string, timestamp = now()) => ({
  'x-slack-request-timestamp': String(timestamp),
  'x-slack-signature': sign(SIGNING_SECRET, timestamp, body),
});
const validEvent = () => event(messageEvent({ text: 'Proposal: should never be stored' }));

const cases: Case[] = [
  // Signatures and replays
  { name: 'no signature headers', body: validEvent, headers: () => ({}), status: [401] },
  {
    name: 'no signature',
    body: validEvent,
    headers: () => ({ 'x-slack-request-timestamp': String(now()) }),
    status: [401],
  },
  { name: 'no timestamp', body: validEvent, headers: () => ({ 'x-slack-signature': 'v0=abc' }), status: [401] },
  {
    name: 'a garbage signature',
    body: validEvent,
    headers: () => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v0=nothex' }),
    status: [401],
  },
  {
    name: 'a signature by another secret',
    body: validEvent,
    headers: (body) => {
      const t = now();
      return { 'x-slack-request-timestamp': String(t), 'x-slack-signature': sign('other-secret', t, body) };
    },
    status: [401],
  },
  { name: 'a signature of another body', body: validEvent, headers: () => signedHeaders('{}'), status: [401] },
  {
    name: 'a v1 signature',
    body: validEvent,
    headers: (body) => {
      const t = now();
      return {
        'x-slack-request-timestamp': String(t),
        'x-slack-signature': sign(SIGNING_SECRET, t, body).replace('v0=', 'v1='),
      };
    },
    status: [401],
  },
  {
    name: 'a replay from 6 minutes ago',
    body: validEvent,
    headers: (body) => signedHeaders(body, now() - 360),
    status: [401],
  },
  {
    name: 'a replay from a day ago',
    body: validEvent,
    headers: (body) => signedHeaders(body, now() - 86400),
    status: [401],
  },
  {
    name: 'a non-numeric timestamp',
    body: validEvent,
    headers: () => ({ 'x-slack-request-timestamp': 'soon', 'x-slack-signature': 'v0=00' }),
    status: [401],
  },
  {
    name: 'an unsigned url_verification',
    body: () => JSON.stringify({ type: 'url_verification', challenge: 'c' }),
    headers: () => ({}),
    status: [401],
  },
  // Content types and bodies
  {
    name: 'a form body with a charset suffix',
    body: () => command({ text: 'list' }),
    contentType: `${FORM}; charset=utf-8`,
    status: [400],
  },
  {
    name: 'a form body sent as text/plain',
    body: () => command({ text: 'list' }),
    contentType: 'text/plain',
    status: [400],
  },
  { name: 'invalid JSON', body: () => '{"type": "event_callback", ', contentType: 'application/json', status: [400] },
  { name: 'an empty JSON body', body: () => '', contentType: 'application/json', status: [400] },
  { name: 'JSON null', body: () => 'null', contentType: 'application/json', status: [400] },
  { name: 'a JSON array', body: () => '[1,2,3]', contentType: 'application/json', status: [400] },
  { name: 'invalid JSON in payload=', body: () => form({ payload: '{not json' }), contentType: FORM, status: [400] },
  { name: 'an empty payload=', body: () => form({ payload: '' }), contentType: FORM, status: [400] },
  {
    name: 'a body over 1 MB',
    body: () => event(messageEvent({ text: `Proposal: ${'x'.repeat(1_100_000)}` })),
    contentType: 'application/json',
    status: [413],
  },
  // Slash commands
  {
    name: 'a command without a trigger id',
    body: () => command({ text: 'Proposal x y', trigger_id: '' }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a command without a user',
    body: () => command({ text: 'list', user_id: '' }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a command with 5000 characters',
    body: () => command({ text: 'x '.repeat(2500) }),
    contentType: FORM,
    status: [200],
  },
  {
    name: "another app's command",
    body: () => command({ command: '/weather', text: '94070' }),
    contentType: FORM,
    status: [200],
  },
  // Events
  {
    name: 'an event_callback without an event',
    body: () => JSON.stringify({ type: 'event_callback', team_id: 'T0001', event_id: 'EvX' }),
    contentType: 'application/json',
    status: [404],
  },
  {
    name: 'a message without a user',
    body: () => event(messageEvent({ user: undefined, text: 'Proposal: nobody' })),
    contentType: 'application/json',
    status: [200],
  },
  {
    name: 'a message whose text is a number',
    body: () => event(messageEvent({ text: 42 })),
    contentType: 'application/json',
    status: [200],
  },
  {
    name: 'a bot message with a trigger',
    body: () => event(messageEvent({ subtype: 'bot_message', bot_id: 'B1', text: 'Proposal: spam' })),
    contentType: 'application/json',
    status: [200],
  },
  {
    name: 'a thread reply to no decision',
    body: () => event(messageEvent({ text: 'hi', thread_ts: '1.000001' })),
    contentType: 'application/json',
    status: [200],
  },
  {
    name: 'a reaction to a file',
    body: () =>
      event({
        type: 'reaction_added',
        user: 'U0X',
        reaction: 'chair',
        item: { type: 'file', file: 'F1' },
        event_ts: '1.1',
      }),
    contentType: 'application/json',
    status: [200],
  },
  {
    name: 'an unrelated reaction',
    body: () => event(reactionEvent({ channel: 'C0GENERAL', ts: cardTs }, { reaction: 'tada' })),
    contentType: 'application/json',
    status: [200],
  },
  {
    name: 'an event type without a listener',
    body: () => event({ type: 'channel_rename', channel: { id: 'C1', name: 'x' } }),
    contentType: 'application/json',
    status: [200],
  },
  {
    name: 'app_home_opened on the Messages tab',
    body: () => event({ type: 'app_home_opened', user: 'U0X', channel: 'D1', tab: 'messages' }),
    contentType: 'application/json',
    status: [200],
  },
  // Interactivity
  {
    name: 'an unknown interactive type',
    body: () => payload({ type: 'not_a_type', team: { id: 'T0001' }, user: { id: 'U1' } }),
    contentType: FORM,
    status: [404],
  },
  {
    name: 'an unknown action id',
    body: () => click('T0001', 'delete_everything', String(decisionId)),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Confirm with a non-numeric id',
    body: () => click('T0001', 'confirm_decision', 'DROP TABLE decisions'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Confirm naming a missing decision',
    body: () => click('T0001', 'confirm_decision', '999999'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Withdraw by someone else',
    body: () => click('T0001', 'withdraw_decision', String(decisionId)),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Reject by another team',
    body: () => click('T0002', 'reject_decision', String(decisionId), 'C0GENERAL', 'U0ALICE'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Withdraw from another channel',
    body: () => click('T0001', 'withdraw_decision', String(decisionId), 'C0OTHER', 'U0ALICE'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Not a decision by someone else',
    body: () => click('T0001', 'dismiss_decision', String(decisionId)),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Answer for a fourth question',
    body: () => click('T0001', 'answer_question', `${decisionId}:4`),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Answer with a garbled value',
    body: () => click('T0001', 'answer_question', 'abc:1'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'an oversized button value',
    body: () => click('T0001', 'confirm_decision', '9'.repeat(5000)),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'two actions in one click',
    body: () =>
      payload({
        type: 'block_actions',
        team: { id: 'T0001' },
        user: { id: 'U0ALICE' },
        trigger_id: 't',
        actions: [
          { action_id: 'withdraw_decision', value: String(decisionId) },
          { action_id: 'withdraw_decision', value: String(decisionId) },
        ],
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'an unknown form',
    body: () =>
      payload({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: 'U1' },
        view: { id: 'V', callback_id: 'wire_money', state: { values: {} } },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'answers with tampered metadata',
    body: () => answerForm('{"decisionId":"1 or 1=1","questions":[1]}'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'answers with metadata that is not JSON',
    body: () => answerForm('<script>'),
    contentType: FORM,
    status: [200],
  },
  {
    name: "answers for another team's decision",
    body: () => answerForm(JSON.stringify({ decisionId, questions: [1] }), 'T0002'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'answers naming a missing decision',
    body: () => answerForm(JSON.stringify({ decisionId: 424242, questions: [1] })),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'answers repeating a question',
    body: () => answerForm(JSON.stringify({ decisionId, questions: [1, 1] })),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a proposal with no state',
    body: () =>
      payload({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: 'U1' },
        view: { id: 'V', callback_id: 'propose_decision' },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a proposal with a control-character title only',
    body: () => payload(proposalSubmission({ title: '\u0000\u0001\u0002\u007f' })),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a proposal with a 10,000-character title',
    body: () => payload(proposalSubmission({ title: 'x'.repeat(10_000) })),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a customer profile over the limit',
    body: () =>
      payload({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: 'U1' },
        view: {
          id: 'V',
          callback_id: 'customer_profile',
          state: { values: { customer_profile: { value: { value: 'x'.repeat(2001) } } } },
        },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'an unknown shortcut',
    body: () =>
      payload({
        type: 'shortcut',
        callback_id: 'launch_rockets',
        team: { id: 'T0001' },
        user: { id: 'U1' },
        trigger_id: 't',
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a deeply nested interactive payload',
    body: () => form({ payload: `{"type":"block_actions","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}` }),
    contentType: FORM,
    status: [400],
  },
  {
    name: 'a deeply nested event',
    body: () => `{"type":"event_callback","team_id":"T0001","event":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    status: [400],
  },
  // The front line: forged, tampered or malformed briefing buttons and forms change nothing.
  ...[`${'9'.repeat(12)}:1`, '1:0', 'x:1', '1', '', '1:1:1'].map((value) => ({
    name: `a "Got it" naming ${JSON.stringify(value)}`,
    body: () => click('T0001', 'briefing_ack', value, 'D0MALLORY'),
    contentType: FORM,
    status: [200],
  })),
  {
    name: 'a "Got it" from another workspace',
    body: () => click('T0OTHER', 'briefing_ack', `${decisionId}:1`, 'D0MALLORY'),
    contentType: FORM,
    status: [200],
  },
  {
    name: '"Send the briefing" by someone who did not confirm',
    body: () => click('T0001', 'briefing_send_large', `${decisionId}:1`, 'D0MALLORY'),
    contentType: FORM,
    status: [200],
  },
  ...[
    '{"decisionId":1}',
    '{"decisionId":"1","stages":["Buy"]}',
    'not json',
    '{"decisionId":99999,"stages":["Buy"]}',
  ].map((metadata) => ({
    name: `a customer's path form with metadata ${metadata}`,
    body: () =>
      payload({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: 'U0MALLORY' },
        view: {
          id: 'V1',
          callback_id: 'map_customer_path',
          private_metadata: metadata,
          state: { values: { s1_users: { value: { selected_users: ['U0MALLORY'] } } } },
        },
      }),
    contentType: FORM,
    status: [200],
  })),
  {
    name: 'a question about a briefing from someone never briefed',
    body: () =>
      payload({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: 'U0MALLORY' },
        view: {
          id: 'V1',
          callback_id: 'briefing_question',
          private_metadata: JSON.stringify({ decisionId, round: 1 }),
          state: { values: { question: { value: { value: 'Let me in' } } } },
        },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'feedback with metadata naming no message',
    body: () => feedbackForm(JSON.stringify({ channelId: 'C0GENERAL', messageTs: '<script>' }), goodFeedback),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'feedback with metadata that is not JSON',
    body: () => feedbackForm('{"channelId":', goodFeedback),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'feedback from an unknown source',
    body: () =>
      feedbackForm(JSON.stringify({ channelId: 'C0GENERAL', messageTs: '1.1' }), {
        ...goodFeedback,
        feedback_source: { value: { selected_option: { value: 'telepathy' } } },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'feedback of 3,001 characters',
    body: () =>
      feedbackForm(JSON.stringify({ channelId: 'C0GENERAL', messageTs: '1.1' }), {
        ...goodFeedback,
        feedback_text: { value: { value: 'x'.repeat(3001) } },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: '/decision feedback with nothing but options',
    body: () => command({ text: 'feedback source:review sentiment:negative' }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Delete feedback with a non-numeric id',
    body: () => click('T0001', 'remove_feedback', '1 or 1=1'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'Delete feedback that does not exist',
    body: () => click('T0001', 'remove_feedback', '424242'),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'feedback removal with tampered metadata',
    body: () =>
      payload({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: 'U0MALLORY' },
        view: {
          id: 'V1',
          callback_id: 'remove_feedback',
          private_metadata: '{"feedbackId":-1}',
          state: { values: {} },
        },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'answers citing feedback that does not exist',
    body: () =>
      payload({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: 'U0MALLORY' },
        view: {
          id: 'V1',
          callback_id: 'answer_questions',
          private_metadata: JSON.stringify({ decisionId, questions: [2] }),
          state: {
            values: {
              q2_choice: { value: { selected_option: { value: 'positive' } } },
              q2_text: { value: { value: 'x' } },
              q2_cites: { value: { selected_options: [{ value: '999' }] } },
            },
          },
        },
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a feedback shortcut without a message',
    body: () =>
      payload({
        ...messageAction({ ts: '1.1', text: 'x' }),
        callback_id: 'save_customer_feedback',
        message: undefined,
      }),
    contentType: FORM,
    status: [200],
  },
  {
    name: 'a message shortcut without a message',
    body: () => payload({ ...messageAction({ ts: '1.1', text: 'x' }), message: undefined }),
    contentType: FORM,
    status: [200],
  },
];

describe('hostile and broken input', () => {
  it('has at least 50 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: clear status, nothing changed, still healthy',
    async (_name, c) => {
      const before = await snapshot();
      const body = c.body();
      const headers = {
        'content-type': c.contentType ?? 'application/json',
        ...(c.headers ? c.headers(body) : signedHeaders(body)),
      };
      const res = await fetch(`${app.url}/slack/events`, { method: 'POST', headers, body });
      expect(c.status).toContain(res.status);
      // Whatever the request set going after its answer has finished before the tables are compared.
      await app.running.idle();
      expect(await snapshot()).toBe(before);
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);
    },
  );

  it('accepts such a body once it is signed now, with v0 and the right secret (the control for the 401s)', async () => {
    const body = validEvent();
    const headers = { 'content-type': 'application/json', ...signedHeaders(body) };
    expect((await fetch(`${app.url}/slack/events`, { method: 'POST', headers, body })).status).toBe(200);
    const stored = () => app.db.row("select count(*) as n from decisions where title = 'should never be stored'");
    expect(await stored()).toEqual({ n: 1 });
    await app.running.idle();
  });

  it('answers unknown paths and methods with 404, not a crash', async () => {
    expect((await fetch(`${app.url}/slack/other`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${app.url}/slack/events`)).status).toBe(404);
  });

  it("stores control characters and a 40,000-character proposal exactly, and posts a card within Slack's limits", async () => {
    const text = `Proposal: tabs\tand\u0007bells ${'long '.repeat(8000)}`;
    const e = messageEvent({ text, channel: 'C0LONG' });
    await app.slack.event(e);
    const [card] = await app.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'C0LONG');
    const stored = (await app.db.row("select title, description from decisions where channel_id = 'C0LONG'")) as {
      title: string;
      description: string;
    };
    expect(stored.description).toBe(text);
    expect(stored.title.length).toBeLessThanOrEqual(150);
    for (const block of card?.args.blocks as { text?: { text: string } }[]) {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });
});
