import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../rig/fakeSlack.js';
import {
  A_PREDICTION,
  answerSubmission,
  buttonClick,
  confirmSubmission,
  newTs,
  pathSubmission,
  proposalSubmission,
  type StageInput,
} from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
  // @frontdesk holds Carol, Dana and a deactivated account; #shop holds Zed, New, a bot and Dana (who, named
  // through the group, gets a DM).
  app.fake.setUsergroup('S0FRONT', { handle: 'frontdesk', users: ['U0CAROL', 'U0DANA', 'U0GONE'] });
  app.fake.setUser('U0GONE', { deleted: true });
  // The bot is not in #shop yet: it joins to post the briefing there.
  app.fake.setChannel('C0SHOP', { members: ['U0ZED', 'U0BUSY', 'U0DANA', 'U0NEW'], isMember: false });
  app.fake.setUser('U0BUSY', { is_bot: true });
});
afterEach(async () => {
  await app.stop();
});

const DAY = 24 * 3600 * 1000;
const settle = () => app.running.idle();

interface DecisionRow {
  id: number;
  status: string;
  card_ts: string;
  thread_ts: string;
  confirmations: number;
}
const decision = async () =>
  (await app.db.row('select * from decisions order by id desc limit 1')) as unknown as DecisionRow;
const briefings = async () =>
  (await app.db.rows(
    'select round, recipient, kind, channel_id, message_channel, message_ts, acked_at, reminder_ts from briefings order by round, recipient',
  )) as {
    round: number;
    recipient: string;
    kind: string;
    channel_id: string | null;
    message_channel: string | null;
    message_ts: string | null;
    acked_at: number | null;
    reminder_ts: string | null;
  }[];

/** Proposes, answers the three questions, and waits for the card: only the customer's path can hold it back. */
async function proposeAnswered(): Promise<DecisionRow> {
  await app.slack.interactive(
    proposalSubmission({ title: 'Vouchers for the raffle winners', description: 'Winners get a voucher' }),
  );
  const prompts = 'select count(*) as n from prompts where decision_id = (select max(id) from decisions)';
  await expect.poll(async () => (await app.db.row(prompts))?.n).toBe(3);
  const row = await decision();
  const answered = await app.slack.interactive(
    answerSubmission(row.id, 'U0BOB', {
      q1: ['yes', null],
      q2: ['positive', 'Finally a prize that means something'],
      q3: ['customer_satisfaction', null],
    }),
  );
  expect(answered.body).toBe('');
  await settle();
  return row;
}

/** The "Map the customer's path" form submitted, with the five default stages as the form showed them. */
function mapPath(
  decisionId: number,
  stages: Record<number, StageInput>,
  options: { goLive?: string; user?: string } = {},
) {
  return app.slack.interactive(pathSubmission(decisionId, stages, options));
}

function cardClick(actionId: string, row: DecisionRow, user = 'U0ALICE') {
  return app.slack.interactive(
    buttonClick({ action_id: actionId, value: String(row.id) }, { channel: 'C0GENERAL', messageTs: row.card_ts, user }),
  );
}

/** Confirm on the card, then the confirm form's submission with a prediction (as a person does it). */
async function confirmDecision(id: number, click: () => Promise<unknown>, user = 'U0ALICE') {
  await click();
  await settle();
  await app.slack.interactive(confirmSubmission(id, user, A_PREDICTION));
}

/** A click on a briefing's button where it was delivered (a DM or the channel's post). */
function briefingClick(action: 'briefing_ack' | 'briefing_question', value: string, user: string, channel: string) {
  return app.slack.interactive(buttonClick({ action_id: action, value }, { channel, messageTs: '1.1', user }));
}

const briefingPosts = (where?: string) =>
  app.fake
    .callsTo('chat.postMessage')
    .filter(
      (c) => c.ok && (c.args.metadata as { event_type?: string } | undefined)?.event_type === 'empty_chair_briefing',
    )
    .filter((c) => where === undefined || c.args.channel === where);
const partOf = (c: RecordedCall) => (c.args.metadata as { event_payload: { part: string } }).event_payload.part;
const lastCard = (row: DecisionRow) =>
  JSON.stringify(
    app.fake
      .callsTo('chat.update')
      .filter((u) => u.args.ts === row.card_ts)
      .at(-1)?.args.blocks,
  );
const ephemeralTo = (user: string) => app.fake.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);

/** Maps Buy (Bob, @frontdesk) and Use (#shop), both needing an audience, and confirms. */
async function mapAndConfirm(row: DecisionRow) {
  await mapPath(row.id, {
    1: { note: 'Vouchers are accepted at the till', users: ['U0BOB'], groups: '@frontdesk' },
    2: { note: 'Winners may come in on Sundays', channels: ['C0SHOP'] },
  });
  await settle();
  await confirmDecision(row.id, () => cardClick('confirm_decision', row));
  await settle();
}

describe('the front line knows before the customer does', () => {
  it('refuses to confirm until every touched stage has someone to brief, then briefs each person once', async () => {
    // A decision confirmed without its customer path mapped is counted in the digest.
    await app.slack.interactive(proposalSubmission({ title: 'New carrier bags', channel: 'C0BAGS' }));
    await expect.poll(async () => (await app.db.row('select count(*) as n from prompts'))?.n).toBe(3);
    const bags = (await app.db.row('select id, card_ts from decisions')) as { id: number; card_ts: string };
    await app.slack.interactive(
      answerSubmission(bags.id, 'U0BOB', { q1: ['yes', null], q2: ['positive', 'Sturdier'], q3: ['both', null] }),
    );
    await settle();
    await confirmDecision(bags.id, () =>
      app.slack.interactive(
        buttonClick(
          { action_id: 'confirm_decision', value: String(bags.id) },
          { channel: 'C0BAGS', messageTs: bags.card_ts, user: 'U0ALICE' },
        ),
      ),
    );
    await settle();
    expect(await app.db.row('select status from decisions where id = ?', bags.id)).toEqual({ status: 'confirmed' });
    expect(await briefings()).toEqual([]);
    await app.slack.command({ text: 'digest' });
    const [preview] = await app.fake.waitForCalls('response/hook');
    expect(JSON.stringify(preview?.args.blocks)).toContain('1 confirmed decision with the customer path not mapped');

    const row = await proposeAnswered();
    expect(lastCard(row)).toContain('Customer path not mapped');

    // Buy names Bob and @frontdesk; Use is touched (a note) with nobody to brief yet.
    const first = await mapPath(row.id, {
      1: { note: 'Vouchers are accepted at the till', users: ['U0BOB'], groups: '@frontdesk' },
      2: { note: 'Winners may come in on Sundays' },
    });
    expect(first.body).toBe('');
    await settle();
    expect(lastCard(row)).toContain('nobody to brief yet at Use');
    await cardClick('confirm_decision', row);
    await settle();
    const refusal = String(ephemeralTo('U0ALICE').at(-1)?.args.text);
    expect(refusal).toContain('Nobody to brief yet: Use.');
    expect(refusal).not.toContain('Buy');
    expect((await decision()).status).toBe('open');

    await mapAndConfirm(row);
    expect((await decision()).status).toBe('confirmed');
    // One DM each for Bob, Carol and Dana (Dana is also in #shop), one post in #shop; the bot in #shop is skipped.
    expect(
      briefingPosts()
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(['C0SHOP', 'D0BOB', 'D0CAROL', 'D0DANA']);
    expect(app.fake.callsTo('conversations.join').map((c) => c.args.channel)).toEqual(['C0SHOP']);
    expect(await briefings()).toEqual([
      expect.objectContaining({ recipient: 'C0SHOP', kind: 'post', message_channel: 'C0SHOP' }),
      expect.objectContaining({ recipient: 'U0BOB', kind: 'dm', message_channel: 'D0BOB' }),
      expect.objectContaining({ recipient: 'U0CAROL', kind: 'dm', message_channel: 'D0CAROL' }),
      expect.objectContaining({ recipient: 'U0DANA', kind: 'dm', message_channel: 'D0DANA' }),
      expect.objectContaining({ recipient: 'U0NEW', kind: 'member', channel_id: 'C0SHOP', message_ts: null }),
      expect.objectContaining({ recipient: 'U0ZED', kind: 'member', channel_id: 'C0SHOP', message_ts: null }),
    ]);
    const dm = JSON.stringify(briefingPosts('D0BOB')[0]?.args.blocks);
    expect(dm).toContain('Vouchers are accepted at the till');
    expect(dm).toContain('briefing_ack');
    expect(dm).toContain('briefing_question');
    expect(dm).not.toContain('Sundays'); // Bob is briefed on Buy only
    expect(lastCard(row)).toContain('Front line ready:* 0 of 5');
  });

  it('counts acknowledgements on the card, refuses strangers, repeats and tampered ids, and reminds the rest once', async () => {
    const row = await proposeAnswered();
    await mapAndConfirm(row);
    const value = `${row.id}:1`;

    await briefingClick('briefing_ack', value, 'U0BOB', 'D0BOB');
    await briefingClick('briefing_ack', value, 'U0ZED', 'C0SHOP'); // a member acknowledging the channel's post
    await settle();
    expect(lastCard(row)).toContain('Front line ready:* 2 of 5');

    // Bob's direct message now says he said Got it, without its buttons.
    const bobsDm = app.fake.callsTo('chat.update').filter((u) => u.args.channel === 'D0BOB');
    expect(bobsDm).toHaveLength(1);
    expect(JSON.stringify(bobsDm[0]?.args.blocks)).toContain('You said *Got it*');
    expect(JSON.stringify(bobsDm[0]?.args.blocks)).not.toContain('briefing_ack');

    await briefingClick('briefing_ack', value, 'U0BOB', 'D0BOB'); // twice
    await briefingClick('briefing_ack', value, 'U0MALLORY', 'D0BOB'); // a forwarded message
    await briefingClick('briefing_ack', '99999:1', 'U0CAROL', 'D0CAROL'); // a tampered id
    await briefingClick('briefing_ack', 'x:1', 'U0CAROL', 'D0CAROL');
    await settle();
    expect(String(ephemeralTo('U0BOB').at(-1)?.args.text)).toContain('already said *Got it*');
    expect(String(ephemeralTo('U0MALLORY').at(-1)?.args.text)).toContain('meant for someone else');
    expect(String(ephemeralTo('U0CAROL').at(-1)?.args.text)).toContain('no longer exists');
    expect((await briefings()).filter((b) => b.acked_at !== null).map((b) => b.recipient)).toEqual(['U0BOB', 'U0ZED']);
    expect(lastCard(row)).toContain('Front line ready:* 2 of 5');

    // The digest lists the week's confirmed decision whose front line is not ready.
    await app.slack.command({ text: 'digest' });
    const [preview] = await app.fake.waitForCalls('response/hook');
    const digest = JSON.stringify(preview?.args.blocks);
    expect(digest).toContain('0 confirmed decisions with the customer path not mapped');
    expect(digest).toContain('front line ready: 2 of 5');

    // Details: the path for everyone; who has not acknowledged for the proposer (and approvers) only.
    const detailsFor = async (user: string) => {
      await cardClick('decision_details', row, user);
      await settle();
      return JSON.stringify(app.fake.callsTo('views.open').at(-1)?.args.view);
    };
    const forAlice = await detailsFor('U0ALICE');
    const forBob = await detailsFor('U0BOB');
    expect(forAlice).toContain('Front line ready: 2 of 5');
    expect(forAlice).toContain('Not acknowledged yet: <@U0CAROL>, <@U0DANA>, <@U0NEW>');
    expect(forBob).toContain('Vouchers are accepted at the till');
    expect(forBob).not.toContain('Not acknowledged yet');

    // Carol's Home lists the briefing waiting for her Got it; Bob's, acknowledged, does not.
    for (const user of ['U0CAROL', 'U0BOB']) {
      await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: newTs() });
    }
    await settle();
    const homeOf = (user: string) =>
      JSON.stringify(
        app.fake
          .callsTo('views.publish')
          .filter((c) => c.args.user_id === user)
          .at(-1)?.args.view,
      );
    expect(homeOf('U0CAROL')).toContain('Briefings waiting for your Got it');
    expect(homeOf('U0CAROL')).toContain(`"value":"${value}"`);
    expect(homeOf('U0BOB')).not.toContain('Briefings waiting for your Got it');

    // No go-live date: two days after the confirmation, those who have not acknowledged are reminded, once.
    await app.running.runBackgroundPass();
    expect(briefingPosts().filter((c) => partOf(c) === 'reminder')).toHaveLength(0);
    app.clock.advance(2 * DAY + 60_000);
    await app.running.runBackgroundPass();
    await app.running.runBackgroundPass();
    const reminders = briefingPosts().filter((c) => partOf(c) === 'reminder');
    expect(reminders.map((c) => c.args.channel).sort()).toEqual(['D0CAROL', 'D0DANA', 'D0NEW']);
    app.clock.advance(DAY);
    await app.running.runBackgroundPass();
    expect(briefingPosts().filter((c) => partOf(c) === 'reminder')).toHaveLength(3);
  });

  it("posts a briefed person's question in the decision's thread, naming them; strangers cannot ask", async () => {
    const row = await proposeAnswered();
    await mapAndConfirm(row);
    const formsOpened = app.fake.callsTo('views.open').length;
    await briefingClick('briefing_question', `${row.id}:1`, 'U0CAROL', 'D0CAROL');
    const open = (await app.fake.waitForCalls('views.open', formsOpened + 1)).at(-1);
    const view = open?.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('briefing_question');
    const submit = (user: string, question: string) =>
      app.slack.interactive({
        type: 'view_submission',
        team: { id: 'T0001' },
        user: { id: user },
        trigger_id: nextTriggerId(),
        view: {
          id: 'V0Q',
          type: 'modal',
          callback_id: 'briefing_question',
          private_metadata: view.private_metadata,
          state: { values: { question: { value: { type: 'plain_text_input', value: question } } } },
        },
      });
    expect((await submit('U0CAROL', 'Do vouchers <work> online too?')).body).toBe('');
    const refused = await submit('U0MALLORY', 'Let me in');
    expect(JSON.parse(refused.body)).toMatchObject({ response_action: 'errors' });
    await settle();
    const asked = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts === row.thread_ts && String(c.args.text).includes('has a question'));
    expect(asked).toHaveLength(1);
    expect(asked[0]?.args.text).toBe(
      ':raising_hand: <@U0CAROL> has a question about the briefing: Do vouchers &lt;work&gt; online too?',
    );
  });

  it('briefs again, marked updated, after a reopening and a new confirmation; earlier acknowledgements no longer count', async () => {
    const row = await proposeAnswered();
    await mapAndConfirm(row);
    await briefingClick('briefing_ack', `${row.id}:1`, 'U0BOB', 'D0BOB');
    await settle();
    expect(lastCard(row)).toContain('Front line ready:* 1 of 5');

    await cardClick('reopen_decision', row);
    await settle();
    await confirmDecision(row.id, () => cardClick('confirm_decision', row));
    await settle();
    expect((await decision()).confirmations).toBe(2);
    const updated = briefingPosts().filter((c) => String(c.args.text).startsWith('Updated briefing'));
    expect(updated.map((c) => c.args.channel).sort()).toEqual(['C0SHOP', 'D0BOB', 'D0CAROL', 'D0DANA']);
    expect(lastCard(row)).toContain('Front line ready:* 0 of 5');
    // The first round's button is out of date now.
    await briefingClick('briefing_ack', `${row.id}:1`, 'U0CAROL', 'D0CAROL');
    await settle();
    expect(String(ephemeralTo('U0CAROL').at(-1)?.args.text)).toContain('replaced by an updated one');
    await briefingClick('briefing_ack', `${row.id}:2`, 'U0CAROL', 'D0CAROL');
    await settle();
    expect(lastCard(row)).toContain('Front line ready:* 1 of 5');
  });

  it('neither loses nor doubles a direct message when Slack fails mid-briefing or the app restarts', async () => {
    const row = await proposeAnswered();
    // The second briefing fails with an outage, the third is refused as rate limited.
    app.fake.fail('chat.postMessage', { kind: 'http', status: 503 }, 1, 1);
    app.fake.fail('chat.postMessage', { kind: 'ratelimited', retryAfter: 1 }, 1);
    await mapAndConfirm(row);
    expect(briefingPosts()).toHaveLength(2);
    expect((await briefings()).filter((b) => b.kind !== 'member' && b.message_ts === null)).toHaveLength(2);

    await app.restart();
    app.clock.advance(60_000);
    await app.running.runBackgroundPass();
    await app.running.runBackgroundPass();
    const delivered = briefingPosts().map((c) => c.args.channel);
    expect(delivered.sort()).toEqual(['C0SHOP', 'D0BOB', 'D0CAROL', 'D0DANA']);
    for (const channel of ['C0SHOP', 'D0BOB', 'D0CAROL', 'D0DANA']) {
      expect(app.fake.messagesIn(channel).filter((m) => m.metadata)).toHaveLength(1);
    }
    expect((await briefings()).every((b) => b.kind === 'member' || b.message_ts !== null)).toBe(true);
  });

  it('finds a direct message that landed before a crash instead of sending it again', async () => {
    const row = await proposeAnswered();
    await mapAndConfirm(row);
    // As if the process had died after Slack took the message but before its ts was stored.
    await app.db.rows("update briefings set message_ts = null where recipient = 'U0BOB'");
    await app.db.rows("update outbox set status = 'pending' where dedupe_key like 'briefing:%'");
    await app.running.runBackgroundPass();
    expect(briefingPosts('D0BOB')).toHaveLength(1);
    expect((await briefings()).find((b) => b.recipient === 'U0BOB')?.message_ts).toBe(
      app.fake.messagesIn('D0BOB')[0]?.ts,
    );
  });

  it("briefs a private channel's decision by direct message only, and reminds a day before its go-live date", async () => {
    app.fake.setChannel('G0SECRET', { isPrivate: true, isMember: true, members: ['U0ALICE', 'U0BOB'] });
    await app.slack.interactive(proposalSubmission({ title: 'Secret voucher', channel: 'G0SECRET' }));
    await expect.poll(async () => (await app.db.row('select count(*) as n from prompts'))?.n).toBe(3);
    const row = await decision();
    await app.slack.interactive(
      answerSubmission(row.id, 'U0BOB', { q1: ['yes', null], q2: ['positive', 'Nice'], q3: ['both', null] }),
    );
    await mapPath(row.id, { 1: { note: 'Vouchers at the till', channels: ['C0SHOP'] } }, { goLive: '2033-06-20' });
    await settle();
    await confirmDecision(row.id, () =>
      app.slack.interactive(
        buttonClick(
          { action_id: 'confirm_decision', value: String(row.id) },
          { channel: 'G0SECRET', messageTs: row.card_ts, user: 'U0ALICE' },
        ),
      ),
    );
    await settle();
    expect(
      briefingPosts()
        .map((c) => c.args.channel)
        .sort(),
    ).toEqual(['D0DANA', 'D0NEW', 'D0ZED']);
    expect(app.fake.messagesIn('C0SHOP')).toEqual([]);
    expect(JSON.stringify(briefingPosts('D0ZED')[0]?.args.blocks)).toContain('*From:* 2033-06-20');

    // Two days later is still more than a day before the go-live date; the day before it, the reminder goes.
    app.clock.set('2033-06-18T12:00:00Z');
    await app.running.runBackgroundPass();
    expect(briefingPosts().filter((c) => partOf(c) === 'reminder')).toHaveLength(0);
    app.clock.set('2033-06-19T00:00:01Z');
    await app.running.runBackgroundPass();
    expect(briefingPosts().filter((c) => partOf(c) === 'reminder')).toHaveLength(3);
  });

  it(
    'asks whoever confirmed before briefing more than 500 people, and sends once they agree',
    { timeout: 60_000 },
    async () => {
      const crowd = Array.from({ length: 501 }, (_, i) => `U${String(i).padStart(6, '0')}`);
      app.fake.setUsergroup('S0ALL', { handle: 'everyone', users: crowd });
      const row = await proposeAnswered();
      await mapPath(row.id, { 1: { note: 'Vouchers at the till', groups: '@everyone' } });
      await settle();
      await confirmDecision(row.id, () => cardClick('confirm_decision', row));
      await settle();
      expect(briefingPosts()).toHaveLength(0);
      expect(await briefings()).toEqual([]);
      const asked = app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U0ALICE');
      expect(asked).toHaveLength(1);
      expect(String(asked[0]?.args.text)).toContain('501 people');
      expect(JSON.stringify(asked[0]?.args.blocks)).toContain('briefing_send_large');

      const send = (user: string) =>
        app.slack.interactive(
          buttonClick(
            { action_id: 'briefing_send_large', value: `${row.id}:1` },
            { channel: 'D0ALICE', messageTs: '1.1', user },
          ),
        );
      await send('U0BOB');
      await settle();
      expect(String(ephemeralTo('U0BOB').at(-1)?.args.text)).toContain('Only the person who confirmed');
      expect(await briefings()).toEqual([]);
      await send('U0ALICE');
      await settle();
      expect(briefingPosts()).toHaveLength(501);
      expect(new Set(briefingPosts().map((c) => c.args.channel)).size).toBe(501);
      await send('U0ALICE');
      await settle();
      expect(briefingPosts()).toHaveLength(501);
    },
  );

  it('lets admins rename and add stages with /decision touchpoints; the proposal form offers them', async () => {
    const refused = await app.commandReply({ text: 'touchpoints Discover; Delivery: couriers', user_id: 'U0MALLORY' });
    expect(refused.text).toContain('admin');
    expect(await app.db.row('select path_stages from team_settings')).toBeUndefined();

    app.fake.setUser('U0ALICE', { is_admin: true });
    const set = await app.commandReply({ text: 'touchpoints Discover; Delivery: couriers' });
    expect(set.text).toContain('*Delivery*: couriers');
    await app.slack.command({ text: '' });
    const [form] = await app.fake.waitForCalls('views.open');
    const blocks = (form?.args.view as { blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] })
      .blocks;
    expect(blocks.find((b) => b.block_id === 'touchpoints')?.element?.options?.map((o) => o.value)).toEqual([
      'Discover',
      'Delivery',
    ]);

    const proposal = proposalSubmission({ title: 'Next-day delivery' });
    Object.assign(proposal.view.state.values, {
      touchpoints: { value: { type: 'checkboxes', selected_options: [{ value: 'Delivery' }] } },
      go_live: { value: { type: 'datepicker', selected_date: '2033-07-01' } },
    });
    expect((await app.slack.interactive(proposal)).body).toBe('');
    await settle();
    expect(await app.db.rows('select stage, users from touchpoints')).toEqual([{ stage: 'Delivery', users: '[]' }]);
    expect((await app.db.row('select go_live from decisions'))?.go_live).toBe('2033-07-01');
    const card = app.fake.callsTo('chat.postMessage').find((c) => String(c.args.text).startsWith('Decision:'));
    expect(JSON.stringify(card?.args.blocks)).toContain('nobody to brief yet at Delivery');
  });
});
