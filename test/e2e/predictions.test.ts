import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  A_PREDICTION,
  answerSubmission,
  buttonClick,
  confirmSubmission,
  type GivenPrediction,
  newTs,
  outcomeSubmission,
  proposalSubmission,
  viewClick,
} from '../rig/payloads.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

const DAY = 24 * 3600 * 1000;
const ASK = 'How did customers actually react?';

interface Row {
  id: number;
  status: string;
  card_ts: string;
  thread_ts: string;
  decided_at: number | null;
}

interface PredictionRow {
  skipped: boolean | number;
  expected_reaction: string | null;
  confidence: number | null;
  signal: string | null;
  due_at: number | null;
  asked_at: number | null;
  reminded_at: number | null;
  too_early_count: number;
  actual_reaction: string | null;
  evidence: string | null;
  decide_again: string | null;
  recorded_by: string | null;
}

const decision = async (id?: number) =>
  (await app.db.row(`select * from decisions ${id ? `where id = ${id}` : 'order by id limit 1'}`)) as unknown as Row;
const prediction = async (id: number) =>
  (await app.db.row('select * from predictions where decision_id = ?', id)) as unknown as PredictionRow | undefined;
/** A stored moment as milliseconds, on either engine. */
const ms = (at: number | string | Date | null | undefined) => (at == null ? null : new Date(at).getTime());

/** Proposes, answers the three questions and waits until the card and prompts are in Slack. */
async function proposeAndAnswer(title = 'Close the shop on Sundays', channel = 'C0GENERAL'): Promise<Row> {
  const before = app.fake.callsTo('chat.postMessage').length;
  await app.slack.interactive(proposalSubmission({ title, channel }));
  await app.fake.waitForCalls('chat.postMessage', before + 4);
  await app.running.idle();
  const row = (await app.db.row('select * from decisions where title = ?', title)) as unknown as Row;
  await app.slack.interactive(
    answerSubmission(row.id, 'U0BOB', {
      q1: ['yes', 'They asked for it'],
      q2: ['positive', 'Finally a day of rest <3'],
      q3: ['customer_satisfaction', null],
    }),
  );
  await app.running.idle();
  return row;
}

const click = (actionId: string, row: Row, user: string, where = { channel: 'C0GENERAL', messageTs: row.card_ts }) =>
  app.slack.interactive(buttonClick({ action_id: actionId, value: String(row.id) }, { ...where, user }));

async function confirm(row: Row, given: GivenPrediction = A_PREDICTION, user = 'U0ALICE') {
  return app.slack.interactive(confirmSubmission(row.id, user, given));
}

const asks = () => app.fake.callsTo('chat.postMessage').filter((c) => c.ok && String(c.args.text).includes(ASK));
const inThread = (row: Row) =>
  asks().filter((c) => c.args.channel === 'C0GENERAL' && c.args.thread_ts === row.thread_ts);
const toProposer = () => asks().filter((c) => c.args.channel === 'U0ALICE');

/** Moves the app's clock and runs one background pass. */
async function passAt(at: number) {
  app.clock.set(at);
  await app.running.runBackgroundPass();
  await app.running.idle();
}

describe('the prediction at confirmation', () => {
  it('opens the confirm form with question 2’s answers, refuses bad input, and stores the prediction with the confirmation', async () => {
    const row = await proposeAndAnswer();
    await click('confirm_decision', row, 'U0ALICE');
    const [open] = await app.fake.waitForCalls('views.open');
    const view = open?.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe('confirm_with_prediction');
    expect(JSON.parse(view.private_metadata)).toEqual({ decisionId: row.id });
    expect(JSON.stringify(view.blocks)).toContain('Finally a day of rest &lt;3');
    expect((await decision()).status).toBe('open');

    for (const [given, block, error] of [
      [{ ...A_PREDICTION, confidence: '120' }, 'confidence', 'Give a whole number from 50 to 95.'],
      [{ ...A_PREDICTION, confidence: '49' }, 'confidence', 'Give a whole number from 50 to 95.'],
      [
        { ...A_PREDICTION, expected: null },
        'expected_reaction',
        'Pick how you expect customers to react (or tick "Skip the review").',
      ],
      [
        { ...A_PREDICTION, signal: '   ' },
        'signal',
        'Write what will tell you how customers reacted (or tick "Skip the review").',
      ],
      [{ ...A_PREDICTION, signal: 'x'.repeat(301) }, 'signal', 'Keep this to 300 characters or fewer.'],
      [{ ...A_PREDICTION, afterDays: '-5' }, 'review_after', 'Pick 30, 60 or 90 days.'],
    ] as const) {
      const res = await confirm(row, given);
      expect(res.json()).toEqual({ response_action: 'errors', errors: { [block]: error } });
    }
    const tampered = await app.slack.interactive(
      confirmSubmission(row.id, 'U0ALICE', A_PREDICTION, '{"decisionId":"1; drop"}'),
    );
    expect((tampered.json() as { response_action: string }).response_action).toBe('errors');
    const forged = await app.slack.interactive(confirmSubmission(999, 'U0ALICE', A_PREDICTION));
    expect(forged.json()).toEqual({
      response_action: 'errors',
      errors: { expected_reaction: 'That decision no longer exists.' },
    });
    const stranger = await confirm(row, A_PREDICTION, 'U0MALLORY');
    expect(JSON.stringify(stranger.json())).toContain('can confirm this decision');
    expect((await decision()).status).toBe('open');
    expect(await prediction(row.id)).toBeUndefined();

    expect((await confirm(row)).status).toBe(200);
    const confirmed = await decision();
    expect(confirmed.status).toBe('confirmed');
    expect(await prediction(row.id)).toMatchObject({
      expected_reaction: 'welcome',
      confidence: 80,
      signal: 'fewer complaints about parking',
      too_early_count: 0,
      actual_reaction: null,
    });
    expect(ms((await prediction(row.id))?.due_at)).toBe(ms(confirmed.decided_at)! + 30 * DAY);
    await app.running.idle();
    const card = app.fake
      .callsTo('chat.update')
      .filter((u) => u.args.ts === row.card_ts)
      .at(-1);
    expect(JSON.stringify(card?.args.blocks)).toContain(
      'They will welcome it, 80 % sure; watching: fewer complaints about parking',
    );
  });

  it('confirms without a review only when "skip the review" is ticked, and never asks one', async () => {
    const row = await proposeAndAnswer();
    expect((await confirm(row, { skip: true, afterDays: null })).status).toBe(200);
    expect(await prediction(row.id)).toMatchObject({
      skipped: expect.anything(),
      due_at: null,
      expected_reaction: null,
    });
    expect(Boolean((await prediction(row.id))?.skipped)).toBe(true);
    await passAt(ms((await decision()).decided_at)! + 95 * DAY);
    expect(asks()).toEqual([]);
  });

  it('refuses the confirm form while a question is unanswered', async () => {
    await app.slack.interactive(proposalSubmission({ title: 'Unanswered' }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    await app.running.idle();
    const row = await decision();
    await click('confirm_decision', row, 'U0ALICE');
    const [refusal] = await app.fake.waitForCalls('chat.postEphemeral');
    expect(String(refusal?.args.text)).toContain('The empty chair is still waiting');
    expect(app.fake.callsTo('views.open')).toEqual([]);
    const res = await confirm(row);
    expect(JSON.stringify(res.json())).toContain('The empty chair is still waiting');
    expect((await decision()).status).toBe('open');
  });
});

describe('the review when it is due', () => {
  it('asks once at the due date in the thread and the proposer, records the outcome, reschedules "too early", and offers a linked follow-up', async () => {
    const row = await proposeAndAnswer();
    await confirm(row);
    await app.running.idle();
    const due = ms((await prediction(row.id))?.due_at)!;
    // 2033-07-15 is a Friday: the due moment falls in working hours (UTC).
    expect(new Date(due).getUTCDay()).toBe(5);

    await passAt(due - 60_000);
    expect(asks()).toEqual([]);

    await passAt(due + 60_000);
    expect(inThread(row)).toHaveLength(1);
    expect(toProposer()).toHaveLength(1);
    expect(String(toProposer()[0]?.args.text)).toBe(
      "It's been 30 days since *Close the shop on Sundays* was confirmed. How did customers actually react?",
    );
    expect(JSON.stringify(inThread(row)[0]?.args.blocks)).toContain('"action_id":"record_outcome"');
    // More passes, the same due date: nothing more.
    await passAt(due + 120_000);
    expect(asks()).toHaveLength(2);

    // Only the proposer or an approver records the outcome.
    await click('record_outcome', row, 'U0MALLORY');
    const [refusal] = await app.fake.waitForCalls('chat.postEphemeral', 1, (c) => c.args.user === 'U0MALLORY');
    expect(String(refusal?.args.text)).toContain('or an approver can record how customers reacted');
    const stranger = await app.slack.interactive(
      outcomeSubmission(row.id, 'U0MALLORY', { actual: 'welcomed', evidence: 'x', decideAgain: 'yes' }),
    );
    expect(JSON.stringify(stranger.json())).toContain('or an approver can record');

    // A tampered decision id, or metadata that is not the form's, changes nothing.
    const forged = await app.slack.interactive(
      outcomeSubmission(999, 'U0ALICE', { actual: 'welcomed', evidence: 'x', decideAgain: 'yes' }),
    );
    expect(forged.json()).toEqual({
      response_action: 'errors',
      errors: { actual_reaction: 'That decision is no longer there, so there is nothing to record.' },
    });
    const garbled = await app.slack.interactive(
      outcomeSubmission(row.id, 'U0ALICE', { actual: 'welcomed' }, '{"decisionId":-1}'),
    );
    expect(garbled.json()).toEqual({
      response_action: 'errors',
      errors: { actual_reaction: "This form is out of date; close it and open it again from the decision's card." },
    });
    // From the direct message: the outcome form opens.
    await click('record_outcome', row, 'U0ALICE', { channel: 'D0ALICE', messageTs: newTs() });
    const [open] = await app.fake.waitForCalls(
      'views.open',
      1,
      (c) => (c.args.view as { callback_id: string }).callback_id === 'record_outcome',
    );
    expect(JSON.stringify(open?.args.view)).toContain('Too early to tell');

    // Too early: asked again 30 days on, at most twice.
    const missing = await app.slack.interactive(outcomeSubmission(row.id, 'U0ALICE', { actual: 'welcomed' }));
    expect(missing.json()).toEqual({
      response_action: 'errors',
      errors: {
        evidence: 'Write what customers said or did.',
        decide_again: 'Say whether you would decide the same again.',
      },
    });
    const early = await app.slack.interactive(outcomeSubmission(row.id, 'U0ALICE', { actual: 'too_early' }));
    expect(early.status).toBe(200);
    await app.running.idle();
    const waited = await prediction(row.id);
    expect(waited).toMatchObject({ too_early_count: 1, asked_at: null, actual_reaction: null });
    const again = ms(waited?.due_at)!;
    expect(again).toBeGreaterThanOrEqual(due + 30 * DAY);
    await app.fake.waitForCalls('chat.postMessage', 1, (c) => String(c.args.text).includes('too early to tell'));

    // 30 days after a Friday is a Sunday: the review waits for Monday's working hours.
    expect(new Date(again).getUTCDay()).toBe(0);
    await passAt(again + 60_000);
    expect(asks()).toHaveLength(2);
    const monday = again + DAY - (again % DAY) + 9.5 * 3600 * 1000;
    await passAt(monday);
    expect(asks()).toHaveLength(4);
    expect(String(toProposer()[1]?.args.text)).toContain("It's been 60 days since");

    // The outcome: the card and the thread show it; "no" turns the form into a linked follow-up.
    const recorded = await app.slack.interactive(
      outcomeSubmission(row.id, 'U0ALICE', {
        actual: 'pushed_back',
        evidence: 'Regulars said <so> on the counter',
        decideAgain: 'no',
      }),
    );
    const update = recorded.json() as {
      response_action: string;
      view: { callback_id: string; blocks: unknown[] };
    };
    expect(update.response_action).toBe('update');
    expect(update.view.callback_id).toBe('propose_decision');
    expect(JSON.stringify(update.view.blocks)).toContain(`"initial_value":"${row.id}"`);
    expect(JSON.stringify(update.view.blocks)).toContain('Revisit: Close the shop on Sundays');
    expect(await prediction(row.id)).toMatchObject({
      actual_reaction: 'pushed_back',
      evidence: 'Regulars said <so> on the counter',
      decide_again: 'no',
      recorded_by: 'U0ALICE',
    });
    await app.running.idle();
    const card = app.fake
      .callsTo('chat.update')
      .filter((u) => u.args.ts === row.card_ts)
      .at(-1);
    expect(JSON.stringify(card?.args.blocks)).toContain('*Outcome:* They pushed back');
    expect(JSON.stringify(card?.args.blocks)).toContain('Regulars said &lt;so&gt; on the counter');
    const line = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => String(c.args.text).includes('recorded by <@U0ALICE>'));
    expect(line).toHaveLength(1);
    expect(line[0]?.args.thread_ts).toBe(row.thread_ts);
    // Recording twice changes nothing.
    const twice = await app.slack.interactive(
      outcomeSubmission(row.id, 'U0ALICE', { actual: 'welcomed', evidence: 'x', decideAgain: 'yes' }),
    );
    expect(JSON.stringify(twice.json())).toContain('already recorded');

    // The follow-up, proposed from the prefilled form, links both ways.
    const unknown = await app.slack.interactive(
      proposalSubmission({ title: 'Open on Sundays again', revisits: '999' }),
    );
    expect(unknown.json()).toEqual({
      response_action: 'errors',
      errors: { revisits: "Give the number of a decision you can see (it's in its Details), or leave this empty." },
    });
    await app.slack.interactive(proposalSubmission({ title: 'Open on Sundays again', revisits: String(row.id) }));
    await app.running.idle();
    const next = (await app.db.row("select id from decisions where title = 'Open on Sundays again'")) as { id: number };
    expect(await app.db.rows('select decision_id, revisits_id, created_by from decision_links')).toEqual([
      { decision_id: next.id, revisits_id: row.id, created_by: 'U0ALICE' },
    ]);
    await app.slack.command({ text: `show ${row.id}` });
    const [shown] = await app.fake.waitForCalls('views.open', 1, (c) =>
      JSON.stringify(c.args.view).includes('Revisited by'),
    );
    expect(JSON.stringify(shown?.args.view)).toContain(`Revisited by #${next.id}`);

    // The Home tab counts the review, and the export carries the prediction, the outcome and the links.
    await app.slack.event({
      type: 'app_home_opened',
      user: 'U0ALICE',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: newTs(),
    });
    await app.running.idle();
    const home = JSON.stringify(app.fake.callsTo('views.publish').at(-1)?.args.view);
    expect(home).toContain("Your team's customer sense");
    expect(home).toContain('1 prediction reviewed so far; not enough yet to say how well we read customers');
    await app.slack.command({ text: 'export' });
    await app.fake.waitForCalls('files.completeUploadExternal');
    const csv = JSON.stringify(app.fake.calls.find((c) => c.method.startsWith('upload/'))?.args);
    expect(csv).toContain(
      `welcome,80,fewer complaints about parking,no,${new Date(again).toISOString()},pushed_back,Regulars said <so> on the counter,no,U0ALICE,`,
    );
    expect(csv).toContain(`,no,,${next.id}`);
    expect(csv).toContain(`,,${row.id},`);
  });

  it('reminds the proposer once after 3 days, and asks nothing of a decision reopened and rejected', async () => {
    const row = await proposeAndAnswer();
    await confirm(row);
    const other = await proposeAndAnswer('Raise prices');
    await confirm(other);
    await app.running.idle();
    await click('reopen_decision', other, 'U0ALICE');
    await app.running.idle();
    await click('reject_decision', other, 'U0ALICE');
    await app.running.idle();
    expect((await decision(other.id)).status).toBe('rejected');

    const due = ms((await prediction(row.id))?.due_at)!;
    await passAt(due + 60_000);
    expect(asks()).toHaveLength(2);
    // Three days later is a Monday.
    await passAt(due + 3 * DAY + 120_000);
    const reminders = toProposer().filter((c) => String(c.args.text).startsWith('Reminder:'));
    expect(reminders).toHaveLength(1);
    await passAt(due + 6 * DAY + 120_000);
    expect(toProposer().filter((c) => String(c.args.text).startsWith('Reminder:'))).toHaveLength(1);
    expect(asks().every((c) => !String(c.args.text).includes('Raise prices'))).toBe(true);
    // After its reminder the review waits on the proposer's Home tab, and only theirs (no approvers are set).
    for (const user of ['U0ALICE', 'U0BOB']) {
      await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: newTs() });
    }
    await app.running.idle();
    const homeOf = (user: string) =>
      JSON.stringify(
        app.fake
          .callsTo('views.publish')
          .filter((c) => c.args.user_id === user)
          .at(-1)?.args.view,
      );
    expect(homeOf('U0ALICE')).toContain('Did customers react as we said?');
    expect(homeOf('U0BOB')).not.toContain('Did customers react as we said?');
    expect(homeOf('U0ALICE')).toContain(
      `"action_id":"record_outcome","text":{"type":"plain_text","text":"Record"},"value":"${row.id}"`,
    );
  });

  it('posts once when the app restarts at the due time, and retries a post Slack refused without posting twice', async () => {
    const row = await proposeAndAnswer();
    await confirm(row);
    await app.running.idle();
    const due = ms((await prediction(row.id))?.due_at)!;
    app.clock.set(due + 60_000);
    app.fake.fail('chat.postMessage', { kind: 'error', error: 'internal_error' }, 1);
    await app.restart();
    await app.running.idle();
    await app.restart();
    await app.running.idle();
    await passAt(due + 5 * 60_000);
    await passAt(due + 15 * 60_000);
    expect(inThread(row)).toHaveLength(1);
    expect(toProposer()).toHaveLength(1);
    expect(await app.db.rows("select status from outbox where kind = 'review_ask'")).toEqual([
      { status: 'done' },
      { status: 'done' },
    ]);
  });
});

describe("the team's customer sense", () => {
  it('shows the match rate and Brier score on the Home tab once 5 predictions are reviewed', async () => {
    const { decisions, predictions } = app.database.schema;
    const at = app.clock.now();
    // Five confirmed decisions predicted at 80 %: three came true, two did not.
    const outcomes = ['welcomed', 'welcomed', 'welcomed', 'pushed_back', 'unnoticed'] as const;
    for (const [i, actual] of outcomes.entries()) {
      const [d] = await app.database.run((db) =>
        db
          .insert(decisions)
          .values({
            teamId: 'T0001',
            channelId: 'C0GENERAL',
            channelIsPrivate: false,
            source: 'command',
            title: `Reviewed ${i}`,
            category: 'pricing',
            proposerId: 'U0ALICE',
            status: 'confirmed',
            messageTs: newTs(),
            createdAt: at,
            decidedAt: at,
          })
          .returning(),
      );
      await app.database.run((db) =>
        db.insert(predictions).values({
          teamId: 'T0001',
          decisionId: d!.id,
          expectedReaction: 'welcome',
          confidence: 80,
          signal: 'sales',
          afterDays: 30,
          dueAt: at,
          askedAt: at,
          actualReaction: actual,
          evidence: 'seen',
          decideAgain: 'yes',
          recordedBy: 'U0ALICE',
          recordedAt: at,
          predictedBy: 'U0ALICE',
          createdAt: at,
        }),
      );
    }
    await app.slack.event({
      type: 'app_home_opened',
      user: 'U0BOB',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: newTs(),
    });
    await app.running.idle();
    const home = JSON.stringify(app.fake.callsTo('views.publish').at(-1)?.args.view);
    expect(home).toContain('*Overall*: 5 predictions reviewed.');
    expect(home).toContain('Customers reacted as predicted 60 % of the time.');
    // (3 × 0.2² + 2 × 0.8²) / 5 = 0.28
    expect(home).toContain('Brier score 0.28');
    expect(home).toContain('*Pricing*: 5 predictions reviewed.');
  });
});

describe('the digest', () => {
  it("lists the week's due and overdue reviews (a private channel's only counted), and the calibration once a month", async () => {
    app.fake.setChannel('C0SECRET', { isPrivate: true, isMember: true });
    const open = await proposeAndAnswer('Move the parking');
    const secret = await proposeAndAnswer('Secret supplier change', 'C0SECRET');
    const reviewed = await proposeAndAnswer('Longer hours');
    const skipped = await proposeAndAnswer('New logo');
    for (const row of [open, secret, reviewed]) await confirm(row);
    await confirm(skipped, { skip: true });
    await app.running.idle();
    const preview = async () => {
      const before = app.fake.callsTo('response/hook').length;
      await app.slack.command({ text: 'digest', channel_id: 'C0GENERAL' });
      const hooks = await app.fake.waitForCalls('response/hook', before + 1);
      return JSON.stringify(hooks.at(-1)?.args.blocks);
    };
    expect(await preview()).toContain('1 decision confirmed this week without a review of how customers reacted.');
    await passAt(ms((await prediction(open.id))?.due_at)! + 60_000);
    await app.slack.interactive(
      outcomeSubmission(reviewed.id, 'U0ALICE', { actual: 'welcomed', evidence: 'Queues at 8pm', decideAgain: 'yes' }),
    );
    await app.running.idle();

    // The preview covers the 7 days before now: from Jul 20, the review due on Jul 15 is overdue, and a
    // digest ending on the 27th is not the month's first.
    app.clock.set('2033-07-27T10:00:00Z');
    const weekly = await preview();
    expect(weekly).toContain('*Did customers react as we said?* (2 reviews due or overdue, waiting for an outcome)');
    expect(weekly).toContain('Move the parking');
    expect(weekly).toContain('overdue since Jul 15');
    expect(weekly).not.toContain('Secret supplier change');
    expect(weekly).toContain('+ 1 decision in private channels, counted but not shown here.');
    expect(weekly).not.toContain("Your team's customer sense");
    // A digest ending on August 5 is the month's first: it carries the calibration.
    app.clock.set('2033-08-05T10:00:00Z');
    const monthly = await preview();
    expect(monthly).toContain("*Your team's customer sense* (this month)");
    expect(monthly).toContain('1 prediction reviewed so far; not enough yet');
    expect(monthly).not.toContain('Longer hours');
  });
});

describe('/decision supersede', () => {
  it('links a decision to the one it revisits, for its proposer or an approver, both directions in Details', async () => {
    const old = await proposeAndAnswer('Close on Sundays');
    const next = await proposeAndAnswer('Open on Sunday mornings');
    const reply = async (text: string, user = 'U0ALICE') => (await app.commandReply({ text, user_id: user })).text;
    expect(await reply('supersede 31')).toBe(
      'Name the newer decision, then the one it revisits, by number: `/decision supersede 31 12`.',
    );
    expect(await reply(`supersede ${next.id} ${next.id}`)).toContain('Name the newer decision');
    expect(await reply(`supersede ${next.id} 999`)).toBe(await reply('show 999'));
    expect(await reply(`supersede ${next.id} ${old.id}`, 'U0MALLORY')).toBe(
      'Only the proposer of the newer decision or an approver can mark what it revisits; ask one of them.',
    );
    expect(await app.db.rows('select * from decision_links')).toEqual([]);
    expect(await reply(`supersede #${next.id} #${old.id}`)).toBe(
      `Done: #${next.id} now revisits #${old.id}; both show the link in their Details.`,
    );
    expect(await app.db.rows('select decision_id, revisits_id from decision_links')).toEqual([
      { decision_id: next.id, revisits_id: old.id },
    ]);
    const details = async (id: number) => {
      const before = app.fake.callsTo('views.open').length;
      await app.slack.command({ text: `show ${id}` });
      const opened = await app.fake.waitForCalls('views.open', before + 1);
      return JSON.stringify(opened.at(-1)?.args.view);
    };
    expect(await details(next.id)).toContain(`Revisits #${old.id}`);
    expect(await details(old.id)).toContain(`Revisited by #${next.id}`);
  });
});

describe('privacy of reviews', () => {
  it("keeps a private channel's review from an approver who is not in the channel", async () => {
    app.fake.setUser('U0CAROL', { is_admin: true });
    expect((await app.commandReply({ text: 'approvers <@U0DANA|dana>', user_id: 'U0CAROL' })).text).toContain('U0DANA');
    app.fake.setChannel('C0SECRET', { isPrivate: true, isMember: true, members: ['U0ALICE', 'U0BOB'] });
    const row = await proposeAndAnswer('Secret supplier change', 'C0SECRET');
    await confirm(row);
    await app.running.idle();
    await passAt(ms((await prediction(row.id))?.due_at)! + 60_000);
    expect(toProposer()).toHaveLength(1);

    await app.slack.interactive(viewClick('U0DANA', { action_id: 'record_outcome', value: String(row.id) }));
    const [told] = await app.fake.waitForCalls('chat.postMessage', 1, (c) => c.args.channel === 'U0DANA');
    expect(String(told?.args.text)).toContain("belongs to a private channel you're not in");
    expect(
      app.fake.callsTo('views.open').filter((c) => JSON.stringify(c.args.view).includes('record_outcome')),
    ).toEqual([]);
    const res = await app.slack.interactive(
      outcomeSubmission(row.id, 'U0DANA', { actual: 'welcomed', evidence: 'x', decideAgain: 'yes' }),
    );
    expect(JSON.stringify(res.json())).toContain("belongs to a private channel you're not in");
    expect(await prediction(row.id)).toMatchObject({ actual_reaction: null });
    // Nor may they confirm another of its decisions from a forged form.
    const other = await proposeAndAnswer('Another secret', 'C0SECRET');
    const confirmed = await app.slack.interactive(confirmSubmission(other.id, 'U0DANA', A_PREDICTION));
    expect(JSON.stringify(confirmed.json())).toContain("belongs to a private channel you're not in");
    expect((await decision(other.id)).status).toBe('open');
    // Nor does it show on that approver's Home.
    await app.slack.event({
      type: 'app_home_opened',
      user: 'U0DANA',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: newTs(),
    });
    await app.running.idle();
    const home = JSON.stringify(app.fake.callsTo('views.publish').at(-1)?.args.view);
    expect(home).not.toContain('Secret supplier change');
  });
});
