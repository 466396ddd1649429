import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SOURCE_DELETED_NOTE } from '../../src/decisions/decisionService.js';
import { BOT_ID, BOT_USER_ID } from '../rig/fakeSlack.js';
import { messageEvent, newTs } from '../rig/payloads.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

/** Edits, deletions, broadcasts and files: the message events people make besides posting. */
let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

const decisions = async () =>
  (await app.db.rows('select id, title, description, status, message_ts from decisions order by id')) as {
    id: number;
    title: string;
    description: string;
    status: string;
    message_ts: string;
  }[];
const threadLines = (text: string) =>
  app.fake.callsTo('chat.postMessage').filter((c) => c.ok && String(c.args.text).includes(text));

/** `message_changed` as Slack sends it (events/message.subtype_message_changed.bolt_python.json). */
function edit(original: { ts: string; user?: string; thread_ts?: string }, text: string, extra = {}) {
  const ts = newTs();
  return {
    type: 'message',
    subtype: 'message_changed',
    message: {
      type: 'message',
      text,
      user: original.user ?? 'U0ALICE',
      ts: original.ts,
      edited: { user: 'U0ALICE', ts },
      ...extra,
    },
    previous_message: { type: 'message', text: 'before', user: original.user ?? 'U0ALICE', ts: original.ts },
    channel: 'C0GENERAL',
    hidden: true,
    ts,
    event_ts: ts,
    channel_type: 'channel',
    ...(original.thread_ts ? { message: { text, user: 'U0BOB', ts: original.ts, thread_ts: original.thread_ts } } : {}),
  };
}

/** `message_deleted` (events/message.subtype_message_deleted.bolt_python.json). */
function deletion(ts: string, user = 'U0ALICE') {
  const eventTs = newTs();
  return {
    type: 'message',
    subtype: 'message_deleted',
    previous_message: { type: 'message', text: 'gone', user, ts },
    channel: 'C0GENERAL',
    hidden: true,
    deleted_ts: ts,
    event_ts: eventTs,
    ts: eventTs,
    channel_type: 'channel',
  };
}

async function captured(text: string) {
  const message = messageEvent({ text });
  await app.slack.event(message);
  await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.ok);
  await expect.poll(() => app.db.row('select count(*) as n from prompts')).toEqual({ n: 3 });
  return message as { ts: string };
}

describe('an edited proposal', () => {
  it('follows the new wording, redraws its card and says so in its thread, once', async () => {
    const message = await captured('Proposal: Raise prices by 5%');
    const first = edit(message, 'Proposal: Raise prices by 25%');
    await app.slack.event(first);
    expect(await decisions()).toMatchObject([
      { title: 'Raise prices by 25%', description: 'Proposal: Raise prices by 25%' },
    ]);
    const [line] = await app.fake.waitForCalls('chat.postMessage', 1, (c) =>
      String(c.args.text).includes('was edited'),
    );
    expect(line?.args.thread_ts).toBe(message.ts);
    expect(String(line?.args.text)).toContain('*Raise prices by 25%*');
    await app.fake.waitForCalls('chat.update', 1, (c) => JSON.stringify(c.args.blocks).includes('Raise prices by 25%'));
    // Slack retries the same event: nothing changes and nothing is said twice.
    await app.slack.event(first, { retryNum: 1 });
    await app.slack.event(edit(message, 'Proposal: Raise prices by 25%'));
    await app.running.idle();
    expect(threadLines('was edited')).toHaveLength(1);
  });

  it('leaves a decided decision as it was decided', async () => {
    const message = await captured('Proposal: Close on Mondays');
    await app.db.rows("update decisions set status = 'confirmed'");
    await app.slack.event(edit(message, 'Proposal: Close on Tuesdays'));
    expect(await decisions()).toMatchObject([{ title: 'Close on Mondays', status: 'confirmed' }]);
  });

  it('is caught when a message is edited into one, and an unfurl or the bot’s own redraw changes nothing', async () => {
    const message = messageEvent({ text: 'we could raise prices' }) as { ts: string };
    await app.slack.event(message);
    expect(await decisions()).toEqual([]);
    await app.slack.event(edit(message, 'Proposal: raise prices in March'));
    await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.ok);
    expect(await decisions()).toMatchObject([{ title: 'raise prices in March', message_ts: message.ts }]);
    await app.slack.event(edit({ ts: newTs(), user: BOT_USER_ID }, 'Proposal: echo', { bot_id: BOT_ID }));
    expect(await decisions()).toHaveLength(1);
  });
});

describe('a deleted proposal', () => {
  it('withdraws an open decision, notes why in its history and thread, and leaves the waiting list', async () => {
    const message = await captured('Proposal: Stop selling gift cards');
    const id = (await decisions())[0]?.id;
    await app.slack.event(deletion(message.ts));
    expect(await decisions()).toMatchObject([{ status: 'withdrawn' }]);
    expect(
      await app.db.rows(
        'select from_status, to_status, user_id, note from status_changes where decision_id = ? order by id',
        id,
      ),
    ).toEqual([
      { from_status: null, to_status: 'open', user_id: 'U0ALICE', note: null },
      { from_status: 'open', to_status: 'withdrawn', user_id: 'U0ALICE', note: SOURCE_DELETED_NOTE },
    ]);
    const [line] = await app.fake.waitForCalls('chat.postMessage', 1, (c) =>
      String(c.args.text).includes('was deleted'),
    );
    expect(line?.args.thread_ts).toBe(message.ts);
    await app.slack.event(deletion(message.ts), { retryNum: 1 });
    expect((await app.commandReply({ text: 'list' })).text).toContain('No open decisions');
    expect(threadLines('was deleted')).toHaveLength(1);
  });
});

describe('thread replies', () => {
  it('keeps a reply also sent to the channel as discussion, follows its edit and forgets it when deleted', async () => {
    const message = await captured('Proposal: Longer hours on Fridays');
    const reply = messageEvent({
      subtype: 'thread_broadcast',
      text: 'Customers asked for this &amp; more',
      user: 'U0BOB',
      thread_ts: message.ts,
      root: { text: 'Proposal: Longer hours on Fridays', user: 'U0ALICE', ts: message.ts },
    }) as { ts: string };
    await app.slack.event(reply);
    const discussion = () => app.db.rows('select user_id, text from discussion');
    expect(await discussion()).toEqual([{ user_id: 'U0BOB', text: 'Customers asked for this & more' }]);
    // A broadcast reply is discussion, never a second proposal.
    expect(await decisions()).toHaveLength(1);
    await app.slack.event(edit({ ts: reply.ts, thread_ts: message.ts }, 'Customers asked for this twice'));
    expect(await discussion()).toEqual([{ user_id: 'U0BOB', text: 'Customers asked for this twice' }]);
    await app.slack.event(deletion(reply.ts, 'U0BOB'));
    expect(await discussion()).toEqual([]);
    expect(await decisions()).toMatchObject([{ status: 'open' }]);
  });
});

describe('a proposal posted with a file', () => {
  it('is caught like any other (events/message.subtype_file_share.bolt_python.json)', async () => {
    await app.slack.event(
      messageEvent({
        subtype: 'file_share',
        text: 'Proposal: New shelf layout, plan attached',
        upload: false,
        files: [{ id: 'F111', name: 'plan.png', mimetype: 'image/png' }],
      }),
    );
    await app.fake.waitForCalls('chat.postMessage', 4, (c) => c.ok);
    expect(await decisions()).toMatchObject([{ title: 'New shelf layout, plan attached' }]);
  });
});
