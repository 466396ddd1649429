import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExportRepo } from '../../src/db/exportRepo.js';
import { exportToBuffer } from '../../src/decisions/exporter.js';
import { CARD_ACTIONS } from '../../src/views/decisionCard.js';
import { buttonClick, messageAction, messageEvent, newTs, proposalSubmission, reactionEvent } from '../rig/payloads.js';
import { startTestApp, type TestApp } from '../rig/testApp.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.stop();
});

const row = async () =>
  (await app.db.row('select id, title, description, card_ts, thread_ts from decisions order by id desc')) as {
    id: number;
    title: string;
    description: string;
    card_ts: string;
    thread_ts: string;
  };

/** Every text object in what the app sent, whether the fake recorded it parsed or as a JSON string. */
function textObjects(value: unknown, found: { type: string; text: string }[] = []): { type: string; text: string }[] {
  if (typeof value === 'string' && /^[[{]/.test(value)) {
    try {
      return textObjects(JSON.parse(value), found);
    } catch {
      return found;
    }
  }
  if (typeof value !== 'object' || value === null) return found;
  const record = value as Record<string, unknown>;
  if ((record.type === 'plain_text' || record.type === 'mrkdwn') && typeof record.text === 'string')
    found.push({ type: record.type, text: record.text });
  for (const child of Object.values(record)) textObjects(child, found);
  return found;
}

/** Code points of a string, as Slack's limits count them. */
const codePoints = (text: string) => text.match(/./gsu)?.length ?? 0;
/** In a `u` regex a valid surrogate pair is one code point, so this finds only lone halves. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

describe('text as people typed it', () => {
  const sent =
    'Proposal: R&amp;D &lt;team&gt; with <@U0BOB0001> and <https://example.com|our site>\ncc <!here> <!channel>';
  const title = 'R&D <team> with @U0BOB0001 and our site (https://example.com)';
  const shownOnce = 'R&amp;D &lt;team&gt; with @U0BOB0001 and our site (https://example.com)';

  it('stores a message as typed and shows it escaped once everywhere, pinging no one', async () => {
    const event = messageEvent({ text: sent });
    await app.slack.event(event);
    const [card] = await app.fake.waitForCalls('chat.postMessage', 4);
    const decision = await row();
    expect(decision.title).toBe(title);
    expect(decision.description).toBe(
      'Proposal: R&D <team> with @U0BOB0001 and our site (https://example.com)\ncc @here @channel',
    );
    const header = (card?.args.blocks as { type: string; text?: { type: string; text: string } }[]).find(
      (b) => b.type === 'header',
    );
    expect(header?.text).toMatchObject({ type: 'plain_text', text: title });
    expect(String(card?.args.text)).toBe(`Decision: ${shownOnce}`);

    // A reply in the thread is discussion, stored as typed too.
    await app.slack.event(
      messageEvent({
        text: 'Agree &amp; <@U0CAROL|carol> see <https://x.io|the plan>',
        thread_ts: event.ts,
        user: 'U0BOB',
      }),
    );
    await expect
      .poll(async () => (await app.db.row('select text from discussion'))?.text)
      .toBe('Agree & @carol see the plan (https://x.io)');

    // The list, Details, the Home and the digest show the title, each escaped exactly once.
    const list = await app.commandReply({ text: 'list' });
    await app.slack.interactive(
      buttonClick(
        { action_id: CARD_ACTIONS.details, value: String(decision.id) },
        { channel: 'C0GENERAL', messageTs: decision.card_ts },
      ),
    );
    await app.slack.event({
      type: 'app_home_opened',
      user: 'U0ALICE',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: newTs(),
    });
    await app.slack.command({ text: 'digest' });
    const [digest] = await app.fake.waitForCalls('response/hook');
    const [details] = await app.fake.waitForCalls('views.open');
    const [home] = await app.fake.waitForCalls('views.publish');
    expect(list.text).toContain(shownOnce);
    for (const surface of [details?.args.view, home?.args.view, digest?.args.blocks]) {
      const mrkdwn = textObjects(surface)
        .filter((t) => t.type === 'mrkdwn')
        .map((t) => t.text)
        .join('\n');
      expect(mrkdwn).toContain(shownOnce);
    }
    const detailText = JSON.stringify(textObjects(details?.args.view));
    expect(detailText).toContain('cc @here @channel');
    expect(detailText).toContain('Agree &amp; @carol see the plan (https://x.io)');

    // The export holds what was typed.
    const { data } = await exportToBuffer(createExportRepo(app.database), {
      format: 'json',
      answers: false,
      filters: { teamId: 'T0001' },
    });
    expect(data.toString('utf8')).toContain(JSON.stringify(title));

    // Nothing the bot sent carries live mentions, or an entity escaped twice; plain_text shows no markup.
    const everything = JSON.stringify(app.fake.calls.map((c) => c.args));
    for (const live of ['<@U0BOB0001>', '<@U0CAROL', '<!here>', '<!channel>', '<https://example.com|'])
      expect(everything).not.toContain(live);
    expect(everything).not.toMatch(/&amp;(amp|lt|gt);/);
    for (const plain of app.fake.calls.flatMap((c) => textObjects(c.args)).filter((t) => t.type === 'plain_text')) {
      expect(plain.text).not.toMatch(/&(amp|lt|gt);|<[@#!]|<https?:/);
    }
  });

  it('reads messages picked with the :chair: reaction and the shortcut as typed', async () => {
    const ts = newTs();
    app.fake.addMessage('C0GENERAL', { ts, text: 'R&amp;D budget &gt; 10% for <#C0OTHER|design>', user: 'U0ALICE' });
    await app.slack.event(reactionEvent({ channel: 'C0GENERAL', ts }));
    await app.fake.waitForCalls('chat.postMessage', 4);
    expect((await row()).title).toBe('R&D budget > 10% for #design');

    await app.slack.interactive(
      messageAction(
        { ts: newTs(), text: 'Stop &lt;free&gt; delivery, says <@U0BOB|bob>' },
        { response_url: app.fake.responseUrl },
      ),
    );
    await app.fake.waitForCalls('chat.postMessage', 8);
    expect((await row()).title).toBe('Stop <free> delivery, says @bob');
  });

  it('accepts a title of 100 emoji and shows it whole', async () => {
    const emoji = '🎉'.repeat(100);
    const res = await app.slack.interactive(proposalSubmission({ title: emoji }));
    expect(res.body).toBe('');
    const [card] = await app.fake.waitForCalls('chat.postMessage', 4);
    expect((await row()).title).toBe(emoji);
    expect(JSON.stringify(card?.args.blocks)).toContain(`"text":"${emoji}"`);
  });

  it('cuts an over-long message title between emoji, storing valid UTF-8', async () => {
    const family = '👨‍👩‍👧‍👦';
    await app.slack.event(messageEvent({ text: `Proposal: a${family.repeat(40)}` }));
    const [card] = await app.fake.waitForCalls('chat.postMessage', 4);
    const stored = (await row()).title;
    expect(stored).toBe(`a${family.repeat(21)}…`);
    expect(stored).not.toContain('\uFFFD');
    expect(codePoints(stored)).toBeLessThanOrEqual(150);
    expect(JSON.stringify(card?.args.blocks)).toContain(stored);
  });

  it('prefills /decision <long text> without a broken emoji, and no more than the description field holds', async () => {
    const emoji = `Close ${'🎉'.repeat(160)}`;
    await app.slack.command({ text: emoji });
    const wordy = `R&amp;D &lt;plan&gt; by <@U0BOB|bob>: ${'word '.repeat(790)}`.trim();
    await app.slack.command({ text: wordy });
    const opened = await app.fake.waitForCalls('views.open', 2);
    const prefill = opened.map((call) => {
      const blocks = (
        call.args.view as { blocks: { block_id?: string; element?: { initial_value?: string; max_length?: number } }[] }
      ).blocks;
      const field = (id: string) => blocks.find((b) => b.block_id === id)?.element;
      return { title: field('title'), description: field('description') };
    });
    for (const { title, description } of prefill) {
      expect(LONE_SURROGATE.test(String(title?.initial_value))).toBe(false);
      expect(codePoints(String(title?.initial_value))).toBeLessThanOrEqual(title?.max_length ?? 0);
      expect(codePoints(String(description?.initial_value))).toBeLessThanOrEqual(description?.max_length ?? 0);
    }
    expect(prefill[0]?.title?.initial_value).toBe(`Close ${'🎉'.repeat(143)}…`);
    expect(prefill[0]?.description?.initial_value).toBe(emoji);
    expect(prefill[1]?.title?.initial_value).toMatch(/^R&D <plan> by @bob: word word .*…$/);
    expect(prefill[1]?.description?.initial_value).toMatch(/^R&D <plan> by @bob: word .*…$/);
  });

  it('refuses a decide-by date that is not in the calendar', async () => {
    const res = await app.slack.interactive(proposalSubmission({ decideBy: '2030-02-30' }));
    expect(res.json()).toEqual({ response_action: 'errors', errors: { decide_by: 'Pick a date from the calendar.' } });
    expect((await app.db.row('select count(*) as n from decisions'))?.n).toBe(0);
  });
});
