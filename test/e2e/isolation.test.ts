import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newTs, proposalSubmission, answerSubmission } from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

/** Two workspaces share the database; neither may read, answer, decide or see the other's decisions. */
let app: TestApp;
let theirs: { id: number; card_ts: string };
beforeEach(async () => {
  app = await startTestApp();
  await app.slack.interactive(proposalSubmission({ title: 'Team one secret plan' }));
  await app.fake.waitForCalls('chat.postMessage', 4);
  // The proposal's follow-up work (bookkeeping, the proposer's Home) is over before anything is compared.
  await app.fake.waitForCalls('views.publish');
  await expect.poll(() => app.db.row('select posted_at from decisions')).not.toEqual({ posted_at: null });
  theirs = (await app.db.row('select id, card_ts from decisions')) as { id: number; card_ts: string };
});
afterEach(async () => {
  await app.stop();
});

/** Everything the app does for the requests so far (Slack calls after the ack included) is done. */
const settle = () => app.running.idle();
const state = async () =>
  JSON.stringify(
    await Promise.all(
      ['decisions', 'answers', 'status_changes'].map((t) => app.db.rows(`select * from ${t} order by id`)),
    ),
  );

function otherTeamClick(actionId: string, value: string, channel: string | undefined = 'C0GENERAL') {
  return app.slack.interactive({
    type: 'block_actions',
    team: { id: 'T0002' },
    user: { id: 'U0ALICE' },
    trigger_id: nextTriggerId(),
    ...(channel
      ? { channel: { id: channel }, container: { type: 'message', message_ts: theirs.card_ts, channel_id: channel } }
      : { container: { type: 'view', view_id: 'V1' } }),
    actions: [{ type: 'button', action_id: actionId, value, action_ts: newTs() }],
  });
}

describe('two workspaces', () => {
  it("cannot confirm, reject, withdraw, dismiss or reopen the other team's decision, even as its proposer's user id", async () => {
    const before = await state();
    for (const action of [
      'confirm_decision',
      'reject_decision',
      'withdraw_decision',
      'dismiss_decision',
      'reopen_decision',
    ]) {
      await otherTeamClick(action, String(theirs.id));
      await otherTeamClick(action, String(theirs.id), undefined);
    }
    await settle();
    expect(await state()).toBe(before);
  });

  it("cannot open the other team's answer form or details", async () => {
    await otherTeamClick('answer_all', String(theirs.id));
    await otherTeamClick('answer_question', `${theirs.id}:1`);
    await otherTeamClick('decision_details', String(theirs.id), undefined);
    const reply = await app.commandReply({ team_id: 'T0002', text: `show ${theirs.id}` });
    expect(reply.text).toContain('No decision has that number here');
    await settle();
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
  });

  it("cannot answer the other team's decision", async () => {
    const before = await state();
    const res = await app.slack.interactive(
      answerSubmission(theirs.id, 'U0BOB', { q1: ['yes', 'x'] }, { team: 'T0002' }),
    );
    expect((res.json() as { response_action: string }).response_action).toBe('errors');
    expect(await state()).toBe(before);
  });

  it("does not list or show the other team's decisions on its Home or in /decision list", async () => {
    const list = await app.commandReply({ team_id: 'T0002', text: 'list' });
    expect(list.text).toContain('No open decisions in this channel');
    await app.slack.event(
      { type: 'app_home_opened', user: 'U0ZED', tab: 'home', channel: 'D1', event_ts: newTs() },
      { teamId: 'T0002' },
    );
    const [home] = await app.fake.waitForCalls('views.publish', 1, (c) => c.args.user_id === 'U0ZED');
    const view = JSON.stringify(home?.args.view);
    expect(view).toContain('No decisions here yet');
    expect(view).not.toContain('Team one secret plan');
  });

  it("keeps each team's settings apart", async () => {
    app.fake.setUser('U0ALICE', { is_admin: true });
    await app.commandReply({ team_id: 'T0002', text: 'approvers <@U0EVE|eve>' });
    expect(await app.db.rows('select team_id, approvers from team_settings')).toEqual([
      { team_id: 'T0002', approvers: '["U0EVE"]' },
    ]);
    // T0001 still has no approvers, so its proposer alone decides.
    await app.slack.interactive({
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: 'U0ALICE' },
      trigger_id: nextTriggerId(),
      channel: { id: 'C0GENERAL' },
      container: { type: 'message', message_ts: theirs.card_ts, channel_id: 'C0GENERAL' },
      actions: [{ type: 'button', action_id: 'reject_decision', value: String(theirs.id), action_ts: newTs() }],
    });
    await expect
      .poll(async () => ((await app.db.row('select status from decisions')) as { status: string }).status)
      .toBe('rejected');
  });
});
