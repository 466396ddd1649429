import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProposalForm } from '../../src/views/proposeModal.js';
import { validateAnswers } from '../../src/decisions/answerForm.js';
import { validateProposal } from '../../src/decisions/proposalForm.js';
import { isInvisible, plainSlackText, storable, withoutBidiControls } from '../../src/decisions/slackText.js';
import { DEFAULT_TRIGGERS, titleFromMessage } from '../../src/decisions/triggers.js';
import { charCount, truncate, userText } from '../../src/views/text.js';

/** Slack's own escaping of what a person typed, as its message-formatting docs state it. */
const slackEscape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const unescape = (text: string) => text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
/** Code points by the regex engine, not by the code under test. */
const codePoints = (text: string) => text.match(/./gsu)?.length ?? 0;
/** A lone surrogate: in a `u` regex a valid pair is one code point outside this range. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const validUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text && !LONE_SURROGATE.test(text);

/**
 * Characters as people see them, each with its code points counted by hand. None merges with its
 * neighbour when they are put side by side, so a string built from them has known cluster boundaries.
 */
const CLUSTERS: readonly { text: string; points: number }[] = [
  { text: 'a', points: 1 },
  { text: 'Z', points: 1 },
  { text: '7', points: 1 },
  { text: ';', points: 1 },
  { text: '日', points: 1 },
  { text: 'e\u0301', points: 2 },
  { text: '🎉', points: 1 },
  { text: '👍🏽', points: 2 },
  { text: '🇫🇷', points: 2 },
  { text: '1️⃣', points: 3 },
  { text: '🏳️‍🌈', points: 4 },
  { text: '👨‍👩‍👧‍👦', points: 7 },
];
/** Characters the cutter may drop at the end of a cut: white space, and `&` that may start an entity. */
const EDGE_CLUSTERS: readonly { text: string; points: number }[] = [
  { text: ' ', points: 1 },
  { text: '&', points: 1 },
  { text: '<', points: 1 },
  { text: '>', points: 1 },
  { text: 'm', points: 1 },
  { text: '\r\n', points: 2 },
];
const clusterList = (pool: readonly { text: string; points: number }[]) =>
  fc.array(fc.constantFrom(...pool), { maxLength: 160, size: 'max' });
/** Limits around the text's own length, so the cut happens, and happens near its end, on purpose. */
const limitFor = (points: number) =>
  fc.oneof(fc.integer({ min: 1, max: 400 }), fc.integer({ min: Math.max(1, points - 8), max: points + 2 }));

describe('plainSlackText', () => {
  it('reads the escaping examples of Slack’s docs as they were typed', () => {
    expect(plainSlackText('Hello &amp; &lt;world&gt; 🌊')).toBe('Hello & <world> 🌊');
    expect(plainSlackText('Why not join <#C024BE7LR|general>?')).toBe('Why not join #general?');
    expect(plainSlackText('Hey <@U024BE7LH|bob>, did you see my file?')).toBe('Hey @bob, did you see my file?');
    expect(plainSlackText('<@U024BE7LH>')).toBe('@U024BE7LH');
    expect(plainSlackText('This message contains a URL <http://foo.com/>')).toBe(
      'This message contains a URL http://foo.com/',
    );
    expect(plainSlackText('So does this one: <http://www.foo.com|www.foo.com>')).toBe('So does this one: www.foo.com');
    expect(plainSlackText('<mailto:bob@example.com|Bob>')).toBe('Bob (mailto:bob@example.com)');
    expect(plainSlackText('<!here|here> <!here> <!channel> <!everyone>')).toBe('@here @here @channel @everyone');
    expect(plainSlackText('<!subteam^S0ID|handle> <!subteam^S0ID|@ops>')).toBe('@handle @ops');
    expect(plainSlackText('<!foo> <!foo|label> <!date^1392734382^{date}|Feb 18>')).toBe('@foo label Feb 18');
  });

  it('keeps broadcasts as words whatever label Slack gives them, and names people and groups by their label', () => {
    expect(plainSlackText('<!channel|channel> <!everyone|everyone> <!here|@here>')).toBe('@channel @everyone @here');
    expect(plainSlackText('<!subteam^S0ID>')).toBe('@S0ID');
    expect(plainSlackText('<#C024BE7LR>')).toBe('#C024BE7LR');
    expect(plainSlackText('<@U024BE7LH|@bob> <@U024BE7LH|ann@home>')).toBe('@bob @ann@home');
  });

  it('shows a link once when its label is its address, with or without the scheme or a final slash', () => {
    expect(plainSlackText('<mailto:bob@example.com|bob@example.com>')).toBe('bob@example.com');
    expect(plainSlackText('<https://x.io/a/|x.io/a>')).toBe('x.io/a');
    expect(plainSlackText('<https://x.io/a?q=b:c|x.io/a?q=b:c>')).toBe('x.io/a?q=b:c');
    expect(plainSlackText('<https://x.io/a|x.io/b>')).toBe('x.io/b (https://x.io/a)');
  });

  it('reads the proposal of the issue naturally', () => {
    expect(plainSlackText('Proposal: R&amp;D &lt;team&gt; with <@U0BOB0001> and <https://example.com|our site>')).toBe(
      'Proposal: R&D <team> with @U0BOB0001 and our site (https://example.com)',
    );
    expect(plainSlackText('<https://x.io/?a=1&amp;b=2|R&amp;D &lt;1&gt;>')).toBe('R&D <1> (https://x.io/?a=1&b=2)');
  });

  it('decodes once: an entity a person typed stays as typed', () => {
    expect(plainSlackText('&amp;lt; &amp;amp;')).toBe('&lt; &amp;');
  });

  it('gives back exactly what was typed, whatever Slack escaped', () => {
    const typed = fc
      .array(
        fc.constantFrom(
          '&',
          '<',
          '>',
          ';',
          'amp',
          'lt;',
          'gt',
          '&amp;',
          '|',
          '@U1',
          '!here',
          '#C1',
          '🎉',
          'a',
          ' ',
          '\n',
        ),
        {
          maxLength: 60,
          size: 'max',
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(typed, (text) => {
        expect(plainSlackText(slackEscape(text))).toBe(text);
      }),
    );
  });

  it('turns every kind of markup into its readable form, among escaped text', () => {
    const words = fc
      .array(fc.constantFrom('R', '&', '<', '>', 'D', ' ', 'é', '🎉', 'ops'), { minLength: 1, maxLength: 8 })
      .map((p) => p.join(''))
      .filter((w) => w.trim() !== '' && !w.includes('://'));
    const id = fc.constantFrom('U0BOB0001', 'W0ALICE', 'C0GENERAL', 'S0TEAM');
    const url = fc.constantFrom('https://example.com', 'https://x.io/a?b=1&c=<2>', 'mailto:bob@example.com');
    // Each token: what Slack sends, and what the person typed or would read.
    const token = fc.oneof(
      words.map((w) => [slackEscape(w), w] as const),
      fc.tuple(id, words).map(([i, w]) => [`<@${i}|${slackEscape(w)}>`, `@${w}`] as const),
      id.map((i) => [`<@${i}>`, `@${i}`] as const),
      fc.tuple(id, words).map(([i, w]) => [`<#${i}|${slackEscape(w)}>`, `#${w}`] as const),
      fc.tuple(url, words).map(([u, w]) => [`<${slackEscape(u)}|${slackEscape(w)}>`, `${w} (${u})`] as const),
      url.map((u) => [`<${slackEscape(u)}>`, u] as const),
      fc.constantFrom('here', 'channel', 'everyone').map((b) => [`<!${b}>`, `@${b}`] as const),
      fc.tuple(id, fc.constantFrom('ops', 'design-team')).map(([i, h]) => [`<!subteam^${i}|@${h}>`, `@${h}`] as const),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        expect(plainSlackText(tokens.map(([sent]) => sent).join(' '))).toBe(tokens.map(([, read]) => read).join(' '));
      }),
    );
  });
});

describe('charCount and truncate', () => {
  it('counts code points: an emoji is one character, a family of four is seven', () => {
    fc.assert(
      fc.property(clusterList([...CLUSTERS, ...EDGE_CLUSTERS]), (clusters) => {
        expect(charCount(clusters.map((c) => c.text).join(''))).toBe(clusters.reduce((n, c) => n + c.points, 0));
      }),
    );
  });

  it('cuts only between characters people see, within the limit, keeping valid UTF-8', () => {
    const pool = [...CLUSTERS, ...EDGE_CLUSTERS];
    const input = clusterList(pool).chain((clusters) =>
      fc.tuple(fc.constant(clusters), limitFor(clusters.reduce((n, c) => n + c.points, 0))),
    );
    fc.assert(
      fc.property(input, ([clusters, max]) => {
        const text = clusters.map((c) => c.text).join('');
        const out = truncate(text, max);
        expect(codePoints(out)).toBeLessThanOrEqual(max);
        expect(validUtf8(out)).toBe(true);
        if (codePoints(text) <= max) {
          expect(out).toBe(text);
          return;
        }
        expect(out.endsWith('…')).toBe(true);
        const prefixes = clusters.map((_, k) =>
          clusters
            .slice(0, k)
            .map((c) => c.text)
            .join(''),
        );
        expect(prefixes).toContain(out.slice(0, -1));
      }),
    );
  });

  it('keeps as many whole characters as fit beside the "…"', () => {
    const input = clusterList(CLUSTERS).chain((clusters) =>
      fc.tuple(fc.constant(clusters), limitFor(clusters.reduce((n, c) => n + c.points, 0))),
    );
    fc.assert(
      fc.property(input, ([clusters, max]) => {
        const total = clusters.reduce((n, c) => n + c.points, 0);
        fc.pre(total > max);
        let used = 0;
        let kept = 0;
        while (kept < clusters.length && used + clusters[kept]!.points <= max - 1) used += clusters[kept++]!.points;
        expect(truncate(clusters.map((c) => c.text).join(''), max)).toBe(
          `${clusters
            .slice(0, kept)
            .map((c) => c.text)
            .join('')}…`,
        );
      }),
    );
  });

  it('escapes for mrkdwn exactly once, and never leaves half an entity', () => {
    const input = clusterList([...CLUSTERS, ...EDGE_CLUSTERS]).chain((clusters) =>
      fc.tuple(fc.constant(clusters.map((c) => c.text).join('')), limitFor(clusters.length * 3)),
    );
    fc.assert(
      fc.property(input, ([text, max]) => {
        const out = userText(text, max);
        expect(codePoints(out)).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(text.startsWith(unescape(out.replace(/…$/, '')))).toBe(true);
      }),
    );
    expect(userText('R&D <team>', 100)).toBe('R&amp;D &lt;team&gt;');
  });
});

describe('titles from messages', () => {
  it('falls back as for an empty title when nothing in it can be seen', () => {
    for (const text of [
      '\u200B\u200B',
      'Proposal: \u200D\uFE0F',
      '\u2060\n\u3164\u115F',
      '\u202E\u202C',
      ':chair: \u200B',
    ])
      expect(titleFromMessage(text, DEFAULT_TRIGGERS)).toBe('Untitled proposal');
    expect(titleFromMessage('\u200B\u200C\nReal title', DEFAULT_TRIGGERS)).toBe('Real title');
  });

  it('strips bidi embeddings, overrides and isolates', () => {
    expect(titleFromMessage('\u202EProposal: txt.exe\u202C', DEFAULT_TRIGGERS)).toBe('txt.exe');
    expect(titleFromMessage('Close \u2066on\u2069 \u202Dsundays\u202A', DEFAULT_TRIGGERS)).toBe('Close on sundays');
  });

  it('cuts a long title between emoji, at 150 characters', () => {
    expect(titleFromMessage(`Proposal: ${'🎉'.repeat(200)}`, DEFAULT_TRIGGERS)).toBe(`${'🎉'.repeat(149)}…`);
    expect(titleFromMessage(`Proposal: a${'👨‍👩‍👧‍👦'.repeat(40)}`, DEFAULT_TRIGGERS)).toBe(`a${'👨‍👩‍👧‍👦'.repeat(21)}…`);
    expect(titleFromMessage(`Proposal: ${'🎉'.repeat(150)}`, DEFAULT_TRIGGERS)).toBe('🎉'.repeat(150));
  });

  it('always gives a visible title of at most 150 characters in valid UTF-8, without bidi controls', () => {
    // Mostly visible characters, so that first lines often run past the limit; the rest are the edge cases.
    const part = fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...CLUSTERS.map((c) => c.text)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          ' ',
          '\n',
          '\u200B',
          '\u200D',
          '\uFE0F',
          '\u202E',
          '\u2067',
          'Proposal:',
          ':chair:',
          '\t',
        ),
      },
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 400, size: 'max' }), (parts) => {
        const title = titleFromMessage(parts.join(''), DEFAULT_TRIGGERS);
        expect(codePoints(title)).toBeGreaterThan(0);
        expect(codePoints(title)).toBeLessThanOrEqual(150);
        expect(validUtf8(title)).toBe(true);
        expect(title).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
        expect(isInvisible(title)).toBe(false);
      }),
    );
  });

  it('tells invisible text from visible text', () => {
    expect(isInvisible(' \t\u200B\u200C\u200D\u2060\uFEFF\uFE0F\u3164\u00AD')).toBe(true);
    expect(isInvisible('\u200Ba')).toBe(false);
    expect(isInvisible('🎉')).toBe(false);
    expect(withoutBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j\u200Fk')).toBe(
      'abcdefghij\u200Fk',
    );
  });
});

describe('validateProposal: characters and dates', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const form = { title: 'Close', description: null, category: 'policy', channelId: 'C1', decideBy: null };
  const titleError = (title: string) => {
    const result = checkProposalForm({ ...form, title }, now);
    return result.ok ? undefined : result.errors.title;
  };

  it('counts a title in characters: 150 emoji are fine, 151 are too many', () => {
    expect(titleError('🎉'.repeat(100))).toBeUndefined();
    expect(titleError('👍🏽'.repeat(75))).toBeUndefined();
    expect(titleError('🎉'.repeat(151))).toBe('Keep the title to 150 characters or fewer.');
    const description = checkProposalForm({ ...form, description: '🎉'.repeat(3000) }, now);
    expect(description.ok).toBe(true);
  });

  it('refuses a title of invisible characters, and strips bidi controls from one', () => {
    expect(titleError('\u200B\u200D\u2060')).toBe('Give the decision a title.');
    expect(titleError('\u202E\u2066')).toBe('Give the decision a title.');
    const result = checkProposalForm({ ...form, title: '\u202EClose on Sundays\u202C' }, now);
    expect(result.ok && result.proposal.title).toBe('Close on Sundays');
  });

  it('accepts a decide-by date only when the calendar has it', () => {
    const daysIn = (year: number, month: number) => {
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 2027, max: 2420 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const decideBy = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          const real = month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
          const result = checkProposalForm({ ...form, decideBy }, now);
          expect(result.ok).toBe(real);
          if (!result.ok) expect(result.errors.decide_by).toBe('Pick a date from the calendar.');
        },
      ),
    );
    for (const [date, ok] of [
      ['2030-02-30', false],
      ['2100-02-29', false],
      ['2032-02-29', true],
      ['2030-04-31', false],
    ] as const)
      expect(checkProposalForm({ ...form, decideBy: date }, now).ok).toBe(ok);
  });
});

describe('storable', () => {
  it('drops NUL, which PostgreSQL refuses in text, from what arrives by message and by form', () => {
    expect(storable('Close\u0000 on Sundays')).toBe('Close on Sundays');
    expect(plainSlackText('R&amp;D\u0000')).toBe('R&D');
    const checked = validateProposal(
      { title: 'A\u0000B', description: '\u0000', category: 'other', channelId: 'C1', decideBy: undefined },
      new Date('2031-01-01T00:00:00Z'),
    );
    expect(checked).toMatchObject({ ok: true, proposal: { title: 'AB', description: undefined } });
    expect(validateAnswers([{ question: 2, choice: 'positive', text: 'Yes\u0000' }])).toMatchObject({
      ok: true,
      answers: [{ text: 'Yes' }],
    });
  });
});
