import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_YOURS_TO_SEE } from '../../src/views/replies.js';
import { BOT_USER_ID } from '../rig/fakeSlack.js';
import { answerSubmission, messageEvent, newTs, proposalSubmission, viewClick } from '../rig/payloads.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

/**
 * A decision proposed in a private channel is seen only by that channel's members (and its proposer):
 * Bob is in the workspace but not in #secret, so it must not reach him anywhere.
 */
let app: TestApp;
const SECRET = 'G0SECRET';
const TITLE = 'Close the Leeds branch';

beforeEach(async () => {
  app = await startTestApp();
  app.fake.setChannel(SECRET, { isPrivate: true, isMember: true, members: ['U0ALICE', 'U0CAROL'] });
});
afterEach(async () => {
  await app.stop();
});

async function proposeInSecret(): Promise<number> {
  await app.slack.interactive(proposalSubmission({ title: TITLE, channel: SECRET }));
  await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.args.channel === SECRET);
  await expect.poll(() => app.db.row('select channel_is_private as p from decisions')).toEqual({ p: 1 });
  return ((await app.db.row('select id from decisions')) as { id: number }).id;
}

const homeOf = async (user: string) => {
  const before = app.fake.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: newTs() });
  const published = await app.fake.waitForCalls('views.publish', before + 1, (c) => c.args.user_id === user);
  return JSON.stringify(published.at(-1)?.args.view);
};
const answerRows = () => app.db.rows('select user_id from answers order by id');
const opened = () => app.fake.callsTo('views.open').map((c) => JSON.stringify(c.args.view));

describe('a private channel’s decision', () => {
  it('is shown in full to a member: /decision show, Home, Details', async () => {
    const id = await proposeInSecret();
    await app.slack.command({ text: `show ${id}`, user_id: 'U0CAROL', channel_id: 'C0GENERAL' });
    const [view] = await app.fake.waitForCalls('views.open');
    expect(JSON.stringify(view?.args.view)).toContain(TITLE);
    expect(await homeOf('U0CAROL')).toContain(TITLE);
    await app.slack.interactive(viewClick('U0CAROL', { action_id: 'decision_details', value: String(id) }));
    await app.fake.waitForCalls('views.open', 2);
    expect(opened()[1]).toContain(TITLE);
  });

  it('is nowhere for someone outside the channel: show, Home, Details, Answer, and their answer is refused', async () => {
    const id = await proposeInSecret();

    const reply = await app.commandReply({ text: `show ${id}`, user_id: 'U0BOB', channel_id: 'C0GENERAL' });
    expect(reply.text).toContain('No decision has that number here');
    expect(JSON.stringify(reply)).not.toContain(TITLE);

    const home = await homeOf('U0BOB');
    expect(home).not.toContain(TITLE);
    expect(home).not.toContain(`"value":"${id}"`);

    await app.slack.interactive(viewClick('U0BOB', { action_id: 'decision_details', value: String(id) }));
    await app.slack.interactive(viewClick('U0BOB', { action_id: 'answer_all', value: String(id) }));
    const refusals = await app.fake.waitForCalls('chat.postMessage', 2, (c) => c.args.channel === 'U0BOB');
    expect(refusals.map((r) => r.args.text)).toEqual([NOT_YOURS_TO_SEE, NOT_YOURS_TO_SEE]);
    expect(opened()).toEqual([]);

    const res = await app.slack.interactive(answerSubmission(id, 'U0BOB', { q1: ['yes', 'sneaky'] }));
    expect(res.json()).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(res.json())).toContain("private channel you're not in");
    expect(await answerRows()).toEqual([]);

    // A member's answer through the same form is stored.
    await app.slack.interactive(answerSubmission(id, 'U0CAROL', { q1: ['yes', 'fine'] }));
    expect(await answerRows()).toEqual([{ user_id: 'U0CAROL' }]);
    // Who is in the channel came from Slack, asked once and then cached.
    expect(app.fake.callsTo('conversations.members').every((c) => c.args.channel === SECRET)).toBe(true);
  });

  it('is hidden again as soon as someone leaves the channel', async () => {
    await proposeInSecret();
    expect(await homeOf('U0CAROL')).toContain(TITLE);
    app.fake.setChannel(SECRET, { members: ['U0ALICE'] });
    await app.slack.event({ type: 'member_left_channel', user: 'U0CAROL', channel: SECRET, event_ts: newTs() });
    expect(await homeOf('U0CAROL')).not.toContain(TITLE);
    // Its proposer still sees it, in the channel or not.
    app.fake.setChannel(SECRET, { members: [] });
    await app.slack.event({ type: 'member_left_channel', user: 'U0ALICE', channel: SECRET, event_ts: newTs() });
    expect(await homeOf('U0ALICE')).toContain(TITLE);
  });

  it('stays hidden when Slack cannot say who is in the channel', async () => {
    await proposeInSecret();
    // Someone joining makes the next question about the channel go to Slack, which fails this once.
    await app.slack.event({ type: 'member_joined_channel', user: 'U0DANA', channel: SECRET, event_ts: newTs() });
    app.fake.fail('conversations.members', { kind: 'error', error: 'internal_error' }, 1);
    expect(await homeOf('U0CAROL')).not.toContain(TITLE);
    expect(await homeOf('U0CAROL')).toContain(TITLE);
  });
});

describe('a channel made private', () => {
  it('makes its decisions private, old and new, so a digest elsewhere only counts them', async () => {
    await app.slack.event(messageEvent({ channel: 'C0OPEN', text: 'Proposal: Raise prices by 5%' }));
    await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.args.channel === 'C0OPEN');
    const privacy = () => app.db.rows('select title, channel_is_private as p from decisions order by id');
    expect(await privacy()).toEqual([{ title: 'Raise prices by 5%', p: 0 }]);

    app.fake.setChannel('C0OPEN', { isPrivate: true, members: ['U0ALICE'] });
    await app.slack.event({
      type: 'message',
      subtype: 'channel_convert_to_private',
      user: 'U0ALICE',
      text: 'made this channel *private*. Now, it can only be viewed or joined by invitation.',
      channel: 'C0OPEN',
      ts: newTs(),
      channel_type: 'group',
    });
    expect(await privacy()).toEqual([{ title: 'Raise prices by 5%', p: 1 }]);

    // A decision proposed there later (by command: Slack is asked) is private too.
    await app.slack.interactive(proposalSubmission({ title: 'Drop the loyalty card', channel: 'C0OPEN' }));
    await expect.poll(privacy).toEqual([
      { title: 'Raise prices by 5%', p: 1 },
      { title: 'Drop the loyalty card', p: 1 },
    ]);

    await app.slack.command({ text: 'digest', channel_id: 'C0GENERAL', user_id: 'U0BOB' });
    const [preview] = await app.fake.waitForCalls('response/hook');
    const shown = JSON.stringify(preview?.args);
    expect(shown).not.toContain('Raise prices');
    expect(shown).not.toContain('loyalty card');
    expect(await homeOf('U0BOB')).not.toContain('Raise prices');
  });
});

describe('the fake workspace', () => {
  it('pages conversations.members as Slack does, and the bot reads every page', async () => {
    const many = Array.from({ length: 450 }, (_, i) => `U${String(i).padStart(8, '0')}`);
    app.fake.setChannel(SECRET, { members: [...many, 'U0CAROL'] });
    await proposeInSecret();
    expect(await homeOf('U0CAROL')).toContain(TITLE);
    const pages = app.fake.callsTo('conversations.members');
    expect(pages.length).toBe(3);
    expect(pages.map((p) => p.args.cursor)).toEqual([undefined, '200', '400']);
    expect(many).not.toContain(BOT_USER_ID);
  });
});
