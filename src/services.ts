import type { Logger } from './logger.js';
import type { BotIdentity } from './slack/client.js';
import type { Config } from './config.js';
import { createAnswersRepo } from './db/answersRepo.js';
import type { Database } from './db/database.js';
import { createDecisionsRepo, type Decision } from './db/decisionsRepo.js';
import { createDigestRepo, createNudgeRepo } from './db/digestRepo.js';
import { createEventsRepo } from './db/eventsRepo.js';
import { createExportRepo } from './db/exportRepo.js';
import { createOutboxRepo } from './db/outboxRepo.js';
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

export interface ServiceDeps {
  db: Database;
  digestConfig: Config['digest'];
  now: () => Date;
  logger: Logger;
  bot: BotIdentity;
  /** Runs Slack work after the request has been answered (and is waited for at shutdown). */
  defer: (work: () => Promise<unknown>) => void;
}

/**
 * Everything listeners may call, wired once per app: domain services and the Slack adapters. The
 * repositories stay inside; `digest.repo` and `digest.nudges` are for the scheduler and the background
 * passes, which app.ts wires.
 */
export function createServices({ db, digestConfig, now, logger, bot, defer }: ServiceDeps) {
  const settings = createSettingsRepo(db, now);
  const answers = createAnswersRepo(db);
  const decisions = createDecisionsRepo(db, now);
  const predictions = createPredictionsRepo(db, now);
  const posts = createDecisionPosts({
    decisions,
    outbox: createOutboxRepo(db, now),
    answers,
    settings,
    predictions,
    now,
    logger,
    moreJobs: createReviewPosts({ decisions, predictions, now }).jobs,
  });
  const discussion = createDiscussionRepo(db);
  const decisionService = createDecisionService({ decisions, answers, settings, predictions, now });
  const predictionService = createPredictionService({ predictions, decisions, settings, now });
  const events = createEventsRepo(db, now);
  const exportRepo = createExportRepo(db);
  const digestRepo = createDigestRepo(db);
  /** Where a decision lives in Slack, for links in replies and views. */
  const linkTo = (decision: Decision) => decisionLink(bot.teamUrl, decision);
  return {
    now,
    logger,
    bot,
    defer,
    events: {
      /** Records an event id; false when Slack delivered it before (a retry). */
      firstDelivery: (teamId: string, eventId: string) => events.markProcessed(teamId, eventId),
      forgetOlderThan: (cutoff: Date) => events.forgetOlderThan(cutoff),
    },
    directory: createSlackDirectory({ now, logger }),
    access: createAccessService({ decisions }),
    settings: createSettingsService({ settings }),
    posts,
    publisher: createPublisher({ decisions, posts, defer, logger }),
    linkTo,
    exports: {
      /** One channel's decisions as CSV, for `/decision export`. */
      channelCsv: (teamId: string, channelId: string) =>
        exportToBuffer(exportRepo, { format: 'csv', answers: false, filters: { teamId, channelId } }),
    },
    digest: {
      repo: digestRepo,
      nudges: createNudgeRepo(db),
      config: digestConfig,
      /** This week's digest as it would read in `channelId`: other private channels' decisions only counted. */
      preview(teamId: string, channelId: string) {
        const at = now();
        return composeDigest({
          repo: digestRepo,
          teamId,
          channelId,
          slot: at,
          late: false,
          now: at,
          teamUrl: bot.teamUrl,
          cron: digestConfig.cron,
          timezone: digestConfig.timezone,
        });
      },
    },
    decisions: decisionService,
    predictions: predictionService,
    /**
     * The time zone whose working hours reviews are asked in, for a workspace: the digest's. (One place to
     * read it, so a per-workspace digest time zone needs one change here.)
     */
    reviewTimeZone: (_teamId: string): string => digestConfig.timezone,
    answers: createAnswerService({ decisions, answers, discussion, settings, now }),
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
