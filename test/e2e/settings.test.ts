import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELP_TEXT } from '../../src/views/helpText.js';
import { answerSubmission, proposalSubmission } from '../rig/payloads.js';
import { nextTriggerId } from '../rig/signedClient.js';
import { ACK_BUDGET_MS } from '../../src/listeners/commands/decisionCommand.js';
import { startTestApp, TEST_CLIENT_OPTIONS, type TestApp } from '../rig/testApp.js';

/**
 * Who may change the workspace's settings: its admins and owners (as Slack's users.info says) and, once
 * set, the approvers. Mallory is an ordinary member; Carol is an admin; Dana becomes an approver.
 */
let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
  app.fake.setUser('U0CAROL', { is_admin: true });
});
afterEach(async () => {
  await app.stop();
});

const settingsRows = () =>
  app.db.rows(
    'select team_id, triggers, approvers, required_answers, digest_channel, customer_profile from team_settings order by team_id',
  );
const channelRows = () => app.db.rows('select channel_id, watching from channel_settings order by team_id, channel_id');

/** The reply to a settings command, which comes in the acknowledgement (nothing goes to the response_url). */
async function run(text: string, user: string, channel = 'C0GENERAL'): Promise<string> {
  return (await app.commandReply({ text, user_id: user, channel_id: channel })).text;
}

const ADMIN_ONLY = "Only a workspace admin can change Empty Chair's settings until approvers are set";

describe('settings', () => {
  it.each([
    'approvers <@U0MALLORY|mallory>',
    'required 1',
    'triggers a, i, the, we',
    'digest here',
    'unwatch',
    'watch',
  ])('refuses "/decision %s" from an ordinary member while no approvers are set, and stores nothing', async (text) => {
    expect(await run(text, 'U0MALLORY', 'C0MALLORY')).toContain(ADMIN_ONLY);
    expect(await settingsRows()).toEqual([]);
    expect(await channelRows()).toEqual([]);
    // Slack said who Mallory is; the request's word was not taken.
    expect(app.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0MALLORY']);
  });

  it('lets anyone read the current settings', async () => {
    expect(await run('approvers', 'U0MALLORY')).toContain('Approvers: none');
    expect(await run('triggers', 'U0MALLORY')).toContain('Proposal:');
    expect(await run('required', 'U0MALLORY')).toContain('needs 1 answer');
    expect(await settingsRows()).toEqual([]);
  });

  it('lets an admin set the first approvers; then approvers and admins change settings, others still cannot', async () => {
    expect(await run('approvers <@U0DANA|dana>', 'U0CAROL')).toContain('Approvers are now <@U0DANA>');
    // Dana is an approver, not an admin: she may change settings without Slack being asked about her.
    expect(await run('triggers RFC:, Idea:', 'U0DANA')).toContain('`RFC:`, `Idea:`');
    expect(await run('digest here', 'U0DANA', 'C0DIGEST')).toContain('posted in this channel');
    expect(app.fake.callsTo('users.info').map((c) => c.args.user)).toEqual(['U0CAROL']);

    const refused = await run('approvers none', 'U0ALICE');
    expect(refused).toContain("Only a workspace admin or an approver (<@U0DANA>) can change Empty Chair's settings");
    expect(await run('digest here', 'U0MALLORY', 'C0MALLORY')).toContain('or an approver');
    expect(await settingsRows()).toEqual([
      {
        team_id: 'T0001',
        triggers: '["RFC:","Idea:"]',
        approvers: '["U0DANA"]',
        required_answers: 1,
        digest_channel: 'C0DIGEST',
        customer_profile: null,
      },
    ]);
  });

  it('refuses when Slack cannot say whether the person is an admin', async () => {
    app.fake.fail('users.info', { kind: 'error', error: 'internal_error' }, 1);
    expect(await run('approvers <@U0CAROL|carol>', 'U0CAROL')).toContain(ADMIN_ONLY);
    expect(await settingsRows()).toEqual([]);
  });

  it('answers through the response_url after an empty ack when Slack is too slow to say who is an admin', async () => {
    await app.stop();
    app = await startTestApp({ clientOptions: { ...TEST_CLIENT_OPTIONS, timeout: 10_000 } });
    app.fake.setUser('U0CAROL', { is_admin: true });
    const slowSlack = app.fake.hold('users.info');
    const acking = app.slack.command({ text: 'unwatch', user_id: 'U0CAROL', channel_id: 'C0SLOW' });
    await slowSlack.reached;
    // Slack waits 3 s for the ack: past ACK_BUDGET_MS it comes empty, while users.info is still unanswered.
    const ack = await acking;
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(ACK_BUDGET_MS).toBeLessThan(3000);
    expect(app.fake.callsTo('response/hook')).toEqual([]);
    slowSlack.release();
    const [reply] = await app.fake.waitForCalls('response/hook');
    expect(reply?.args).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply?.args.text)).toContain('no longer catch proposals');
    expect((await channelRows()).map((r) => [r.channel_id, Number(r.watching)])).toEqual([['C0SLOW', 0]]);
  });

  it('says the rule in /decision help', () => {
    expect(HELP_TEXT).toContain('Settings are changed by workspace admins and, once set, approvers');
  });
});

describe('the customer description', () => {
  const profileForm = (user: string, text: string) => ({
    type: 'view_submission',
    team: { id: 'T0001' },
    user: { id: user },
    trigger_id: nextTriggerId(),
    view: {
      id: 'V0PROFILE',
      type: 'modal',
      callback_id: 'customer_profile',
      private_metadata: '',
      state: { values: { customer_profile: { value: { type: 'plain_text_input', value: text } } } },
    },
  });

  it('may be written first by anyone the bot invites, then changed only by an admin or approver', async () => {
    await app.slack.command({ text: 'customer', user_id: 'U0MALLORY' });
    await app.fake.waitForCalls('views.open');
    // The first answerer writes it, as the bot invites them to.
    await app.slack.interactive(proposalSubmission({ title: 'Longer opening hours' }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    const id = ((await app.db.row('select id from decisions')) as { id: number }).id;
    await app.slack.interactive(
      answerSubmission(id, 'U0MALLORY', { q1: ['yes', 'ok'], profile: 'Commuters who shop late' }),
    );
    expect(await settingsRows()).toMatchObject([{ customer_profile: 'Commuters who shop late' }]);

    const reply = await run('customer', 'U0MALLORY');
    expect(reply).toContain('Commuters who shop late');
    expect(reply).toContain(ADMIN_ONLY);
    expect(app.fake.callsTo('views.open')).toHaveLength(1);

    const res = await app.slack.interactive(profileForm('U0MALLORY', 'Nobody in particular'));
    expect(JSON.stringify(res.json())).toContain('Only a workspace admin or an approver can change');
    expect(await settingsRows()).toMatchObject([{ customer_profile: 'Commuters who shop late' }]);

    const ok = await app.slack.interactive(profileForm('U0CAROL', 'Commuters and night-shift nurses'));
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('');
    expect(await settingsRows()).toMatchObject([{ customer_profile: 'Commuters and night-shift nurses' }]);
  });
});
