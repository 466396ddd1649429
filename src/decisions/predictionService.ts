import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { OutboxJobInput } from '../db/outboxRepo.js';
import type { DecisionLinks, DueReview, Prediction, PredictionsRepo } from '../db/predictionsRepo.js';
import type { SettingsRepo } from '../db/settingsRepo.js';
import { type CalibrationReport, calibrationReport, reviewedPredictions } from './calibration.js';
import {
  DAY_MS,
  MAX_TOO_EARLY,
  type OutcomeChoice,
  REVIEW_REMINDER_AFTER_MS,
  TOO_EARLY_DAYS,
  withinWorkingHours,
} from './prediction.js';

interface Deps {
  predictions: PredictionsRepo;
  decisions: DecisionsRepo;
  settings: SettingsRepo;
  now: () => Date;
}

/** The outbox job kinds of reviews; slack/reviewPosts.ts performs them. */
export const REVIEW_JOBS = { ask: 'review_ask', remind: 'review_remind' } as const;
export type ReviewRecipient = 'thread' | 'proposer';

/** Reviews asked or reminded per pass; the rest wait for the next pass, so one pass never floods Slack. */
const REVIEW_BATCH = 50;

/** Why a person may not record a review's outcome. */
export type OutcomeRefusal = 'gone' | 'no-review' | 'not-allowed' | 'already-recorded';

export function createPredictionService({ predictions, decisions, settings, now }: Deps) {
  const askJobs = (teamId: string, review: DueReview): OutboxJobInput[] =>
    (['thread', 'proposer'] as const).map((to) => ({
      teamId,
      kind: REVIEW_JOBS.ask,
      dedupeKey: `${REVIEW_JOBS.ask}:${review.decisionId}:${review.dueAt.toISOString()}:${to}`,
      payload: { decisionId: review.decisionId, to },
      at: now(),
    }));
  const remindJob = (teamId: string, review: DueReview): OutboxJobInput => ({
    teamId,
    kind: REVIEW_JOBS.remind,
    dedupeKey: `${REVIEW_JOBS.remind}:${review.decisionId}:${review.dueAt.toISOString()}`,
    payload: { decisionId: review.decisionId, to: 'proposer' },
    at: now(),
  });

  /** Whether the person may record the outcome: the proposer, or an approver. */
  const mayRecord = async (decision: Decision, userId: string) =>
    decision.proposerId === userId || ((await settings.team(decision.teamId))?.approvers ?? []).includes(userId);

  /** The decision and its prediction, when the person may record its outcome now. */
  async function recordable(
    teamId: string,
    decisionId: number,
    userId: string,
  ): Promise<
    | { ok: true; decision: Decision; prediction: Prediction }
    | { ok: false; refusal: OutcomeRefusal; decision?: Decision }
  > {
    const decision = await decisions.findById(teamId, decisionId);
    if (!decision) return { ok: false, refusal: 'gone' };
    const prediction = await predictions.find(teamId, decisionId);
    if (!prediction || prediction.skipped || decision.status !== 'confirmed')
      return { ok: false, refusal: 'no-review', decision };
    if (!(await mayRecord(decision, userId))) return { ok: false, refusal: 'not-allowed', decision };
    if (prediction.actualReaction) return { ok: false, refusal: 'already-recorded', decision };
    return { ok: true, decision, prediction };
  }

  return {
    recordable,

    /**
     * Queues the reviews that are due (one thread post and one direct message each) and the one reminder of
     * reviews unanswered for 3 days, during the workspace's working hours in `timeZone`. Each due date is
     * claimed in the database with its jobs, so it is asked once whatever runs this, and however often.
     */
    async queueDueReviews(teamId: string, timeZone: string, at: Date): Promise<{ asked: number; reminded: number }> {
      if (!withinWorkingHours(at, timeZone)) return { asked: 0, reminded: 0 };
      let asked = 0;
      for (const review of await predictions.dueToAsk(teamId, at, REVIEW_BATCH)) {
        if (await predictions.claimAsk(teamId, review, at, askJobs(teamId, review))) asked += 1;
      }
      let reminded = 0;
      const askedBefore = new Date(at.getTime() - REVIEW_REMINDER_AFTER_MS);
      for (const review of await predictions.dueToRemind(teamId, askedBefore, REVIEW_BATCH)) {
        if (await predictions.claimReminder(teamId, review, at, [remindJob(teamId, review)])) reminded += 1;
      }
      return { asked, reminded };
    },

    /** Records the outcome (or "too early to tell", which asks again 30 days on), once. */
    async recordOutcome(
      teamId: string,
      decisionId: number,
      userId: string,
      outcome: OutcomeChoice,
    ): Promise<{ ok: true; decision: Decision; prediction: Prediction } | { ok: false; refusal: OutcomeRefusal }> {
      const allowed = await recordable(teamId, decisionId, userId);
      if (!allowed.ok) return allowed;
      const at = now();
      const updated = await predictions.recordOutcome({
        teamId,
        decisionId,
        outcome,
        userId,
        at,
        askAgainAt: new Date(at.getTime() + TOO_EARLY_DAYS * DAY_MS),
        maxTooEarly: MAX_TOO_EARLY,
      });
      if (!updated) return { ok: false, refusal: 'already-recorded' };
      return { ok: true, decision: allowed.decision, prediction: updated };
    },

    find: (teamId: string, decisionId: number) => predictions.find(teamId, decisionId),
    forDecisions: (teamId: string, ids: readonly number[]) => predictions.forDecisions(teamId, ids),
    linksFor: (teamId: string, decisionId: number): Promise<DecisionLinks> => predictions.linksFor(teamId, decisionId),

    /** Marks one decision as revisiting another of the same workspace; false when either is not there or they are one. */
    async link(teamId: string, decisionId: number, revisitsId: number, userId: string): Promise<boolean> {
      if (decisionId === revisitsId) return false;
      const [decision, original] = await Promise.all([
        decisions.findById(teamId, decisionId),
        decisions.findById(teamId, revisitsId),
      ]);
      if (!decision || !original) return false;
      await predictions.link({ teamId, decisionId, revisitsId, userId });
      return true;
    },

    /** Reviews asked and waiting for an outcome, due by `dueBy`. */
    awaiting: (teamId: string, dueBy: Date, limit: number) => predictions.awaiting(teamId, dueBy, limit),

    /** How the workspace's predictions did: overall, by motive and by category. */
    async calibration(teamId: string): Promise<CalibrationReport> {
      return calibrationReport(reviewedPredictions(await predictions.reviewed(teamId)));
    },
  };
}

export type PredictionService = ReturnType<typeof createPredictionService>;
