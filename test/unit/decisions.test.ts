import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecisionCommand } from '../../src/decisions/commandText.js';
import { validateProposal } from '../../src/decisions/proposalForm.js';
import { DEFAULT_TRIGGERS, isProposal, parseTriggerList, titleFromMessage } from '../../src/decisions/triggers.js';
import { escapeMrkdwn, permalink, truncate, userText } from '../../src/views/text.js';

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

  it('finds any trigger at the start whatever the case and what follows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_TRIGGERS), fc.string(), fc.boolean(), (trigger, rest, upper) => {
        const start = upper ? trigger.toUpperCase() : trigger.toLowerCase();
        expect(isProposal(`${start}${rest}`, DEFAULT_TRIGGERS)).toBe(true);
      }),
    );
  });

  it('never matches text that has no trigger at its start and no :chair:', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const start = text.trimStart().toLowerCase();
        fc.pre(!text.includes(':chair:') && !DEFAULT_TRIGGERS.some((t) => start.startsWith(t.toLowerCase())));
        expect(isProposal(text, DEFAULT_TRIGGERS)).toBe(false);
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

  it('always gives a non-empty title of at most 150 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1000 }), (text) => {
        const title = titleFromMessage(text, DEFAULT_TRIGGERS);
        expect(title.length).toBeGreaterThan(0);
        expect(title.length).toBeLessThanOrEqual(150);
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

  it('never throws and keeps a multi-word title exactly (trimmed) unless it starts with triggers', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseDecisionCommand(text);
        if (parsed.kind === 'propose' && parsed.title !== '') expect(parsed.title).toBe(text.trim());
      }),
    );
  });
});

describe('parseTriggerList', () => {
  it('splits on commas and newlines, drops blanks and duplicates', () => {
    expect(parseTriggerList('RFC:, Idea: ,\n rfc:,,')).toEqual(['RFC:', 'Idea:']);
  });
});

describe('escaping user text for mrkdwn', () => {
  it('leaves no raw angle brackets, so no mention or link can be injected', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeMrkdwn(text);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')).toBe(text);
      }),
    );
  });

  it('fits within the limit without splitting an entity or a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 2, max: 200 }), (text, max) => {
        const out = userText(text, max);
        // Limits count code points, as the regex engine does in `u` mode.
        expect(out.match(/./gsu)?.length ?? 0).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/&[a-z]{0,4}…$/);
        expect(out).not.toMatch(/[\uD800-\uDBFF]…$/);
      }),
    );
    expect(truncate('abcdef', 4)).toBe('abc…');
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
    expect(validateProposal(ok, now)).toEqual({
      ok: true,
      proposal: {
        title: 'Close',
        description: undefined,
        category: 'pricing',
        channelId: 'C1',
        decideBy: '2026-11-22',
      },
    });
  });

  it('reports several problems at once', () => {
    const result = validateProposal({ ...ok, title: '', channelId: 'D1', decideBy: 'soon' }, now);
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
