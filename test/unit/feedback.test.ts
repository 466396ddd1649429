import { describe, expect, it } from 'vitest';
import type { CitedFeedback } from '../../src/db/feedbackRepo.js';
import { fts5AnyOf, rankRelated, searchTerms, tsqueryAnyOf } from '../../src/db/feedbackSearch.js';
import {
  parseEmojiName,
  parseFeedbackCommand,
  parseTags,
  quoteFromMessage,
  validateFeedback,
} from '../../src/decisions/feedbackForm.js';
import { isQuotableIn, summarizeFeedbackWeek } from '../../src/digest/feedbackWeek.js';
import { groundingLine } from '../../src/views/decisionCard.js';
import { buildFeedbackModal, feedbackErrors, feedbackLine } from '../../src/views/feedback.js';

describe('searchTerms', () => {
  it('keeps the distinct words worth searching by, lower-cased, without stopwords or search syntax', () => {
    expect(searchTerms('Open the shop on Sundays: "OPEN" shop* -NEAR(x) AND café, 24h')).toEqual([
      'open',
      'shop',
      'sundays',
      'near',
      'café',
      '24h',
    ]);
    expect(searchTerms('')).toEqual([]);
    expect(searchTerms(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '))).toHaveLength(24);
  });

  it('builds each engine query from terms only', () => {
    expect(fts5AnyOf(['open', 'shop'])).toBe('"open" OR "shop"');
    expect(tsqueryAnyOf(['open', 'shop'])).toBe('open | shop');
  });
});

describe('rankRelated', () => {
  const at = (day: number) => new Date(Date.UTC(2033, 0, day));
  const c = (id: number, category: string | null, wordScore: number, day: number) => ({
    id,
    category,
    wordScore,
    createdAt: at(day),
  });

  it('puts the same category first, then more shared words, then the newest, and drops the unrelated', () => {
    const ranked = rankRelated(
      [
        c(1, 'pricing', 0, 1),
        c(2, null, 2.5, 1),
        c(3, 'pricing', 0.1, 1),
        c(4, 'policy', 0, 9),
        c(5, null, 2.5, 5),
        c(6, 'pricing', 0, 3),
      ],
      'pricing',
      10,
    );
    expect(ranked.map((r) => r.id)).toEqual([3, 6, 1, 5, 2]);
  });

  it('ranks by words alone when the decision has no category, and stops at the limit', () => {
    expect(rankRelated([c(1, 'pricing', 0, 1), c(2, null, 1, 1), c(3, null, 3, 1)], null, 1).map((r) => r.id)).toEqual([
      3,
    ]);
  });
});

describe('validateFeedback', () => {
  const good = { text: ' They love it ', source: 'review', sentiment: 'positive', category: 'pricing', tags: 'a, #B' };

  it('keeps trimmed words, the choices and the tags', () => {
    expect(validateFeedback(good)).toEqual({
      ok: true,
      feedback: {
        text: 'They love it',
        source: 'review',
        sentiment: 'positive',
        category: 'pricing',
        tags: ['a', 'b'],
      },
    });
  });

  it('names every problem: empty or invisible words, too long, unknown choices, too many tags', () => {
    expect(
      validateFeedback({ text: '\u200b\u00a0', source: 'fax', sentiment: 'meh', category: 'weather', tags: null }),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'text', problem: 'missing' },
        { field: 'source', problem: 'unknown' },
        { field: 'sentiment', problem: 'unknown' },
        { field: 'category', problem: 'unknown' },
      ],
    });
    expect(validateFeedback({ ...good, text: '😀'.repeat(3001) })).toMatchObject({
      problems: [{ field: 'text', problem: 'too-long' }],
    });
    expect(validateFeedback({ ...good, text: '😀'.repeat(3000) }).ok).toBe(true);
    expect(validateFeedback({ ...good, tags: 'a,b,c,d,e,f' })).toMatchObject({
      problems: [{ field: 'tags', problem: 'too-many' }],
    });
    expect(validateFeedback({ ...good, tags: 'x'.repeat(31) })).toMatchObject({
      problems: [{ field: 'tags', problem: 'too-long' }],
    });
  });

  it('cuts a long message to the limit between characters for the form', () => {
    const quote = quoteFromMessage(`  ${'👍🏽'.repeat(2000)}  `);
    expect([...quote].length).toBeLessThanOrEqual(3000);
    expect(quote.endsWith('👍🏽…')).toBe(true);
  });

  it('reads tags as typed', () => {
    expect(parseTags(' #Opening  Hours, , parking,PARKING ')).toEqual(['opening hours', 'parking']);
  });
});

describe('parseFeedbackCommand', () => {
  it('reads leading options and leaves the quote as typed', () => {
    expect(
      parseFeedbackCommand('source:In-Person sentiment:NEGATIVE topic:pricing topic:Parking Too busy: source:x'),
    ).toEqual({
      text: 'Too busy: source:x',
      source: 'in_person',
      sentiment: 'negative',
      category: 'pricing',
      tags: 'parking',
    });
    expect(parseFeedbackCommand('Just words')).toEqual({
      text: 'Just words',
      source: 'in_person',
      sentiment: 'neutral',
      category: null,
      tags: '',
    });
  });
});

describe('parseEmojiName', () => {
  it('accepts an emoji name with or without colons, and nothing else', () => {
    expect(parseEmojiName(':Speech_Balloon:')).toBe('speech_balloon');
    expect(parseEmojiName('+1')).toBe('+1');
    expect(parseEmojiName('two words')).toBeUndefined();
    expect(parseEmojiName('::')).toBeUndefined();
  });
});

describe('summarizeFeedbackWeek', () => {
  const item = (over: Partial<CitedFeedback>): CitedFeedback => ({
    id: 1,
    teamId: 'T1',
    enterpriseId: null,
    channelId: 'C0PUBLIC',
    channelIsPrivate: false,
    messageTs: '1.1',
    threadTs: null,
    text: 'words',
    source: 'support',
    sentiment: 'neutral',
    category: null,
    tags: [],
    savedBy: 'U1',
    createdAt: new Date(Date.UTC(2033, 0, 1)),
    citations: 0,
    ...over,
  });

  it('counts every item and quotes the most cited, then the newest, of those it may show', () => {
    const items = [
      item({ id: 1, sentiment: 'positive', category: 'pricing', tags: ['parking'] }),
      item({ id: 2, sentiment: 'negative', category: 'pricing', citations: 2 }),
      item({ id: 3, channelId: 'C0SECRET', channelIsPrivate: true, citations: 9, tags: ['parking'] }),
      item({ id: 4, channelId: null, channelIsPrivate: null, createdAt: new Date(Date.UTC(2033, 0, 2)) }),
      item({ id: 5, channelId: 'C0UNKNOWN', channelIsPrivate: null }),
    ];
    const week = summarizeFeedbackWeek(items, 'C0DIGEST');
    expect(week.total).toBe(5);
    expect(week.bySentiment).toEqual({ positive: 1, neutral: 3, negative: 1 });
    expect(week.byTopic).toEqual([
      { topic: '#parking', count: 2 },
      { topic: 'Pricing', count: 2 },
    ]);
    expect(week.quotes.map((q) => q.id)).toEqual([2, 4, 1]);
    expect(week.privateCount).toBe(2);
    // In the private channel itself, its feedback may be quoted.
    expect(summarizeFeedbackWeek(items, 'C0SECRET').quotes.map((q) => q.id)).toEqual([3, 2, 4]);
    expect(isQuotableIn(item({ channelId: 'C0UNKNOWN', channelIsPrivate: null }), undefined)).toBe(false);
  });
});

describe('feedback views', () => {
  const item = {
    id: 7,
    teamId: 'T1',
    enterpriseId: null,
    channelId: 'C0SUPPORT',
    channelIsPrivate: false,
    messageTs: '1700000000.000100',
    threadTs: '1700000000.000001',
    text: 'Fish & chips <!here> <@U1> are *great*',
    source: 'review' as const,
    sentiment: 'positive' as const,
    category: 'product_line',
    tags: ['menu<b>'],
    savedBy: 'U1',
    createdAt: new Date(0),
  };

  it('shows a quote escaped once, with its details and a link to its message', () => {
    expect(feedbackLine(item, 'https://example.slack.com/')).toBe(
      '“Fish &amp; chips &lt;!here&gt; &lt;@U1&gt; are *great*” _Review · Positive · Product line · #menu&lt;b&gt;_ · ' +
        '<https://example.slack.com/archives/C0SUPPORT/p1700000000000100?thread_ts=1700000000.000001&cid=C0SUPPORT|message>',
    );
    expect(feedbackLine({ ...item, channelId: null, messageTs: null, text: 'x'.repeat(50) }, '', 10)).toBe(
      `“${'x'.repeat(9)}…” _Review · Positive · Product line · #menu&lt;b&gt;_`,
    );
  });

  it("says whether the customer view rests on customers' words", () => {
    expect(groundingLine(0)).toBe('Customer view: no customer quote cited');
    expect(groundingLine(1)).toBe('Customer view grounded in 1 customer quote');
    expect(groundingLine(2)).toBe('Customer view grounded in 2 customer quotes');
  });

  it('prefills the form within its limits, and names each problem on its field', () => {
    const modal = buildFeedbackModal('They said so', { channelId: 'C1', messageTs: '1.2' });
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"They said so"');
    expect(
      feedbackErrors([
        { field: 'text', problem: 'missing' },
        { field: 'source', problem: 'unknown' },
        { field: 'tags', problem: 'too-many' },
      ]),
    ).toEqual({
      feedback_text: "Write the customer's words.",
      feedback_source: 'Pick one of the options.',
      feedback_tags: 'Use at most 5 tags.',
    });
  });
});
