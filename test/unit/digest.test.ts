import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DigestAnswer, DigestData, DigestDecision } from '../../src/db/digestRepo.js';
import {
  bar,
  blocksToPlainText,
  buildWeeklyDigest,
  DIGEST_MAX_BLOCKS,
  DIGEST_TEXT_BUDGET,
  periodLabel,
  waitedLabel,
  type WeeklyDigestOptions,
} from '../../src/views/digest.js';

const TEAM_URL = 'https://example.slack.com/';
const HERE = 'C0DIGEST';
const START = new Date('2025-11-16T00:00:00Z');
const END = new Date('2025-11-23T00:00:00Z');
const DAY = 24 * 3600 * 1000;

let seq = 0;
function decision(over: Partial<DigestDecision> = {}): DigestDecision {
  seq += 1;
  const ts = `1763300000.${String(seq).padStart(6, '0')}`;
  return {
    id: seq,
    teamId: 'T0001',
    channelId: HERE,
    channelIsPrivate: false,
    title: `Decision ${seq}`,
    category: 'pricing',
    status: 'open',
    proposerId: 'UPROPOSER',
    createdAt: new Date(START.getTime() + DAY),
    messageTs: ts,
    threadTs: ts,
    cardTs: ts,
    answers: [],
    ...over,
  };
}

const answer = (question: number, choice: string | null, text: string | null = null, userId = 'U1'): DigestAnswer => ({
  question,
  userId,
  choice,
  text,
});

const allAnswered = (motive = 'profit', values = 'yes'): DigestAnswer[] => [
  answer(1, values),
  answer(2, 'positive', 'They would like it'),
  answer(3, motive),
];

function data(over: Partial<DigestData> = {}): DigestData {
  return { period: { start: START, end: END }, week: [], previousWeek: [], waiting: waitingList([]), ...over };
}

/** What the repository reads for these waiting decisions, all of them shown where the digest goes. */
const waitingList = (oldest: DigestDecision[]) => ({ total: oldest.length, shown: oldest.length, oldest });

const options = (over: Partial<WeeklyDigestOptions> = {}): WeeklyDigestOptions => ({
  teamUrl: TEAM_URL,
  timezone: 'UTC',
  channelId: HERE,
  now: END,
  ...over,
});

type Block = { type: string; text?: { type: string; text: string }; elements?: { text: string }[] };
const blockTexts = (blocks: unknown[]) =>
  (blocks as Block[]).flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)]);
const allText = (blocks: unknown[]) => blockTexts(blocks).join('\n');

describe('weekly digest', () => {
  it('names the week in the digest’s zone and totals it without dismissed decisions', () => {
    const week = [
      decision({ status: 'confirmed', answers: allAnswered() }),
      decision({ status: 'confirmed', answers: allAnswered() }),
      decision({ status: 'rejected' }),
      decision({ status: 'withdrawn' }),
      decision({ status: 'open' }),
    ];
    const digest = buildWeeklyDigest(data({ week }), options());
    const header = (digest.blocks[0] as Block).text?.text;
    expect(header).toContain('Nov 16 – Nov 22');
    expect(allText(digest.blocks)).toContain(
      '5 decisions proposed: 2 confirmed · 1 rejected · 1 withdrawn · 1 still open',
    );
    expect(digest.text).toContain('5 decisions proposed');
  });

  it('labels the period by the days it touches in the zone', () => {
    const slot = new Date('2025-11-24T09:00:00Z');
    expect(periodLabel({ start: new Date('2025-11-17T09:00:00Z'), end: slot }, 'UTC')).toBe('Nov 17 – Nov 24');
    expect(periodLabel({ start: START, end: END }, 'UTC')).toBe('Nov 16 – Nov 22');
    // Midnight UTC is still the previous evening in New York.
    expect(periodLabel({ start: START, end: END }, 'America/New_York')).toBe('Nov 15 – Nov 22');
  });

  it('charts the majority motive and values of the week against the week before', () => {
    const week = [
      ...Array.from({ length: 5 }, () => decision({ answers: allAnswered('customer_satisfaction', 'yes') })),
      decision({ answers: allAnswered('profit', 'no') }),
      // Two profit answers outvote one for customer satisfaction.
      decision({
        answers: [answer(3, 'profit', null, 'U1'), answer(3, 'profit', null, 'U2'), answer(3, 'both', null, 'U3')],
      }),
      decision(),
    ];
    const previousWeek = [
      ...Array.from({ length: 3 }, () => decision({ answers: allAnswered('customer_satisfaction', 'yes') })),
      decision({ answers: allAnswered('profit', 'partly') }),
      decision({ answers: allAnswered('profit', 'partly') }),
    ];
    const text = allText(buildWeeklyDigest(data({ week, previousWeek }), options()).blocks);
    const line = (label: string, heading: string) =>
      text
        .split(heading)[1]
        ?.split('\n')
        .find((l) => l.includes(`  ${label}  `));
    const motives = 'Why we decided';
    expect(line('Customer satisfaction', motives)).toBe('`██████░░░░` 5  Customer satisfaction  _(+2 vs last week)_');
    expect(line('Profit', motives)).toBe('`███░░░░░░░` 2  Profit  _(same as last week)_');
    expect(line('Both', motives)).toBe('`░░░░░░░░░░` 0  Both  _(same as last week)_');
    expect(line('No answer yet', motives)).toBe('`█░░░░░░░░░` 1  No answer yet  _(+1 vs last week)_');
    const values = 'values?*';
    expect(line('Yes', values)).toBe('`██████░░░░` 5  Yes  _(+2 vs last week)_');
    expect(line('Partly', values)).toBe('`░░░░░░░░░░` 0  Partly  _(-2 vs last week)_');
    expect(line('No', values)).toBe('`█░░░░░░░░░` 1  No  _(+1 vs last week)_');
  });

  it('draws bars as a share of the week, never empty for a count above zero', () => {
    expect(bar(5, 10)).toBe('`█████░░░░░`');
    expect(bar(1, 200)).toBe('`█░░░░░░░░░`');
    expect(bar(0, 10)).toBe('`░░░░░░░░░░`');
    expect(bar(10, 10)).toBe('`██████████`');
  });

  it('lists every decision with its thread link, proposer, category, status, motive and a customer quote', () => {
    const d = decision({
      title: 'Close the shop on Sundays',
      category: 'physical_space',
      status: 'confirmed',
      proposerId: 'UANNA',
      messageTs: '1763300000.000100',
      cardTs: '1763300000.000200',
      threadTs: '1763300000.000100',
      answers: [answer(2, 'negative', 'Sunday is   the only day\nI can come'), answer(3, 'profit')],
    });
    const text = allText(buildWeeklyDigest(data({ week: [d] }), options()).blocks);
    const link = `${TEAM_URL}archives/${HERE}/p1763300000000200?thread_ts=1763300000.000100&cid=${HERE}`;
    expect(text).toContain(
      `• *<${link}|Close the shop on Sundays>*  ·  <@UANNA> · Physical space · Confirmed · Motive: Profit`,
    );
    expect(text).toContain('_Customer would say:_ Sunday is the only day I can come');
  });

  it('escapes and shortens what people wrote', () => {
    const d = decision({
      title: 'Ping <!channel> & <@U999> about <https://evil.example|this>',
      answers: [answer(2, 'mixed', `<!here> ${'x'.repeat(500)}`)],
    });
    const digest = buildWeeklyDigest(data({ week: [d], waiting: waitingList([d]) }), options());
    const text = allText(digest.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<@U999>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('Ping &lt;!channel&gt; &amp; &lt;@U999&gt;');
    expect(text).toContain('&lt;!here&gt; xxx');
    expect(text).not.toContain('x'.repeat(200));
    expect(text).toContain('…');
  });

  it('never names a decision from another channel that is private or not known to be public, only counts it', () => {
    const week = [
      decision({ title: 'Shown: public elsewhere', channelId: 'C0OTHER', channelIsPrivate: false }),
      decision({ title: 'Shown: private but posted here', channelId: HERE, channelIsPrivate: true }),
      decision({ title: 'SECRET private elsewhere', channelId: 'G0SECRET', channelIsPrivate: true }),
      decision({ title: 'SECRET unknown elsewhere', channelId: 'C0UNKNOWN', channelIsPrivate: null }),
    ];
    // Of two waiting, the repository read only the one shown here (the other is in a private channel).
    const waiting = { total: 2, shown: 1, oldest: [decision({ title: 'Shown waiting', channelId: HERE })] };
    const digest = buildWeeklyDigest(data({ week, waiting }), options());
    const json = JSON.stringify(digest);
    expect(json).not.toContain('SECRET');
    expect(json).not.toContain('G0SECRET');
    expect(json).not.toContain('C0UNKNOWN');
    const text = allText(digest.blocks);
    expect(text).toContain('Shown: public elsewhere');
    expect(text).toContain('Shown: private but posted here');
    expect(text).toContain('Shown waiting');
    expect(text).toContain('+ 2 decisions in private channels, counted but not shown here.');
    expect(text).toContain('+ 1 decision in private channels, counted but not shown here.');
    // Counted all the same.
    expect(text).toContain('4 decisions proposed');
    expect(text).toContain('(2 open with unanswered questions)');
  });

  it('hides every decision not known to be public when there is no channel', () => {
    const week = [decision({ title: 'SECRET', channelIsPrivate: null }), decision({ title: 'Public one' })];
    const text = allText(buildWeeklyDigest(data({ week }), options({ channelId: undefined })).blocks);
    expect(text).not.toContain('SECRET');
    expect(text).toContain('Public one');
  });

  it('lists what still waits for the empty chair, oldest first, with how long and which questions', () => {
    const now = new Date('2025-11-23T00:00:00Z');
    const waiting = [
      decision({ title: 'Old one', createdAt: new Date(now.getTime() - 10 * DAY), answers: [answer(1, 'yes')] }),
      decision({ title: 'New one', createdAt: new Date(now.getTime() - 3 * DAY - 3600_000) }),
    ];
    const text = allText(buildWeeklyDigest(data({ waiting: waitingList(waiting) }), options({ now })).blocks);
    expect(text).toContain('*Still waiting for the empty chair* (2 open with unanswered questions)');
    const oldLine = text.split('\n').find((l) => l.includes('Old one'));
    const newLine = text.split('\n').find((l) => l.includes('New one'));
    expect(oldLine).toContain('waiting 10 days  ·  needs: Customer view, Motive');
    expect(newLine).toContain('waiting 3 days  ·  needs: Values, Customer view, Motive');
    expect(text.indexOf('Old one')).toBeLessThan(text.indexOf('New one'));
  });

  it('says how long in words', () => {
    expect(waitedLabel(10 * 60_000)).toBe('less than an hour');
    expect(waitedLabel(3600_000)).toBe('1 hour');
    expect(waitedLabel(5 * 3600_000)).toBe('5 hours');
    expect(waitedLabel(DAY)).toBe('1 day');
    expect(waitedLabel(3 * DAY + 5 * 3600_000)).toBe('3 days');
  });

  it('says so when nothing was proposed, without charts', () => {
    const digest = buildWeeklyDigest(data(), options());
    const text = allText(digest.blocks);
    expect(text).toContain('Nothing was proposed this week.');
    expect(text).toContain('0 decisions proposed');
    expect(text).not.toContain('Why we decided');
    expect(text).not.toContain('Still waiting');
  });

  it('says when it is late', () => {
    expect(allText(buildWeeklyDigest(data(), options({ late: true })).blocks)).toContain('Posted late');
    expect(allText(buildWeeklyDigest(data(), options()).blocks)).not.toContain('Posted late');
  });

  it('fits a 200-decision week into one message and counts what it could not list', () => {
    const long = 'A very long title that goes on & on <and on> '.repeat(10);
    const week = Array.from({ length: 200 }, (_, i) =>
      decision({
        title: `${i} ${long}`,
        answers: [answer(2, 'mixed', 'What the customer would say, at length. '.repeat(20)), answer(3, 'profit')],
      }),
    );
    const waiting = { total: 150, shown: 150, oldest: Array.from({ length: 10 }, () => decision({ title: long })) };
    const digest = buildWeeklyDigest(data({ week, waiting }), options());
    const blocks = digest.blocks as Block[];

    expect(blocks.length).toBeLessThanOrEqual(DIGEST_MAX_BLOCKS);
    for (const block of blocks) {
      if (block.type === 'section') expect(block.text?.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'header') expect(block.text?.text.length).toBeLessThanOrEqual(150);
    }
    expect(blockTexts(blocks).join('').length).toBeLessThanOrEqual(DIGEST_TEXT_BUDGET);

    const text = allText(blocks);
    const listedWeek = week.filter((_, i) => text.includes(`|${i} A very long`)).length;
    expect(listedWeek).toBeGreaterThan(5);
    expect(listedWeek).toBeLessThan(200);
    expect(text).toContain(
      `…and ${200 - listedWeek} more. See them all in Empty Chair's *Home* tab, or run \`npm run export\`.`,
    );
    expect(text).toContain(`…and ${150 - 10} more.`);
    expect(text).toContain('200 decisions proposed');
  });

  it('renders its blocks as plain text for a terminal', () => {
    const d = decision({ title: 'Fish & chips <Fridays>', proposerId: 'UANNA' });
    const plain = blocksToPlainText(buildWeeklyDigest(data({ week: [d] }), options()).blocks);
    expect(plain).toMatch(/^:chair: Weekly digest: Nov 16 – Nov 22\n=+\n/);
    expect(plain).toContain(`Fish & chips <Fridays> (${TEAM_URL}archives/${HERE}/p${d.cardTs?.replace('.', '')})`);
    expect(plain).toContain('@UANNA');
    expect(plain).not.toContain('&amp;');
    expect(plain).not.toContain('<@');
  });

  const link = (d: DigestDecision) => `${TEAM_URL}archives/${HERE}/p${d.cardTs?.replace('.', '')}`;
  const mrkdwn = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const note = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
  const divider = { type: 'divider' };

  it('lays out a small week block by block: header, period, totals, charts, decisions, what waits', () => {
    const answered = decision({ title: 'Open late', status: 'open', answers: allAnswered('profit', 'yes') });
    const bare = decision({ title: 'Sell <gift> cards', status: 'withdrawn' });
    const waits = decision({ title: 'Waits', createdAt: new Date(END.getTime() - 2 * 3600_000) });
    const digest = buildWeeklyDigest(data({ week: [answered, bare], waiting: waitingList([waits]) }), options());
    expect(digest.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: ':chair: Weekly digest: Nov 16 – Nov 22', emoji: true } },
      note('Decisions proposed from Sun, Nov 16, 00:00 to Sun, Nov 23, 00:00 (UTC).'),
      mrkdwn('*2 decisions proposed: 0 confirmed · 0 rejected · 1 withdrawn · 1 still open*'),
      divider,
      mrkdwn(
        [
          '*Why we decided*',
          '`░░░░░░░░░░` 0  Customer satisfaction  _(same as last week)_',
          '`█████░░░░░` 1  Profit  _(+1 vs last week)_',
          '`░░░░░░░░░░` 0  Both  _(same as last week)_',
          '`░░░░░░░░░░` 0  Other  _(same as last week)_',
          '`█████░░░░░` 1  No answer yet  _(+1 vs last week)_',
        ].join('\n'),
      ),
      mrkdwn(
        [
          '*Does it align with our customer’s values?*',
          '`█████░░░░░` 1  Yes  _(+1 vs last week)_',
          '`░░░░░░░░░░` 0  Partly  _(same as last week)_',
          '`░░░░░░░░░░` 0  No  _(same as last week)_',
          '`█████░░░░░` 1  No answer yet  _(+1 vs last week)_',
        ].join('\n'),
      ),
      divider,
      mrkdwn("*This week's decisions* (oldest first)"),
      mrkdwn(
        `• *<${link(answered)}|Open late>*  ·  <@UPROPOSER> · Pricing · Open · Motive: Profit\n` +
          '      _Customer would say:_ They would like it\n' +
          `• *<${link(bare)}|Sell &lt;gift&gt; cards>*  ·  <@UPROPOSER> · Pricing · Withdrawn · Motive: not answered yet`,
      ),
      divider,
      mrkdwn('*Still waiting for the empty chair* (1 open with unanswered questions)'),
      mrkdwn(`• *<${link(waits)}|Waits>*  ·  waiting 2 hours  ·  needs: Values, Customer view, Motive`),
    ]);
    expect(digest.text).toBe(
      'Empty Chair weekly digest, Nov 16 – Nov 22: 2 decisions proposed: 0 confirmed · 0 rejected · 1 withdrawn · 1 still open. 1 decision still waiting for answers.',
    );
  });

  it('leaves out the "No answer yet" bars when every decision has a majority, and the waiting list when none waits', () => {
    const week = [decision({ answers: allAnswered('both', 'no') }), decision({ answers: allAnswered('other', 'no') })];
    const digest = buildWeeklyDigest(data({ week }), options());
    const text = allText(digest.blocks);
    expect(text).not.toContain('No answer yet');
    expect(text).toContain('`█████░░░░░` 1  Both  _(+1 vs last week)_');
    expect(text).toContain('`██████████` 2  No  _(+2 vs last week)_');
    expect((digest.blocks as Block[]).map((b) => b.type)).toEqual([
      'header',
      'context',
      'section',
      'divider',
      'section',
      'section',
      'divider',
      'section',
      'section',
    ]);
    expect(digest.text).toBe(
      'Empty Chair weekly digest, Nov 16 – Nov 22: 2 decisions proposed: 0 confirmed · 0 rejected · 0 withdrawn · 2 still open.',
    );
  });

  it('names each status, and shows a title without a link when the decision has no message yet', () => {
    const statuses = ['open', 'confirmed', 'rejected', 'withdrawn', 'dismissed'] as const;
    const week = statuses.map((status) => decision({ status, title: status, cardTs: null, messageTs: null }));
    const lines = allText(buildWeeklyDigest(data({ week }), options()).blocks)
      .split('\n')
      .filter((l) => l.startsWith('• '));
    expect(lines).toEqual(
      ['Open', 'Confirmed', 'Rejected', 'Withdrawn', 'Not a decision'].map(
        (label, i) => `• *${statuses[i]}*  ·  <@UPROPOSER> · Pricing · ${label} · Motive: not answered yet`,
      ),
    );
  });

  it('quotes the first current answer to question 2 that has words, on one trimmed line', () => {
    const d = decision({
      answers: [
        answer(3, 'profit', 'Because of money'),
        answer(2, 'mixed', null),
        answer(2, 'mixed', ' \n '),
        answer(2, 'negative', '\n  They would   go elsewhere \n'),
        answer(2, 'positive', 'Not this one'),
      ],
    });
    expect(allText(buildWeeklyDigest(data({ week: [d] }), options()).blocks)).toMatch(
      /\n {6}_Customer would say:_ They would go elsewhere$/m,
    );
  });

  it('counts hidden decisions in a note of its own, with no empty list, and says when it is not late', () => {
    const week = [decision({ channelId: 'G0SECRET', channelIsPrivate: true })];
    const blocks = buildWeeklyDigest(data({ week }), options()).blocks as Block[];
    expect(blocks.slice(-2)).toEqual([
      mrkdwn("*This week's decisions* (oldest first)"),
      note('+ 1 decision in private channels, counted but not shown here.'),
    ]);
    expect(blocks[1]).toEqual(note('Decisions proposed from Sun, Nov 16, 00:00 to Sun, Nov 23, 00:00 (UTC).'));
    const late = buildWeeklyDigest(data({ week }), options({ late: true, timezone: 'Asia/Tokyo' })).blocks as Block[];
    expect(late[1]).toEqual(
      note(
        'Decisions proposed from Sun, Nov 16, 09:00 to Sun, Nov 23, 09:00 (Asia/Tokyo).\n' +
          ':hourglass: Posted late: Empty Chair was not running at its scheduled time, Sun, Nov 23, 09:00.',
      ),
    );
  });

  it('puts both notes under a list that hides some decisions and has no room for others', () => {
    const long = 'T'.repeat(100);
    const week = [
      decision({ channelId: 'G0SECRET', channelIsPrivate: true }),
      ...Array.from({ length: 80 }, () => decision({ title: long })),
    ];
    const text = allText(buildWeeklyDigest(data({ week }), options()).blocks);
    const listed = text.split('\n').filter((l) => l.includes(`|${long}>`)).length;
    expect(listed).toBeLessThan(80);
    expect(text).toContain(
      '+ 1 decision in private channels, counted but not shown here.\n' +
        `…and ${80 - listed} more. See them all in Empty Chair's *Home* tab, or run \`npm run export\`.`,
    );
  });

  describe('packing lists into sections and budgets', () => {
    /** The room digest.ts keeps for the note under the week's list. */
    const FOOTER_ROOM = 200;
    const textOf = (blocks: Block[]) =>
      blocks.reduce(
        (n, b) => n + (b.text?.text.length ?? 0) + (b.elements ?? []).reduce((m, e) => m + e.text.length, 0),
        0,
      );
    /** Each decision's line, as the digest writes it when it lists that decision alone. */
    const lines = new Map<string, string>();
    const lineOf = (d: DigestDecision) => {
      const key = JSON.stringify([d.title, d.answers]);
      if (!lines.has(key)) {
        const blocks = buildWeeklyDigest(data({ week: [d] }), options()).blocks as Block[];
        lines.set(key, blocks[blocks.length - 1]?.text?.text ?? '');
      }
      return lines.get(key) ?? '';
    };

    /** Checks that the week's sections hold the first lines in order, each as full as allowed, within the budgets. */
    function expectPackedWell(week: DigestDecision[]) {
      const blocks = buildWeeklyDigest(data({ week }), options()).blocks as Block[];
      const start = blocks.findIndex((b) => b.text?.text === "*This week's decisions* (oldest first)") + 1;
      let end = start;
      while (blocks[end]?.type === 'section') end += 1;
      const sections = blocks.slice(start, end).map((b) => b.text?.text ?? '');
      const lines = week.map(lineOf);
      const listed = sections.flatMap((s) => s.split('\n• ')).length;
      expect(sections.join('\n')).toBe(lines.slice(0, listed).join('\n'));
      for (const section of sections) {
        expect(section).not.toBe('');
        expect(section.length).toBeLessThanOrEqual(3000);
      }
      // A section ends only where the next line would not fit in it.
      let first = 0;
      sections.forEach((section, i) => {
        first += section.split('\n• ').length;
        if (i < sections.length - 1) expect(section.length + 1 + lines[first]!.length).toBeGreaterThan(3000);
      });
      const hasFooter = blocks[end]?.type === 'context';
      const footer = hasFooter ? (blocks[end]?.elements?.[0]?.text ?? '') : '';
      const fixed = [...blocks.slice(0, start), ...blocks.slice(hasFooter ? end + 1 : end)];
      const budget = DIGEST_TEXT_BUDGET - FOOTER_ROOM - textOf(fixed);
      const used = sections.reduce((n, s) => n + s.length, 0);
      expect(used).toBeLessThanOrEqual(budget);
      if (listed < week.length) {
        // The list stops only where the next line would cross the budget.
        const next = lines[listed]!;
        const last = sections[sections.length - 1] ?? '';
        const cost = last !== '' && last.length + 1 + next.length <= 3000 ? next.length + 1 : next.length;
        expect(used + cost).toBeGreaterThan(budget);
        expect(footer).toContain(`…and ${week.length - listed} more.`);
      } else expect(footer).toBe('');
      return { sections, listed, left: budget - used };
    }

    // One message for all, so that a line depends on the title and the quote only.
    const titled = (length: number, quote = 0) =>
      decision({
        messageTs: '1763300000.000001',
        threadTs: '1763300000.000001',
        cardTs: '1763300000.000001',
        title: 'x'.repeat(length),
        answers: quote > 0 ? [answer(2, 'mixed', 'q'.repeat(quote)), answer(3, 'profit')] : [],
      });

    it('fills each section and the budget exactly to their limits, not a character less', () => {
      // Seven lines of 388 characters fill 2722 of a section. Growing the next line (248 + t characters) one
      // character at a time, it lands exactly on 3000 (t = 29) before it moves to a section of its own.
      const firstSection: number[] = [];
      for (let t = 1; t <= 100; t++) {
        const week = [...Array.from({ length: 7 }, () => titled(100, 140)), titled(t, 100), titled(100, 140)];
        firstSection.push(expectPackedWell(week).sections[0]!.length);
        if (firstSection.at(-1)! < 2900) break;
      }
      expect(firstSection).toContain(3000);
      // Likewise a line after 23 long ones (129 + t characters) uses the budget to its last character before it
      // no longer fits.
      const left: number[] = [];
      for (let t = 1; t <= 100; t++) {
        left.push(
          expectPackedWell([...Array.from({ length: 23 }, () => titled(100, 140)), titled(t), titled(100)]).left,
        );
        if (left.at(-1)! > 100) break;
      }
      expect(left).toContain(0);
    });

    it('packs any week well (property)', () => {
      const week = fc.array(
        fc.tuple(fc.integer({ min: 1, max: 120 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 }))),
        { maxLength: 60, size: 'max' },
      );
      fc.assert(
        fc.property(week, (sizes) => {
          expectPackedWell(sizes.map(([title, quote]) => titled(title, quote)));
        }),
        { numRuns: 30 },
      );
    });
  });

  it('renders any blocks as plain text: links, mentions, channels and entities undone, unknown blocks skipped', () => {
    expect(
      blocksToPlainText([
        { type: 'header', text: { type: 'plain_text', text: 'Title' } },
        { type: 'header' },
        { type: 'divider' },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '<https://x.io|R&amp;D> by <@U0ANNA> in <#C0GENERAL> at <https://y.io>' },
        },
        { type: 'section' },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: '&lt;one&gt;' }, { type: 'image' }, { type: 'mrkdwn', text: 'two' }],
        },
        { type: 'context' },
        { type: 'actions', elements: [{ type: 'button', text: 'Nope' }] },
      ]),
    ).toBe(
      [
        'Title',
        '=====',
        // A header without text: an empty title over an empty rule.
        '',
        '',
        // The divider.
        '',
        'R&D (https://x.io) by @U0ANNA in #C0GENERAL at https://y.io',
        // The section without text, then each element of the context, the image's as an empty line.
        '',
        '<one>',
        '',
        'two',
        // The new line that ends the text.
        '',
      ].join('\n'),
    );
  });
});
