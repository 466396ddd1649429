import type { Logger } from './logger.js';
import type { Config } from './config.js';
import { createAnswersRepo } from './db/answersRepo.js';
import type { Database } from './db/database.js';
import { createDecisionsRepo, type Decision } from './db/decisionsRepo.js';
import { createDigestRepo, createNudgeRepo } from './db/digestRepo.js';
import { createEventsRepo } from './db/eventsRepo.js';
import { createExportRepo } from './db/exportRepo.js';
import { createFeedbackRepo } from './db/feedbackRepo.js';
import { createFeedbackService } from './decisions/feedbackService.js';
import { createOutboxRepo } from './db/outboxRepo.js';
import { createFrontLineRepo } from './db/frontLineRepo.js';
import { createFrontLineService } from './decisions/frontLineService.js';
import { createBriefings } from './slack/briefings.js';
import { createSettingsRepo } from './db/settingsRepo.js';
import { createAnswerService } from './decisions/answerService.js';
import { createDecisionPosts } from './slack/decisionPosts.js';
import { createDecisionService } from './decisions/decisionService.js';
import { createReviewService } from './decisions/reviewService.js';
import { createReviewRepo } from './db/reviewRepo.js';
import { createPredictionsRepo } from './db/predictionsRepo.js';
import { createPredictionService } from './decisions/predictionService.js';
import { createReviewPosts } from './slack/reviewPosts.js';
import { createDiscussionRepo } from './db/discussionRepo.js';
import { createAccessService } from './decisions/access.js';
import { createSlackDirectory } from './slack/directory.js';
import { createPublisher } from './slack/publisher.js';
import { decisionLink } from './views/text.js';
import { createSettingsService } from './decisions/settingsService.js';
import { exportToBuffer } from './decisions/exporter.js';
import { composeDigest } from './digest/digestRunner.js';
import { digestScheduleFor } from './digest/scheduler.js';
import type { Workspaces } from './slack/workspaces.js';

export interface ServiceDeps {
  db: Database;
  digestConfig: Config['digest'];
  now: () => Date;
  logger: Logger;
  /** The workspaces served, for their addresses in links. */
  workspaces: Workspaces;
  /** Runs Slack work after the request has been answered (and is waited for at shutdown). */
  defer: (work: () => Promise<unknown>) => void;
}

/**
 * Everything listeners may call, wired once per app: domain services and the Slack adapters. The
 * repositories stay inside; `digest.repo` and `digest.nudges` are for the scheduler and the background
 * passes, which app.ts wires.
 */
export function createServices({ db, digestConfig, now, logger, workspaces, defer }: ServiceDeps) {
  const settings = createSettingsRepo(db, now);
  const feedbackRepo = createFeedbackRepo(db, now);
  const feedback = createFeedbackService({ feedback: feedbackRepo, settings });
  const answers = createAnswersRepo(db);
  const decisions = createDecisionsRepo(db, now);
  const outbox = createOutboxRepo(db, now);
  const frontLine = createFrontLineRepo(db, now);
  const predictions = createPredictionsRepo(db, now);
  const posts = createDecisionPosts({
    decisions,
    outbox,
    answers,
    settings,
    feedback,
    frontLine,
    teamUrl: (teamId: string) => workspaces.teamUrl(teamId),
    predictions,
    now,
    logger,
    moreJobs: createReviewPosts({ decisions, predictions, now }).jobs,
  });
  const discussion = createDiscussionRepo(db);
  const decisionService = createDecisionService({ decisions, answers, settings, frontLine, predictions, now });
  const predictionService = createPredictionService({ predictions, decisions, settings, now });
  const events = createEventsRepo(db, now);
  const exportRepo = createExportRepo(db);
  const digestRepo = createDigestRepo(db);
  const settingsService = createSettingsService({ settings });
  /** Where a decision lives in Slack, for links in replies and views. */
  const linkTo = (decision: Decision) => decisionLink(workspaces.teamUrl(decision.teamId), decision);
  /** When the workspace's digest goes out: its own schedule, else DIGEST_CRON in DIGEST_TIMEZONE. */
  const digestSchedule = (teamId: string) => digestScheduleFor(settingsService, teamId, digestConfig);
  const directory = createSlackDirectory({ now, logger });
  return {
    now,
    logger,
    defer,
    events: {
      /** Records an event id; false when Slack delivered it before (a retry). */
      firstDelivery: (teamId: string, eventId: string) => events.markProcessed(teamId, eventId),
      forgetOlderThan: (cutoff: Date) => events.forgetOlderThan(cutoff),
    },
    directory,
    frontLine: createFrontLineService({ frontLine, decisions, settings, now }),
    briefings: createBriefings({
      decisions,
      frontLine,
      outbox,
      posts,
      directory,
      linkTo,
      botUserIdOf: async (teamId: string) => (await workspaces.get(teamId))?.botUserId,
      now,
      logger,
    }),
    access: createAccessService({ decisions }),
    settings: settingsService,
    feedback,
    posts,
    publisher: createPublisher({ decisions, posts, defer, logger }),
    linkTo,
    /** The workspace's address, for links to its messages; undefined until known. */
    teamUrl: (teamId: string) => workspaces.teamUrl(teamId),
    exports: {
      /** One channel's decisions as CSV, for `/decision export`. */
      channelCsv: (teamId: string, channelId: string) =>
        exportToBuffer(exportRepo, { format: 'csv', answers: false, filters: { teamId, channelId } }),
    },
    digest: {
      repo: digestRepo,
      nudges: createNudgeRepo(db),
      schedule: digestSchedule,
      /** This week's digest as it would read in `channelId`: other private channels' decisions only counted. */
      async preview(teamId: string, channelId: string) {
        const at = now();
        const { cron, timezone } = await digestSchedule(teamId);
        return composeDigest({
          repo: digestRepo,
          teamId,
          channelId,
          slot: at,
          late: false,
          now: at,
          teamUrl: workspaces.teamUrl(teamId),
          cron,
          timezone,
        });
      },
    },
    decisions: decisionService,
    predictions: predictionService,
    /** The time zone whose working hours a workspace's reviews are asked in: its digest's. */
    reviewTimeZone: async (teamId: string): Promise<string> => (await digestSchedule(teamId)).timezone,
    answers: createAnswerService({ decisions, answers, discussion, settings, feedback: feedbackRepo, now }),
    review: createReviewService({
      review: createReviewRepo(db),
      decisions,
      answers,
      discussion,
      predictions,
      calibration: (teamId) => predictionService.calibration(teamId),
      approversFor: async (teamId) => (await settings.team(teamId))?.approvers ?? [],
      now,
      linkTo,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
