import type { ReviewedData } from '../db/predictionsRepo.js';
import type { ActualReaction, ExpectedReaction } from '../db/schema/shared.js';
import { majorityChoice } from './answerChoices.js';
import { predictionMatched } from './prediction.js';

/** Fewer reviewed predictions than this say too little to show a figure. */
export const MIN_REVIEWS_FOR_FIGURES = 5;

/** One prediction whose outcome was recorded, as calibration reads it. */
export interface ReviewedPrediction {
  expected: ExpectedReaction;
  /** The stated confidence, in percent. */
  confidence: number;
  actual: ActualReaction;
  /** The decision's majority motive (question 3), when anyone answered it. */
  motive: string | undefined;
  category: string | null;
}

/** How well a group of predictions did: undefined figures when there are too few to say. */
export interface Calibration {
  reviewed: number;
  /** Share of predictions whose expected reaction matched what happened, 0 to 1. */
  matchRate: number | undefined;
  /** Mean squared gap between the stated confidence and what happened: 0 is perfect, 0.25 a coin flip. */
  brier: number | undefined;
}

/**
 * The Brier score of stated confidences: for each prediction (confidence p, outcome 1 when it matched,
 * 0 when not) the square of p − outcome, averaged. Undefined for no predictions.
 */
export function brierScore(predictions: readonly { confidence: number; matched: boolean }[]): number | undefined {
  if (predictions.length === 0) return undefined;
  const total = predictions.reduce((sum, p) => sum + (p.confidence / 100 - (p.matched ? 1 : 0)) ** 2, 0);
  return total / predictions.length;
}

/** The figures of one group; with fewer than MIN_REVIEWS_FOR_FIGURES reviews only the count. */
export function calibrate(reviewed: readonly ReviewedPrediction[]): Calibration {
  if (reviewed.length < MIN_REVIEWS_FOR_FIGURES)
    return { reviewed: reviewed.length, matchRate: undefined, brier: undefined };
  const scored = reviewed.map((r) => ({ confidence: r.confidence, matched: predictionMatched(r.expected, r.actual) }));
  return {
    reviewed: reviewed.length,
    matchRate: scored.filter((s) => s.matched).length / scored.length,
    brier: brierScore(scored),
  };
}

/** The motives calibration is split by; "both" and "other" count only overall. */
export const CALIBRATION_MOTIVES = ['customer_satisfaction', 'profit'] as const;

export interface CalibrationReport {
  overall: Calibration;
  byMotive: { motive: (typeof CALIBRATION_MOTIVES)[number]; calibration: Calibration }[];
  byCategory: { category: string; calibration: Calibration }[];
}

/** A workspace's calibration overall, by motive (customer satisfaction vs profit) and by category. */
export function calibrationReport(reviewed: readonly ReviewedPrediction[]): CalibrationReport {
  const categories = [...new Set(reviewed.map((r) => r.category ?? 'other'))].sort();
  return {
    overall: calibrate(reviewed),
    byMotive: CALIBRATION_MOTIVES.map((motive) => ({
      motive,
      calibration: calibrate(reviewed.filter((r) => r.motive === motive)),
    })),
    byCategory: categories.map((category) => ({
      category,
      calibration: calibrate(reviewed.filter((r) => (r.category ?? 'other') === category)),
    })),
  };
}

/** The reviewed predictions as calibration reads them, each with its decision's majority motive. */
export function reviewedPredictions({ rows, motives }: ReviewedData): ReviewedPrediction[] {
  const choices = new Map<number, (string | null)[]>();
  for (const m of motives) choices.set(m.decisionId, [...(choices.get(m.decisionId) ?? []), m.choice]);
  return rows.flatMap((r) =>
    r.expectedReaction && r.actualReaction && r.confidence !== null
      ? [
          {
            expected: r.expectedReaction,
            confidence: r.confidence,
            actual: r.actualReaction,
            motive: majorityChoice(3, choices.get(r.decisionId) ?? []),
            category: r.category,
          },
        ]
      : [],
  );
}
