import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecisionCommand } from '../../src/decisions/commandText.js';
import { checkProposalForm } from '../../src/views/proposeModal.js';
import { DEFAULT_TRIGGERS, isProposal, parseTriggerList, titleFromMessage } from '../../src/decisions/triggers.js';
import { decisionLink, escapeMrkdwn, permalink, truncate, userText } from '../../src/views/text.js';

describe('proposal detection', () => {
  it.each([
    ['Proposal: x', true],
    ['  proposal:x', true],
    ['Proposed change: hours', true],
    ['decision: yes', true],
    ['We propose to', true],
    ['WE PLAN TO move', true],
    ['should we?', true],
    ['A :chair: moment', true],
    ['Our proposal: x', false],
    ['We should', false],
    ['', false],
  ])('%j is a proposal: %s', (text, expected) => {
    expect(isProposal(text, DEFAULT_TRIGGERS)).toBe(expected);
  });

  /** White space a message may open with: trimStart drops all of it, Unicode spaces included. */
  const leadingSpace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00A0', '\u3000'), maxLength: 4 });

  it('finds any trigger at the start whatever the case, the white space before it and what follows', () => {
    const trigger = fc.constantFrom(...DEFAULT_TRIGGERS).chain((t) => fc.mixedCase(fc.constant(t)));
    fc.assert(
      fc.property(leadingSpace, trigger, fc.string(), (space, start, rest) => {
        expect(isProposal(`${space}${start}${rest}`, DEFAULT_TRIGGERS)).toBe(true);
      }),
    );
  });

  it('finds :chair: anywhere in a message', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(isProposal(`${before}:chair:${after}`, DEFAULT_TRIGGERS)).toBe(true);
      }),
    );
  });

  it('never matches a near miss of a trigger without :chair:', () => {
    // Built so that no trigger can be at the start and no :chair: anywhere, rather than filtered by the rule under test.
    const misses = fc.oneof(
      // A character slipped into the trigger ("Prop_osal:", "We plan.to"), or a word before it ("Our proposal:").
      fc
        .tuple(fc.constantFrom(...DEFAULT_TRIGGERS), fc.nat(), fc.constantFrom('_', 'x', '0', '.', '-', 'é', '🎉'))
        .map(([t, i, extra]) => `${t.slice(0, i % t.length)}${extra}${t.slice(i % t.length)}`),
      fc
        .tuple(fc.constantFrom('Our ', 'Re: ', 'A ', '> ', '"'), fc.constantFrom(...DEFAULT_TRIGGERS))
        .map((p) => p.join('')),
      // The label without its colon, or cut short.
      fc.constantFrom('Proposal', 'Proposed change', 'Decision', 'We propos', 'We plan', 'Should', 'Proposed: x'),
    );
    // The rest has no colon, so only the single near miss of the chair below can hold one.
    const rest = fc.array(fc.constantFrom('chair', ' ', 'a', '🎉', 'Proposal', 'should we', '\n'), { maxLength: 8 });
    const chairMiss = fc.constantFrom('', ':chair', 'chair:', ': chair:', ':char:', ':chairs:', ':chai r:');
    fc.assert(
      fc.property(leadingSpace, misses, rest, chairMiss, fc.nat(), (space, miss, words, chair, at) => {
        const k = at % (words.length + 1);
        const tail = [...words.slice(0, k), chair, ...words.slice(k)].join('');
        expect(isProposal(`${space}${miss} ${tail}`, DEFAULT_TRIGGERS)).toBe(false);
      }),
    );
  });

  it('ignores blank custom triggers instead of matching everything', () => {
    expect(isProposal('hello', ['', '  '])).toBe(false);
  });
});

describe('titleFromMessage', () => {
  it('takes the first non-empty line without a label or the chair', () => {
    expect(titleFromMessage('\n\nProposal:  Open on Sundays  \nbecause', DEFAULT_TRIGGERS)).toBe('Open on Sundays');
    expect(titleFromMessage(':chair: Move upstairs', DEFAULT_TRIGGERS)).toBe('Move upstairs');
    expect(titleFromMessage('Should we hire?', DEFAULT_TRIGGERS)).toBe('Should we hire?');
    expect(titleFromMessage('Proposal:', DEFAULT_TRIGGERS)).toBe('Untitled proposal');
  });

  it('reads the chair as a space, and runs of white space as one', () => {
    expect(titleFromMessage('Close:chair:now', DEFAULT_TRIGGERS)).toBe('Close now');
    expect(titleFromMessage('Proposal: Close \t  on\u00A0 Sundays', DEFAULT_TRIGGERS)).toBe('Close on Sundays');
  });

  it('takes a workspace’s own label as typed, white space around it or not', () => {
    expect(isProposal('rfc: x', [' RFC: '])).toBe(true);
    expect(titleFromMessage('RFC:Close on Sundays', [' RFC: '])).toBe('Close on Sundays');
    expect(titleFromMessage('Idea time', ['Idea'])).toBe('Idea time');
  });

  it('keeps a title of up to 150 characters whole and cuts a longer one to 149 and "…"', () => {
    // Lengths around the cap on purpose, in letters and in emoji (one character each, two UTF-16 units).
    const length = fc.oneof(fc.integer({ min: 145, max: 155 }), fc.integer({ min: 1, max: 400 }));
    fc.assert(
      fc.property(length, fc.constantFrom('a', 'Z', '🎉', '日'), (n, char) => {
        const title = titleFromMessage(`Proposal: ${char.repeat(n)}\nmore`, DEFAULT_TRIGGERS);
        expect(title).toBe(n <= 150 ? char.repeat(n) : `${char.repeat(149)}…`);
      }),
    );
  });
});

describe('parseDecisionCommand', () => {
  it.each([
    ['', { kind: 'propose', title: '' }],
    ['help', { kind: 'help' }],
    [' LIST ', { kind: 'list' }],
    ['watch', { kind: 'watch' }],
    ['unwatch', { kind: 'unwatch' }],
    ['triggers', { kind: 'triggers', value: '' }],
    ['triggers RFC:, Idea:', { kind: 'triggers', value: 'RFC:, Idea:' }],
    ['halp', { kind: 'help' }],
    ['Close on Sundays', { kind: 'propose', title: 'Close on Sundays' }],
    ['list prices in euros', { kind: 'propose', title: 'list prices in euros' }],
  ])('reads %j', (text, expected) => {
    expect(parseDecisionCommand(text)).toEqual(expected);
  });

  it.each([
    ['customer', { kind: 'customer' }],
    ['Export', { kind: 'export' }],
    ['export all of it', { kind: 'propose', title: 'export all of it' }],
    ['approvers <@U1|a> <@U2>', { kind: 'approvers', value: '<@U1|a> <@U2>' }],
    ['required 2', { kind: 'required', value: '2' }],
    ['digest', { kind: 'digest', here: false }],
    ['digest  HERE ', { kind: 'digest', here: true }],
    ['digest here please', { kind: 'propose', title: 'digest here please' }],
    ['digest the week', { kind: 'propose', title: 'digest the week' }],
    ['digest schedule', { kind: 'digestSchedule', value: '' }],
    ['digest Schedule  Monday 09:00 Europe/Berlin ', { kind: 'digestSchedule', value: 'Monday 09:00 Europe/Berlin' }],
    ['show 12', { kind: 'show', id: 12 }],
    ['show #007', { kind: 'show', id: 7 }],
    ['show 999999999999', { kind: 'show', id: 999999999999 }],
    ['show 1000000000000', { kind: 'show', id: undefined }],
    ['show', { kind: 'show', id: undefined }],
    ['show twelve', { kind: 'show', id: undefined }],
    ['show 12 x', { kind: 'show', id: undefined }],
  ])('reads the subcommand in %j', (text, expected) => {
    expect(parseDecisionCommand(text)).toEqual(expected);
  });

  /** White space as Slack may pass it: spaces, tabs, new lines and no-break spaces, all of which split words. */
  const gap = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00A0'), minLength: 1, maxLength: 3 });
  const edge = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00A0'), maxLength: 2 });
  /** Words that are no subcommand, some of them close to one. */
  const word = fc.constantFrom(
    'Close',
    'on',
    'Sundays',
    'helpful',
    'lists',
    'Shows',
    'exporter',
    'digest:',
    '🎉',
    'R&D',
    '<@U1>',
  );
  /** Words joined by the gaps between them, as typed: the text the command must keep exactly. */
  const phrase = (minLength: number) =>
    fc
      .array(fc.tuple(word, gap), { minLength, maxLength: 6 })
      .map((parts) => parts.map(([w, g], i) => (i === parts.length - 1 ? w : `${w}${g}`)).join(''));
  const mixedCase = (text: string) => fc.mixedCase(fc.constant(text));

  it('keeps a title of several words exactly as typed, and reads one unknown word as a typo', () => {
    fc.assert(
      fc.property(edge, phrase(1), edge, (before, title, after) => {
        const several = /\s/.test(title);
        expect(parseDecisionCommand(`${before}${title}${after}`)).toEqual(
          several ? { kind: 'propose', title } : { kind: 'help' },
        );
      }),
    );
  });

  it('runs a one-word subcommand in any case, and reads it followed by more words as a title', () => {
    const command = fc.constantFrom('help', 'list', 'watch', 'unwatch', 'customer', 'export');
    fc.assert(
      fc.property(
        command.chain((c) => fc.tuple(fc.constant(c), mixedCase(c))),
        edge,
        fc.option(fc.tuple(gap, phrase(1))),
        edge,
        ([kind, typed], before, more, after) => {
          const text = more ? `${typed}${more[0]}${more[1]}` : typed;
          expect(parseDecisionCommand(`${before}${text}${after}`)).toEqual(
            more ? { kind: 'propose', title: text } : { kind },
          );
        },
      ),
    );
  });

  it('passes what follows a setting subcommand on as its value, inner white space kept', () => {
    const command = fc.constantFrom('triggers', 'approvers', 'required');
    fc.assert(
      fc.property(
        command.chain((c) => fc.tuple(fc.constant(c), mixedCase(c))),
        edge,
        fc.option(fc.tuple(gap, phrase(1))),
        edge,
        ([kind, typed], before, value, after) => {
          const text = value ? `${typed}${value[0]}${value[1]}` : typed;
          expect(parseDecisionCommand(`${before}${text}${after}`)).toEqual({ kind, value: value ? value[1] : '' });
        },
      ),
    );
  });
});

describe('parseTriggerList', () => {
  it('splits on commas and newlines, drops blanks and duplicates', () => {
    expect(parseTriggerList('RFC:, Idea: ,\n rfc:,,')).toEqual(['RFC:', 'Idea:']);
  });
});

describe('escaping user text for mrkdwn', () => {
  /** Any code point, but mostly the characters escaping is about and the text around entities. */
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('&', '<', '>', ';', 'amp', 'lt', 'gt', '&amp;', '&lt;', '#', '🎉', ' ') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  );
  const markup = fc.string({ unit, maxLength: 80, size: 'max' });
  /** Reads the three entities back in one pass, left to right, as Slack does. */
  const decode = (text: string) =>
    text.replace(/&(amp|lt|gt);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name] ?? '');
  const codePoints = (text: string) => text.match(/./gsu)?.length ?? 0;

  it('leaves no raw angle bracket and no bare ampersand, so no mention or link can be injected', () => {
    fc.assert(
      fc.property(markup, (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(decode(escaped)).toBe(text);
      }),
    );
  });

  it('fits within the limit without splitting an entity or a surrogate pair', () => {
    // Limits around the escaped length, so that the cut happens, and lands near entities, on purpose.
    const input = markup.chain((text) => {
      const length = codePoints(escapeMrkdwn(text));
      return fc.tuple(
        fc.constant(text),
        fc.oneof(
          fc.integer({ min: 2, max: 200 }),
          fc.integer({ min: Math.max(2, length - 6), max: Math.max(2, length + 1) }),
        ),
      );
    });
    fc.assert(
      fc.property(input, ([text, max]) => {
        const out = userText(text, max);
        expect(codePoints(out)).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        if (codePoints(escapeMrkdwn(text)) <= max) expect(out).toBe(escapeMrkdwn(text));
        else {
          expect(out.endsWith('…')).toBe(true);
          expect(text.startsWith(decode(out.slice(0, -1)))).toBe(true);
        }
      }),
    );
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('links a decision to its card, else to its message, and to nothing before either is posted', () => {
    const posted = { channelId: 'C1', cardTs: '3.000003', messageTs: '2.000002', threadTs: '1.000001' };
    expect(decisionLink('https://x.slack.com', posted)).toBe(
      'https://x.slack.com/archives/C1/p3000003?thread_ts=1.000001&cid=C1',
    );
    expect(decisionLink('https://x.slack.com/', { ...posted, cardTs: null, threadTs: null })).toBe(
      'https://x.slack.com/archives/C1/p2000002',
    );
    expect(decisionLink('https://x.slack.com/', { ...posted, cardTs: null, messageTs: null })).toBeUndefined();
  });

  it('builds Slack permalinks, with thread parameters for replies', () => {
    expect(permalink('https://x.slack.com/', 'C1', '1700000000.000100')).toBe(
      'https://x.slack.com/archives/C1/p1700000000000100',
    );
    expect(permalink('https://x.slack.com/', 'C1', '2.000002', '1.000001')).toBe(
      'https://x.slack.com/archives/C1/p2000002?thread_ts=1.000001&cid=C1',
    );
  });
});

describe('validateProposal', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const ok = { title: ' Close ', description: '', category: 'pricing', channelId: 'C1', decideBy: '2026-11-22' };

  it('trims, drops an empty description and accepts today', () => {
    expect(checkProposalForm(ok, now)).toEqual({
      ok: true,
      proposal: {
        title: 'Close',
        description: undefined,
        category: 'pricing',
        channelId: 'C1',
        decideBy: '2026-11-22',
        touched: [],
        goLive: undefined,
      },
    });
  });

  it('keeps the ticked stages of the customer path and a go-live date, and refuses stages the workspace has not', () => {
    const stages = ['Buy', 'Use'];
    const touched = checkProposalForm({ ...ok, touched: ['Use', 'Use'], goLive: '2026-12-01' }, now, stages);
    expect(touched).toMatchObject({ ok: true, proposal: { touched: ['Use'], goLive: '2026-12-01' } });
    expect(checkProposalForm({ ...ok, touched: ['Forged'], goLive: '2020-01-01' }, now, stages)).toEqual({
      ok: false,
      errors: { touchpoints: 'Pick from the listed stages.', go_live: 'Pick today or a later date.' },
    });
  });

  it('reports several problems at once', () => {
    const result = checkProposalForm({ ...ok, title: '', channelId: 'D1', decideBy: 'soon' }, now);
    expect(result).toEqual({
      ok: false,
      errors: {
        title: 'Give the decision a title.',
        channel: 'Pick a channel to discuss the decision in.',
        decide_by: 'Pick a date from the calendar.',
      },
    });
  });
});
