import { describe, expect, it } from 'vitest';
import { brierScore, calibrate, calibrationReport, type ReviewedPrediction } from '../../src/decisions/calibration.js';
import {
  predictionMatched,
  validateOutcome,
  validatePrediction,
  withinWorkingHours,
} from '../../src/decisions/prediction.js';
import { calibrationSentences } from '../../src/views/predictionViews.js';

const reviewed = (overrides: Partial<ReviewedPrediction> = {}): ReviewedPrediction => ({
  expected: 'welcome',
  confidence: 80,
  actual: 'welcomed',
  motive: 'customer_satisfaction',
  category: 'pricing',
  ...overrides,
});

describe('the matching rule', () => {
  it('matches each expected reaction with its own outcome, and no other', () => {
    const expected = ['welcome', 'unnoticed', 'pushback'] as const;
    const actual = ['welcomed', 'unnoticed', 'pushed_back'] as const;
    for (const [i, e] of expected.entries()) {
      for (const [j, a] of actual.entries()) expect(predictionMatched(e, a)).toBe(i === j);
    }
  });
});

describe('the Brier score', () => {
  it('is the mean squared gap between the stated confidence and what happened', () => {
    expect(brierScore([])).toBeUndefined();
    expect(brierScore([{ confidence: 100, matched: true }])).toBe(0);
    expect(brierScore([{ confidence: 50, matched: true }])).toBe(0.25);
    expect(brierScore([{ confidence: 50, matched: false }])).toBe(0.25);
    // (0.2² + 0.8²) / 2 = (0.04 + 0.64) / 2
    expect(
      brierScore([
        { confidence: 80, matched: true },
        { confidence: 80, matched: false },
      ]),
    ).toBeCloseTo(0.34, 10);
    // (0.1² + 0.3² + 0.6²) / 3 = (0.01 + 0.09 + 0.36) / 3
    expect(
      brierScore([
        { confidence: 90, matched: true },
        { confidence: 70, matched: true },
        { confidence: 60, matched: false },
      ]),
    ).toBeCloseTo(0.46 / 3, 10);
  });
});

describe('calibration', () => {
  it('shows no figure below 5 reviews, only the count', () => {
    const four = Array.from({ length: 4 }, () => reviewed());
    expect(calibrate(four)).toEqual({ reviewed: 4, matchRate: undefined, brier: undefined });
    expect(calibrationSentences(calibrate(four))).toEqual([
      'The team: 4 predictions reviewed so far; not enough yet to say how well we read customers (figures appear from 5).',
    ]);
  });

  it('gives the match rate and the Brier score from 5 reviews on', () => {
    const five = [
      reviewed(),
      reviewed(),
      reviewed(),
      reviewed({ actual: 'pushed_back' }),
      reviewed({ actual: 'unnoticed' }),
    ];
    const figures = calibrate(five);
    expect(figures.reviewed).toBe(5);
    expect(figures.matchRate).toBe(0.6);
    expect(figures.brier).toBeCloseTo(0.28, 10);
    expect(calibrationSentences(figures)).toEqual([
      'The team: 5 predictions reviewed.',
      'Customers reacted as predicted 60 % of the time.',
      'Brier score 0.28: how far our stated confidence was from what happened (0 is perfect, 0.25 is a coin flip).',
    ]);
  });

  it('splits by motive (customer satisfaction vs profit) and by category', () => {
    const all = [
      ...Array.from({ length: 5 }, () => reviewed({ motive: 'profit', category: 'policy' })),
      reviewed({ motive: 'both', category: null, actual: 'pushed_back' }),
    ];
    const report = calibrationReport(all);
    expect(report.overall).toMatchObject({ reviewed: 6 });
    expect(report.overall.matchRate).toBeCloseTo(5 / 6, 10);
    expect(report.byMotive).toEqual([
      { motive: 'customer_satisfaction', calibration: { reviewed: 0, matchRate: undefined, brier: undefined } },
      { motive: 'profit', calibration: { reviewed: 5, matchRate: 1, brier: expect.closeTo(0.04, 10) as number } },
    ]);
    expect(report.byCategory.map((c) => [c.category, c.calibration.reviewed])).toEqual([
      ['other', 1],
      ['policy', 5],
    ]);
  });
});

describe('the confirm form', () => {
  const full = { skip: false, expected: 'pushback', confidence: '95', signal: '  sales  ', afterDays: '90' };

  it('takes a full prediction, or the skip alone', () => {
    expect(validatePrediction(full)).toEqual({
      ok: true,
      prediction: { skipped: false, expected: 'pushback', confidence: 95, signal: 'sales', afterDays: 90 },
    });
    expect(validatePrediction({ ...full, afterDays: null })).toMatchObject({ ok: true, prediction: { afterDays: 30 } });
    expect(validatePrediction({ skip: true, expected: null, confidence: '7', signal: null, afterDays: 'x' })).toEqual({
      ok: true,
      prediction: { skipped: true },
    });
  });

  it('refuses a confidence outside 50–95, a missing field and an unknown review date', () => {
    for (const confidence of ['49', '96', '80.5', '-60', 'eighty', '1e2'])
      expect(validatePrediction({ ...full, confidence })).toEqual({
        ok: false,
        problems: { confidence: 'out-of-range' },
      });
    expect(validatePrediction({ ...full, confidence: '50' }).ok).toBe(true);
    expect(
      validatePrediction({ skip: false, expected: 'maybe', confidence: '', signal: '\u200b', afterDays: '0' }),
    ).toEqual({
      ok: false,
      problems: { expected: 'missing', confidence: 'missing', signal: 'missing', afterDays: 'unknown' },
    });
    expect(validatePrediction({ ...full, signal: '😀'.repeat(301) })).toEqual({
      ok: false,
      problems: { signal: 'too-long' },
    });
    expect(validatePrediction({ ...full, signal: '😀'.repeat(300) }).ok).toBe(true);
  });
});

describe('the outcome form', () => {
  it('needs the evidence and "decide again" for an outcome, and allows "too early" twice', () => {
    expect(validateOutcome({ actual: 'welcomed', evidence: ' Sales up ', decideAgain: 'with_changes' }, 0)).toEqual({
      ok: true,
      outcome: { tooEarly: false, actual: 'welcomed', evidence: 'Sales up', decideAgain: 'with_changes' },
    });
    expect(validateOutcome({ actual: 'glad', evidence: '', decideAgain: 'maybe' }, 0)).toEqual({
      ok: false,
      problems: { actual: 'missing', evidence: 'missing', decideAgain: 'missing' },
    });
    expect(validateOutcome({ actual: 'too_early', evidence: null, decideAgain: null }, 1)).toEqual({
      ok: true,
      outcome: { tooEarly: true, evidence: null },
    });
    expect(validateOutcome({ actual: 'too_early', evidence: null, decideAgain: null }, 2)).toEqual({
      ok: false,
      problems: { actual: 'no-more-waiting' },
    });
  });
});

describe('working hours', () => {
  it('are Monday to Friday, 09:00 to 17:00 on the time zone’s clocks', () => {
    // 2033-07-15 is a Friday; 2033-07-16 a Saturday.
    expect(withinWorkingHours(new Date('2033-07-15T09:00:00Z'), 'UTC')).toBe(true);
    expect(withinWorkingHours(new Date('2033-07-15T16:59:59Z'), 'UTC')).toBe(true);
    expect(withinWorkingHours(new Date('2033-07-15T17:00:00Z'), 'UTC')).toBe(false);
    expect(withinWorkingHours(new Date('2033-07-15T08:59:59Z'), 'UTC')).toBe(false);
    expect(withinWorkingHours(new Date('2033-07-16T10:00:00Z'), 'UTC')).toBe(false);
    // 07:30 UTC is 09:30 in Berlin (summer time), 03:30 in New York.
    expect(withinWorkingHours(new Date('2033-07-15T07:30:00Z'), 'Europe/Berlin')).toBe(true);
    expect(withinWorkingHours(new Date('2033-07-15T07:30:00Z'), 'America/New_York')).toBe(false);
    // Friday 23:30 UTC is Saturday morning in Tokyo.
    expect(withinWorkingHours(new Date('2033-07-15T23:30:00Z'), 'Asia/Tokyo')).toBe(false);
  });
});
