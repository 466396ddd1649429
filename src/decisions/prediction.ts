import {
  ACTUAL_REACTIONS,
  type ActualReaction,
  DECIDE_AGAIN,
  type DecideAgain,
  EXPECTED_REACTIONS,
  type ExpectedReaction,
} from '../db/schema/shared.js';
import { charCount } from './characters.js';
import { isInvisible, storable } from './slackText.js';

export const CONFIDENCE_MIN = 50;
export const CONFIDENCE_MAX = 95;
export const REVIEW_AFTER_DAYS = [30, 60, 90] as const;
export type ReviewAfterDays = (typeof REVIEW_AFTER_DAYS)[number];
export const SIGNAL_MAX = 300;
export const EVIDENCE_MAX = 3000;
/** "Too early to tell" asks again this many days later, at most MAX_TOO_EARLY times. */
export const TOO_EARLY_DAYS = 30;
export const MAX_TOO_EARLY = 2;
/** An unanswered review gets one reminder this long after it was asked. */
export const REVIEW_REMINDER_AFTER_MS = 3 * 24 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

/** What a confirmation stores: a prediction, or the explicit choice to skip the review. */
export type PredictionChoice =
  | { skipped: true }
  | {
      skipped: false;
      expected: ExpectedReaction;
      confidence: number;
      signal: string;
      afterDays: ReviewAfterDays;
    };

export interface RawPrediction {
  skip: boolean;
  expected: string | null | undefined;
  confidence: string | null | undefined;
  signal: string | null | undefined;
  afterDays: string | null | undefined;
}

/** What is wrong with each field of the confirm form; the form says it in words (views/predictionViews.ts). */
export interface PredictionProblems {
  expected?: 'missing';
  confidence?: 'missing' | 'out-of-range';
  signal?: 'missing' | 'too-long';
  afterDays?: 'unknown';
}

/** Whether a value read from outside is one of a fixed set of codes. */
export const isOneOf = <T extends string>(values: readonly T[], value: string | null | undefined): value is T =>
  (values as readonly (string | null | undefined)[]).includes(value);

/**
 * Checks the confirm form: with "skip the review" ticked nothing else is read; otherwise every field is
 * needed, the confidence a whole number from 50 to 95, and the review 30, 60 or 90 days on (30 when unset).
 */
export function validatePrediction(
  raw: RawPrediction,
): { ok: true; prediction: PredictionChoice } | { ok: false; problems: PredictionProblems } {
  if (raw.skip) return { ok: true, prediction: { skipped: true } };
  const problems: PredictionProblems = {};
  const signal = storable(raw.signal ?? '').trim();
  const confidenceText = (raw.confidence ?? '').trim();
  const confidence = Number(confidenceText);
  const afterDays = Number(raw.afterDays ?? '30');
  if (!isOneOf(EXPECTED_REACTIONS, raw.expected)) problems.expected = 'missing';
  if (confidenceText === '') problems.confidence = 'missing';
  else if (!/^\d{1,3}$/.test(confidenceText) || confidence < CONFIDENCE_MIN || confidence > CONFIDENCE_MAX)
    problems.confidence = 'out-of-range';
  if (isInvisible(signal)) problems.signal = 'missing';
  else if (charCount(signal) > SIGNAL_MAX) problems.signal = 'too-long';
  if (!(REVIEW_AFTER_DAYS as readonly number[]).includes(afterDays)) problems.afterDays = 'unknown';
  if (Object.keys(problems).length > 0 || !isOneOf(EXPECTED_REACTIONS, raw.expected)) return { ok: false, problems };
  return {
    ok: true,
    prediction: { skipped: false, expected: raw.expected, confidence, signal, afterDays: afterDays as ReviewAfterDays },
  };
}

/** What the outcome form records: how customers reacted and what the team makes of it, or "too early to tell". */
export type OutcomeChoice =
  | { tooEarly: true; evidence: string | null }
  | { tooEarly: false; actual: ActualReaction; evidence: string; decideAgain: DecideAgain };

export interface RawOutcome {
  actual: string | null | undefined;
  evidence: string | null | undefined;
  decideAgain: string | null | undefined;
}

export interface OutcomeProblems {
  actual?: 'missing' | 'no-more-waiting';
  evidence?: 'missing' | 'too-long';
  decideAgain?: 'missing';
}

export const TOO_EARLY = 'too_early';

/**
 * Checks the outcome form. "Too early to tell" needs nothing else and is refused once the review has
 * waited MAX_TOO_EARLY times; a real outcome needs the evidence and whether the team would decide the same.
 */
export function validateOutcome(
  raw: RawOutcome,
  tooEarlyCount: number,
): { ok: true; outcome: OutcomeChoice } | { ok: false; problems: OutcomeProblems } {
  const problems: OutcomeProblems = {};
  const evidence = storable(raw.evidence ?? '').trim();
  const hasEvidence = !isInvisible(evidence);
  if (hasEvidence && charCount(evidence) > EVIDENCE_MAX) problems.evidence = 'too-long';
  if (raw.actual === TOO_EARLY) {
    if (tooEarlyCount >= MAX_TOO_EARLY) problems.actual = 'no-more-waiting';
    if (Object.keys(problems).length > 0) return { ok: false, problems };
    return { ok: true, outcome: { tooEarly: true, evidence: hasEvidence ? evidence : null } };
  }
  if (!isOneOf(ACTUAL_REACTIONS, raw.actual)) problems.actual = 'missing';
  if (!hasEvidence) problems.evidence ??= 'missing';
  if (!isOneOf(DECIDE_AGAIN, raw.decideAgain)) problems.decideAgain = 'missing';
  if (
    Object.keys(problems).length > 0 ||
    !isOneOf(ACTUAL_REACTIONS, raw.actual) ||
    !isOneOf(DECIDE_AGAIN, raw.decideAgain)
  )
    return { ok: false, problems };
  return { ok: true, outcome: { tooEarly: false, actual: raw.actual, evidence, decideAgain: raw.decideAgain } };
}

/** The reaction a prediction expected, in the words the outcome is recorded in. */
export const MATCHING_REACTION: Record<ExpectedReaction, ActualReaction> = {
  welcome: 'welcomed',
  unnoticed: 'unnoticed',
  pushback: 'pushed_back',
};

/** The matching rule: a prediction came true when customers reacted the way it said. */
export function predictionMatched(expected: ExpectedReaction, actual: ActualReaction): boolean {
  return MATCHING_REACTION[expected] === actual;
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 0 };
export const WORKING_HOURS = { from: 9, to: 17 } as const;

/**
 * Working hours, Monday to Friday 09:00 to 17:00 on the clocks of `timeZone`: reviews are asked then, so
 * they reach people at their desks rather than at night or on a weekend.
 */
export function withinWorkingHours(at: Date, timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const weekday = WEEKDAY_INDEX[parts.find((p) => p.type === 'weekday')?.value ?? ''] ?? 0;
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  return weekday >= 1 && weekday <= 5 && hour >= WORKING_HOURS.from && hour < WORKING_HOURS.to;
}

/** Whole days from one moment to another, for "It's been 30 days since …". */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}
