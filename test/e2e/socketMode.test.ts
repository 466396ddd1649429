import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUESTIONS } from '../../src/decisions/questions.js';
import { TEAM_ID } from '../rig/fakeSlack.js';
import {
  A_PREDICTION,
  answerSubmission,
  buttonClick,
  confirmSubmission,
  messageEvent,
  newTs,
  proposalSubmission,
} from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { capturingLogger, startTestApp, type TestApp } from '../rig/testApp.js';
import { testEngine } from '../rig/testDatabase.js';

/**
 * The app's features driven over Socket Mode (SLACK_APP_TOKEN set): the fake Slack hands the app
 * envelopes over its WebSocket, as Slack does, and the app acks each one on the socket. Envelope and
 * payload shapes follow slack-fixtures/socket_mode/ (envelope.slash_commands, envelope.interactive.*,
 * envelope.events_api.event_callback.message), with this workspace's ids.
 */
const APP_TOKEN = 'xapp-1-A0FAKE-1-secret';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp({ env: { SLACK_APP_TOKEN: APP_TOKEN } });
  await app.fake.waitForSocket();
});
afterEach(async () => {
  await app.stop();
});

interface DecisionRow {
  id: number;
  source: string;
  title: string;
  proposer_id: string;
  channel_id: string;
  message_ts: string | null;
  thread_ts: string | null;
  card_ts: string | null;
  status: string;
}

const decisionRows = async () => (await app.db.rows('select * from decisions order by id')) as unknown as DecisionRow[];
const audit = (id: number) =>
  app.db.rows('select from_status, to_status, user_id from status_changes where decision_id = ? order by id', id);
const promptTexts = (calls: { args: Record<string, unknown> }[]) => calls.map((c) => String(c.args.text));
const QUESTION_TEXTS = QUESTIONS.map((q) => `Question ${q.number} of 3: ${q.text}`);

/** A `slash_commands` envelope's payload (socket_mode/envelope.slash_commands.python_sdk.json). */
function slashCommand(text: string, overrides: Record<string, string> = {}) {
  return app.fake.sendEnvelope('slash_commands', {
    token: 'verification-token',
    team_id: TEAM_ID,
    team_domain: 'example',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command: '/decision',
    text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: app.fake.responseUrl,
    trigger_id: nextTriggerId(),
    ...overrides,
  });
}

/** An `events_api` envelope's payload (socket_mode/envelope.events_api.event_callback.message.python_sdk.json). */
function eventCallback(event: Record<string, unknown>) {
  return app.fake.sendEnvelope('events_api', {
    token: 'verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0FAKE',
    event,
    type: 'event_callback',
    event_id: `EvSOCK${newTs().replace('.', '')}`,
    event_time: Math.floor(app.clock.now().getTime() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: TEAM_ID, user_id: 'UBOTEMPTY', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `1-${String(event.type)}-${TEAM_ID}-${String(event.channel)}`,
  });
}

const interactive = (payload: Record<string, unknown>) => app.fake.sendEnvelope('interactive', payload);

/** The card and the three prompts of the decision posted in `channel`. */
async function cardAndPrompts(channel: string) {
  const [card, ...prompts] = await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.args.channel === channel);
  return { card: card!, prompts };
}

describe('Socket Mode', () => {
  it('connects with the app-level token and has no HTTP port of its own', async () => {
    const [open] = app.fake.callsTo('apps.connections.open');
    expect(open?.token).toBe(APP_TOKEN);
    expect(app.running.port).toBeUndefined();
  });

  it('/decision <title> opens the form; its submission stores the decision and posts it; /decision list shows it', async () => {
    const ack = await slashCommand('Close on Sundays');
    expect(ack).toEqual({});
    const [open] = await app.fake.waitForCalls('views.open');
    const form = open?.args.view as { callback_id: string };
    expect(form.callback_id).toBe('propose_decision');
    expect(JSON.stringify(form)).toContain('Close on Sundays');

    const submitted = await interactive(proposalSubmission({ title: 'Close on Sundays', channel: 'C0CAFE' }));
    // An empty ack closes the modal; the decision was stored before it.
    expect(submitted).toEqual({});
    expect(await decisionRows()).toMatchObject([
      { source: 'command', title: 'Close on Sundays', proposer_id: 'U0ALICE', channel_id: 'C0CAFE' },
    ]);
    const { card, prompts } = await cardAndPrompts('C0CAFE');
    expect(JSON.stringify(card.args.blocks)).toContain('Close on Sundays');
    expect(promptTexts(prompts)).toEqual(QUESTION_TEXTS);
    // The prompts are asked in the card's thread, and the card's ts is kept on the decision.
    await expect.poll(async () => (await decisionRows())[0]?.card_ts).toBeTruthy();
    const cardTs = (await decisionRows())[0]?.card_ts;
    expect(prompts.map((p) => p.args.thread_ts)).toEqual([cardTs, cardTs, cardTs]);

    // A reply known at once goes back in the envelope's ack, not through the response_url.
    const listed = (await slashCommand('list', { channel_id: 'C0CAFE' })) as { response_type?: string; text?: string };
    expect(listed.response_type).toBe('ephemeral');
    expect(listed.text).toContain('*Open decisions in this channel (1)*');
    expect(listed.text).toContain('Close on Sundays');
    await app.running.idle();
    expect(app.fake.callsTo('response/hook')).toEqual([]);
  });

  it('sends a refused form back in the ack, and stores nothing', async () => {
    const ack = await interactive(proposalSubmission({ title: '   ', channel: 'C0CAFE' }));
    expect(ack).toMatchObject({ response_action: 'errors', errors: { title: expect.any(String) } });
    await app.running.idle();
    expect(await decisionRows()).toEqual([]);
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('answers a command it does not own in the ack itself', async () => {
    const ack = await slashCommand('', { command: '/lunch' });
    expect(ack).toEqual({
      response_type: 'ephemeral',
      text: 'Empty Chair only answers /decision; /lunch is not one of its commands.',
    });
  });

  it('catches a proposal written in a channel, and its author dismisses it with "Not a decision"', async () => {
    const message = messageEvent({ text: 'Proposal: repaint the door blue' });
    expect(await eventCallback(message)).toEqual({});
    const { card, prompts } = await cardAndPrompts('C0GENERAL');
    expect(card.args.thread_ts).toBe(message.ts);
    expect(prompts.map((p) => p.args.thread_ts)).toEqual([message.ts, message.ts, message.ts]);
    expect(JSON.stringify(card.args.blocks)).toContain('dismiss_decision');
    await expect.poll(async () => (await decisionRows())[0]?.card_ts).toBeTruthy();
    const [row] = await decisionRows();
    expect(row).toMatchObject({
      source: 'message',
      title: 'repaint the door blue',
      message_ts: message.ts,
      thread_ts: message.ts,
      proposer_id: 'U0ALICE',
      status: 'open',
    });

    // A reply in its thread is kept as the decision's discussion.
    const reply = messageEvent({ user: 'U0BOB', text: 'Blue fades fast in the sun', thread_ts: message.ts });
    expect(await eventCallback(reply)).toEqual({});
    await expect
      .poll(() => app.db.rows('select decision_id, user_id, text from discussion order by id'))
      .toEqual([{ decision_id: row!.id, user_id: 'U0BOB', text: 'Blue fades fast in the sun' }]);

    const click = buttonClick(
      { action_id: 'dismiss_decision', value: String(row!.id) },
      { channel: 'C0GENERAL', messageTs: row!.card_ts!, user: 'U0ALICE' },
    );
    expect(await interactive(click)).toEqual({});
    expect((await decisionRows())[0]?.status).toBe('dismissed');
    expect(await audit(row!.id)).toEqual([
      { from_status: null, to_status: 'open', user_id: 'U0ALICE' },
      { from_status: 'open', to_status: 'dismissed', user_id: 'U0ALICE' },
    ]);
    const updates = await app.fake.waitForCalls('chat.update', 4);
    const cardUpdate = updates.find((u) => u.args.ts === row!.card_ts);
    expect(JSON.stringify(cardUpdate?.args.blocks)).not.toContain('dismiss_decision');
    // Still one decision: the reply was discussion, not a proposal.
    expect(await decisionRows()).toHaveLength(1);
  });

  it('ignores chatter, and stores what a proposal in a private channel says as private', async () => {
    app.fake.setChannel('G0SECRET', { isPrivate: true, members: ['U0ALICE'] });
    await eventCallback(messageEvent({ text: 'Lunch at noon?' }));
    const proposal = messageEvent({ channel: 'G0SECRET', channel_type: 'group', text: 'Should we close Leeds?' });
    await eventCallback(proposal);
    await cardAndPrompts('G0SECRET');
    await app.running.idle();
    expect(
      await app.db.rows('select channel_id, title, channel_is_private as private from decisions order by id'),
    ).toEqual([{ channel_id: 'G0SECRET', title: 'Should we close Leeds?', private: 1 }]);
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0GENERAL')).toEqual([]);
  });

  it('holds the gate on Confirm until the questions are answered, then confirms', async () => {
    await interactive(proposalSubmission({ title: 'Raise prices by 5%' }));
    await cardAndPrompts('C0GENERAL');
    await expect.poll(async () => (await decisionRows())[0]?.card_ts).toBeTruthy();
    const [row] = await decisionRows();
    const confirm = () =>
      interactive(
        buttonClick(
          { action_id: 'confirm_decision', value: String(row!.id) },
          { channel: 'C0GENERAL', messageTs: row!.card_ts!, user: 'U0ALICE' },
        ),
      );

    expect(await confirm()).toEqual({});
    const [refusal] = await app.fake.waitForCalls('chat.postEphemeral');
    expect(refusal?.args.user).toBe('U0ALICE');
    expect(String(refusal?.args.text)).toContain('The empty chair is still waiting');
    expect(String(refusal?.args.text)).toContain(`3. ${QUESTIONS[2].text}`);
    expect((await decisionRows())[0]?.status).toBe('open');

    const answered = await interactive(
      answerSubmission(row!.id, 'U0BOB', {
        q1: ['yes', 'Quality first'],
        q2: ['mixed', 'Fine if it stays fresh'],
        q3: ['profit', null],
      }),
    );
    expect(answered).toEqual({});
    expect(await app.db.rows('select question, user_id, choice from answers order by question')).toEqual([
      { question: 1, user_id: 'U0BOB', choice: 'yes' },
      { question: 2, user_id: 'U0BOB', choice: 'mixed' },
      { question: 3, user_id: 'U0BOB', choice: 'profit' },
    ]);

    // The gate lets Alice confirm now: the confirm form opens, and its submission confirms.
    expect(await confirm()).toEqual({});
    const [form] = await app.fake.waitForCalls('views.open');
    expect((form?.args.view as { callback_id: string }).callback_id).toBe('confirm_with_prediction');
    expect(await interactive(confirmSubmission(row!.id, 'U0ALICE', A_PREDICTION))).toEqual({});
    expect((await decisionRows())[0]?.status).toBe('confirmed');
    const [announced] = await app.fake.waitForCalls('chat.postMessage', 1, (c) =>
      String(c.args.text).startsWith(':white_check_mark: Confirmed by'),
    );
    expect(announced?.args.thread_ts).toBe(row!.card_ts);
    expect(await audit(row!.id)).toEqual([
      { from_status: null, to_status: 'open', user_id: 'U0ALICE' },
      { from_status: 'open', to_status: 'confirmed', user_id: 'U0ALICE' },
    ]);
  });

  it('publishes the Home tab when it is opened', async () => {
    await interactive(proposalSubmission({ title: 'Open a pop-up shop' }));
    await cardAndPrompts('C0GENERAL');
    await app.running.idle();
    const before = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U0BOB').length;
    expect(
      await eventCallback({
        type: 'app_home_opened',
        user: 'U0BOB',
        channel: 'D0HOME',
        tab: 'home',
        event_ts: newTs(),
      }),
    ).toEqual({});
    const published = await app.fake.waitForCalls('views.publish', before + 1, (c) => c.args.user_id === 'U0BOB');
    const home = JSON.stringify(published.at(-1)?.args.view);
    expect(home).toContain('Waiting for your answer');
    expect(home).toContain('Open a pop-up shop');
  });
});

// SQLite only: the lock is the SQLite file's, which another process holds and the app cannot wait out.
// On PostgreSQL writers lock rows, not the database, and a write waits for a lock instead of failing.
describe.skipIf(testEngine() === 'postgres')('Socket Mode with a database locked by another process', () => {
  it('leaves a message event it could not store unacknowledged, so Slack delivers it again', async () => {
    await app.stop();
    const logger = capturingLogger();
    app = await startTestApp({ env: { SLACK_APP_TOKEN: APP_TOKEN }, logger });
    await app.fake.waitForSocket();
    const holder = new Database(app.dbPath);
    holder.pragma('busy_timeout = 0');
    holder.exec('BEGIN IMMEDIATE');
    const event = messageEvent({ text: 'Proposal: Free delivery over £20' });
    let acked = false;
    void eventCallback(event).then(() => (acked = true));
    try {
      await expect.poll(() => logger.lines.filter((l) => l.startsWith('error')).join('\n')).toContain('locked');
      // Chatter stores nothing, so it is acknowledged even now. Acks come back over the socket in order:
      // once this one is in, an ack of the proposal, had one been sent, would be in too.
      expect(await eventCallback(messageEvent({ text: 'Lunch at noon?' }))).toEqual({});
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(acked).toBe(false);
    expect(await decisionRows()).toEqual([]);

    // Slack delivers it again; stored this time, it is acknowledged.
    expect(await eventCallback(event)).toEqual({});
    expect(await decisionRows()).toMatchObject([{ title: 'Free delivery over £20', source: 'message' }]);
    await cardAndPrompts('C0GENERAL');
  });
});
