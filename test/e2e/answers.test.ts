import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  A_PREDICTION,
  answerSubmission,
  confirmSubmission,
  type GivenAnswers,
  messageEvent,
  newTs,
  proposalSubmission,
} from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

interface Row {
  id: number;
  status: string;
  card_ts: string;
  thread_ts: string;
  decided_by: string | null;
}

const decision = async () => (await app.db.row('select * from decisions order by id limit 1')) as unknown as Row;
const answers = async (all = false) =>
  (await app.db.rows(
    `select question, user_id, choice, text, superseded_at from answers ${all ? '' : 'where superseded_at is null'} order by id`,
  )) as {
    question: number;
    user_id: string;
    choice: string;
    text: string | null;
    superseded_at: number | null;
  }[];
const audit = async () =>
  (await app.db.rows('select from_status, to_status, user_id from status_changes order by id')) as {
    from_status: string | null;
    to_status: string;
    user_id: string;
  }[];
/** Everything the app does for the requests so far (Slack calls after the ack included) is done. */
const settle = () => app.running.idle();

/** Proposes through the modal and waits until the card and prompts are in Slack. */
async function propose(title = 'Close the shop on Sundays'): Promise<Row> {
  await app.slack.interactive(proposalSubmission({ title }));
  await app.fake.waitForCalls('chat.postMessage', 4);
  await expect.poll(() => app.db.row('select count(*) as n from prompts')).toEqual({ n: 3 });
  return await decision();
}

function click(actionId: string, value: string, user: string, row: Row, messageTs = row.card_ts) {
  return app.slack.interactive({
    type: 'block_actions',
    team: { id: 'T0001', domain: 'example' },
    user: { id: user, username: user, team_id: 'T0001' },
    api_app_id: 'A0FAKE',
    container: { type: 'message', message_ts: messageTs, channel_id: 'C0GENERAL', is_ephemeral: false },
    trigger_id: nextTriggerId(),
    channel: { id: 'C0GENERAL', name: 'general' },
    message: { type: 'message', ts: messageTs, text: 'x' },
    response_url: app.fake.responseUrl,
    actions: [{ type: 'button', block_id: 'b', action_id: actionId, value, action_ts: newTs() }],
    state: { values: {} },
  });
}

/** Confirm on the card, then the confirm form (which opens once the gate allows it) submitted with a prediction. */
async function confirmWithPrediction(row: Row, user: string) {
  const opened = app.fake.callsTo('views.open').length;
  await click('confirm_decision', String(row.id), user, row);
  await app.fake.waitForCalls('views.open', opened + 1);
  return app.slack.interactive(confirmSubmission(row.id, user, A_PREDICTION));
}

function submitAnswers(row: Row, user: string, given: GivenAnswers, metadata?: string) {
  return app.slack.interactive(answerSubmission(row.id, user, given, metadata === undefined ? {} : { metadata }));
}

const fullAnswer: GivenAnswers = {
  q1: ['yes', 'They asked for it'],
  q2: ['positive', 'Finally, a day of rest for the staff'],
  q3: ['customer_satisfaction', null],
};

describe('answering', () => {
  it('opens the answer modal for one question from its prompt, and for all three from the card', async () => {
    const row = await propose();
    const prompts = (await app.db.rows('select question, ts from prompts order by question')) as {
      ts: string;
    }[];
    await click('answer_question', `${row.id}:2`, 'U0BOB', row, prompts[1]?.ts);
    await click('answer_all', String(row.id), 'U0BOB', row);
    const [one, all] = await app.fake.waitForCalls('views.open', 2);
    const blockIds = (call: typeof one) =>
      ((call?.args.view as { blocks: { block_id?: string }[] }).blocks ?? []).flatMap((b) =>
        b.block_id ? [b.block_id] : [],
      );
    expect(blockIds(one)).toEqual(['q2_choice', 'q2_text', 'customer_profile']);
    expect(blockIds(all)).toEqual([
      'q1_choice',
      'q1_text',
      'q2_choice',
      'q2_text',
      'q3_choice',
      'q3_text',
      'customer_profile',
    ]);
    const view = one?.args.view as { private_metadata: string; title: { text: string } };
    expect(JSON.parse(view.private_metadata)).toEqual({ decisionId: row.id, questions: [2] });
    expect(view.title.text.length).toBeLessThanOrEqual(24);
  });

  it('stores each answer before redrawing the prompts and the card with who answered and a summary', async () => {
    const row = await propose();
    const res = await submitAnswers(row, 'U0BOB', fullAnswer);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(await answers()).toEqual([
      { question: 1, user_id: 'U0BOB', choice: 'yes', text: 'They asked for it', superseded_at: null },
      {
        question: 2,
        user_id: 'U0BOB',
        choice: 'positive',
        text: 'Finally, a day of rest for the staff',
        superseded_at: null,
      },
      { question: 3, user_id: 'U0BOB', choice: 'customer_satisfaction', text: null, superseded_at: null },
    ]);
    const updates = await app.fake.waitForCalls('chat.update', 4);
    const card = updates.find((u) => u.args.ts === row.card_ts);
    const cardBlocks = JSON.stringify(card?.args.blocks);
    expect(cardBlocks).toContain('Motive: 1 customer satisfaction');
    expect(cardBlocks).toContain(':white_check_mark: Values (1)');
    const prompt2 = updates.find((u) => String(u.args.text).startsWith('Question 2'));
    expect(JSON.stringify(prompt2?.args.blocks)).toContain('<@U0BOB> *Positive*: Finally, a day of rest for the staff');
  });

  it('keeps the earlier answer as history when a person answers again, and counts several people', async () => {
    const row = await propose();
    await submitAnswers(row, 'U0BOB', { q3: ['profit', 'Sundays cost us'] });
    await submitAnswers(row, 'U0CAROL', { q3: ['profit', null] });
    await submitAnswers(row, 'U0BOB', { q3: ['both', 'On reflection, both'] });
    await app.fake.waitForCalls('chat.update', 12);
    expect((await answers()).map((a) => [a.user_id, a.choice])).toEqual([
      ['U0CAROL', 'profit'],
      ['U0BOB', 'both'],
    ]);
    const history = await answers(true);
    expect(history).toHaveLength(3);
    expect(history[0]).toMatchObject({ user_id: 'U0BOB', choice: 'profit', text: 'Sundays cost us' });
    expect(history[0]?.superseded_at).toBeGreaterThan(0);
    const lastCard = app.fake
      .callsTo('chat.update')
      .filter((u) => u.args.ts === row.card_ts)
      .at(-1);
    expect(JSON.stringify(lastCard?.args.blocks)).toContain('Motive: 1 profit · 1 both');
  });

  it("prefills the form with the person's current answer", async () => {
    const row = await propose();
    await submitAnswers(row, 'U0BOB', { q1: ['partly', 'Mostly'] });
    await click('answer_question', `${row.id}:1`, 'U0BOB', row);
    const [open] = await app.fake.waitForCalls('views.open');
    const blocks = (open?.args.view as { blocks: { block_id?: string; element?: Record<string, unknown> }[] }).blocks;
    expect(blocks.find((b) => b.block_id === 'q1_choice')?.element?.initial_option).toMatchObject({ value: 'partly' });
    expect(blocks.find((b) => b.block_id === 'q1_text')?.element?.initial_value).toBe('Mostly');
  });

  it.each([
    ['no choice', { q1: [null, 'why'] } as GivenAnswers, { q1_choice: 'Pick one of the options.' }],
    ['an unknown choice', { q3: ['greed', null] } as GivenAnswers, { q3_choice: 'Pick one of the options.' }],
    [
      'no words for question 2',
      { q2: ['mixed', '  '] } as GivenAnswers,
      { q2_text: 'Write what our typical customer would say.' },
    ],
    [
      'an over-long reason',
      { q1: ['yes', 'x'.repeat(3001)] } as GivenAnswers,
      { q1_text: 'Keep this to 3000 characters or fewer.' },
    ],
  ])('refuses %s on the right field and stores nothing', async (_name, given, errors) => {
    const row = await propose();
    const res = await submitAnswers(row, 'U0BOB', given);
    expect(res.json()).toEqual({ response_action: 'errors', errors });
    await settle();
    expect(await answers(true)).toEqual([]);
    expect(app.fake.callsTo('chat.update')).toHaveLength(0);
  });

  it.each([
    ['not JSON', 'not json'],
    ["naming another team's or a missing decision", JSON.stringify({ decisionId: 999, questions: [1] })],
    ['asking a fourth question', JSON.stringify({ decisionId: 1, questions: [4] })],
  ])('refuses a form whose metadata is %s and stores nothing', async (_name, metadata) => {
    const row = await propose();
    const res = await submitAnswers(row, 'U0BOB', { q1: ['yes', null] }, metadata);
    expect((res.json() as { response_action: string }).response_action).toBe('errors');
    await settle();
    expect(await answers(true)).toEqual([]);
  });

  it('keeps the answer when chat.update fails', async () => {
    const row = await propose();
    app.fake.fail('chat.update', { kind: 'http', status: 500 }, 4);
    const res = await submitAnswers(row, 'U0BOB', fullAnswer);
    expect(res.status).toBe(200);
    await app.fake.waitForCalls('chat.update', 4);
    expect(await answers()).toHaveLength(3);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("stores hand-written replies in a decision's thread as its discussion, once, and ignores other threads", async () => {
    const row = await propose();
    const reply = messageEvent({ text: 'I think regulars will mind', user: 'U0CAROL', thread_ts: row.thread_ts });
    await app.slack.event(reply);
    await app.slack.event(reply, { eventId: 'EvAGAIN' });
    await app.slack.event(messageEvent({ text: 'unrelated', thread_ts: '1690000000.424242' }));
    await settle();
    expect(await app.db.rows('select decision_id, user_id, text, ts from discussion')).toEqual([
      { decision_id: row.id, user_id: 'U0CAROL', text: 'I think regulars will mind', ts: reply.ts },
    ]);
  });
});

describe('the customer profile', () => {
  it('invites the first answerer to describe the customer, then shows it beside questions 1 and 2', async () => {
    const row = await propose();
    const [, prompt1] = app.fake.callsTo('chat.postMessage');
    expect(JSON.stringify(prompt1?.args.blocks)).toContain('No customer profile yet');
    await submitAnswers(row, 'U0BOB', { ...fullAnswer, profile: 'Busy parents who value <convenience>' });
    expect(await app.db.row('select customer_profile, customer_profile_by from team_settings')).toEqual({
      customer_profile: 'Busy parents who value <convenience>',
      customer_profile_by: 'U0BOB',
    });
    const updates = await app.fake.waitForCalls('chat.update', 4);
    const q1 = updates.find((u) => String(u.args.text).startsWith('Question 1'));
    const q3 = updates.find((u) => String(u.args.text).startsWith('Question 3'));
    expect(JSON.stringify(q1?.args.blocks)).toContain('Busy parents who value &lt;convenience&gt;');
    expect(JSON.stringify(q3?.args.blocks)).not.toContain('Busy parents');
  });

  it('is edited with /decision customer', async () => {
    await app.slack.command({ text: 'customer' });
    const [open] = await app.fake.waitForCalls('views.open');
    expect((open?.args.view as { callback_id: string }).callback_id).toBe('customer_profile');
    const res = await app.slack.interactive({
      type: 'view_submission',
      team: { id: 'T0001' },
      user: { id: 'U0ALICE' },
      view: {
        id: 'V1',
        callback_id: 'customer_profile',
        state: { values: { customer_profile: { value: { type: 'plain_text_input', value: 'Students on a budget' } } } },
      },
    });
    expect(res.status).toBe(200);
    expect(await app.db.row('select customer_profile from team_settings')).toEqual({
      customer_profile: 'Students on a budget',
    });
  });
});

describe('the gate', () => {
  it('refuses to confirm until every question is answered, listing the missing ones, then confirms', async () => {
    const row = await propose();
    await submitAnswers(row, 'U0BOB', { q1: ['yes', null] });
    await click('confirm_decision', String(row.id), 'U0ALICE', row);
    const [refusal] = await app.fake.waitForCalls('chat.postEphemeral');
    expect(refusal?.args.user).toBe('U0ALICE');
    const text = String(refusal?.args.text);
    expect(text).toContain('2. What would our typical customer say about this decision?');
    expect(text).toContain('3. What is our motivation for making this change?');
    expect(text).not.toContain('1. Does this align');
    expect((await decision()).status).toBe('open');

    await submitAnswers(row, 'U0BOB', { q2: ['mixed', 'Some will mind'], q3: ['both', null] });
    await confirmWithPrediction(row, 'U0ALICE');
    await expect.poll(async () => (await decision()).status).toBe('confirmed');
    expect((await decision()).decided_by).toBe('U0ALICE');
    expect((await audit()).at(-1)).toEqual({ from_status: 'open', to_status: 'confirmed', user_id: 'U0ALICE' });
    const line = await app.fake.waitForCalls('chat.postMessage', 1, (c) =>
      String(c.args.text).includes('Confirmed by'),
    );
    expect(line[0]?.args.thread_ts).toBe(row.thread_ts);
    const lastCard = app.fake
      .callsTo('chat.update')
      .filter((u) => u.args.ts === row.card_ts)
      .at(-1);
    const blocks = JSON.stringify(lastCard?.args.blocks);
    expect(blocks).toContain('Confirmed by <@U0ALICE>');
    expect(blocks).toContain('reopen_decision');
    expect(blocks).not.toContain('confirm_decision');
  });

  it("needs the workspace's required number of answers", async () => {
    app.fake.setUser('U0ALICE', { is_admin: true });
    await app.commandReply({ text: 'required 2' });
    const row = await propose();
    await submitAnswers(row, 'U0BOB', fullAnswer);
    await click('confirm_decision', String(row.id), 'U0ALICE', row);
    const [refusal] = await app.fake.waitForCalls('chat.postEphemeral');
    expect(String(refusal?.args.text)).toContain('each question needs 2 answers');
    await submitAnswers(row, 'U0CAROL', fullAnswer);
    await confirmWithPrediction(row, 'U0ALICE');
    await expect.poll(async () => (await decision()).status).toBe('confirmed');
  });

  it('lets only the proposer or an approver confirm or reject, and only the proposer withdraw', async () => {
    const row = await propose();
    await submitAnswers(row, 'U0BOB', fullAnswer);
    await click('confirm_decision', String(row.id), 'U0MALLORY', row);
    await click('reject_decision', String(row.id), 'U0MALLORY', row);
    await click('withdraw_decision', String(row.id), 'U0MALLORY', row);
    const refusals = await app.fake.waitForCalls('chat.postEphemeral', 3);
    expect(refusals.map((r) => r.args.user)).toEqual(['U0MALLORY', 'U0MALLORY', 'U0MALLORY']);
    // Each refusal is told after its click's ack, so they may arrive in any order.
    const told = refusals.map((r) => String(r.args.text));
    expect(told.some((t) => t.includes('Only <@U0ALICE>, who proposed it, can confirm'))).toBe(true);
    expect(told.some((t) => t.includes('Only <@U0ALICE>, who proposed it, can reject'))).toBe(true);
    expect(told.some((t) => t.includes('can withdraw'))).toBe(true);
    expect((await decision()).status).toBe('open');
    expect(await audit()).toHaveLength(1);

    // The first approvers are set by a workspace admin.
    app.fake.setUser('U0CAROL', { is_admin: true });
    const set = await app.commandReply({ text: 'approvers <@U0DANA|dana>', user_id: 'U0CAROL' });
    expect(set.text).toContain('Approvers are now <@U0DANA>');
    await click('withdraw_decision', String(row.id), 'U0DANA', row);
    await app.fake.waitForCalls('chat.postEphemeral', 4);
    expect((await decision()).status).toBe('open');
    await click('reject_decision', String(row.id), 'U0DANA', row);
    await expect.poll(async () => (await decision()).status).toBe('rejected');
    expect((await audit()).at(-1)).toEqual({ from_status: 'open', to_status: 'rejected', user_id: 'U0DANA' });
  });

  it('lets an approver reopen a decided decision, and only an approver', async () => {
    app.fake.setUser('U0CAROL', { is_owner: true });
    await app.commandReply({ text: 'approvers <@U0DANA|dana>', user_id: 'U0CAROL' });
    const row = await propose();
    await click('reject_decision', String(row.id), 'U0ALICE', row);
    await expect.poll(async () => (await decision()).status).toBe('rejected');
    await click('reopen_decision', String(row.id), 'U0ALICE', row);
    const [refusal] = await app.fake.waitForCalls('chat.postEphemeral');
    expect(String(refusal?.args.text)).toContain('Only an approver can reopen');
    await click('reopen_decision', String(row.id), 'U0DANA', row);
    await expect.poll(async () => (await decision()).status).toBe('open');
    expect((await audit()).map((a) => a.to_status)).toEqual(['open', 'rejected', 'open']);
  });

  it('lets the proposer withdraw', async () => {
    const row = await propose();
    await click('withdraw_decision', String(row.id), 'U0ALICE', row);
    await expect.poll(async () => (await decision()).status).toBe('withdrawn');
    await app.fake.waitForCalls('chat.postMessage', 1, (c) => String(c.args.text).includes('Withdrawn by <@U0ALICE>'));
  });

  it('turns two confirmations and a rejection at once into one transition', async () => {
    const row = await propose();
    await submitAnswers(row, 'U0BOB', fullAnswer);
    const results = await Promise.all([
      app.slack.interactive(confirmSubmission(row.id, 'U0ALICE', A_PREDICTION)),
      app.slack.interactive(confirmSubmission(row.id, 'U0ALICE', A_PREDICTION)),
      click('reject_decision', String(row.id), 'U0ALICE', row),
    ]);
    await settle();
    expect((await audit()).filter((a) => a.from_status === 'open')).toHaveLength(1);
    // Whoever came second is told, on the form or by an ephemeral message, that the decision has moved on.
    const refusedForms = results.filter((r) => r.body !== '' && JSON.stringify(r.json()).includes('errors'));
    expect(refusedForms.length + app.fake.callsTo('chat.postEphemeral').length).toBe(2);
    expect(
      app.fake.callsTo('chat.postMessage').filter((c) => /(Confirmed|Rejected) by/.test(String(c.args.text))),
    ).toHaveLength(1);
  });

  it("ignores a click that names another channel's decision", async () => {
    const row = await propose();
    await app.slack.interactive({
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: 'U0ALICE' },
      trigger_id: nextTriggerId(),
      channel: { id: 'C0ELSEWHERE' },
      container: { type: 'message', message_ts: row.card_ts, channel_id: 'C0ELSEWHERE' },
      actions: [{ type: 'button', action_id: 'withdraw_decision', value: String(row.id), action_ts: newTs() }],
    });
    await settle();
    expect((await decision()).status).toBe('open');
    expect(await audit()).toHaveLength(1);
  });

  it('closes answers once a decision is decided', async () => {
    const row = await propose();
    await click('withdraw_decision', String(row.id), 'U0ALICE', row);
    await expect.poll(async () => (await decision()).status).toBe('withdrawn');
    const res = await submitAnswers(row, 'U0BOB', fullAnswer);
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { q1_choice: 'This decision is withdrawn, so its answers are closed.' },
    });
    expect(await answers(true)).toEqual([]);
  });
});
