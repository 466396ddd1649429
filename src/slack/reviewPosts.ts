import type { DecisionsRepo } from '../db/decisionsRepo.js';
import type { OutboxJob } from '../db/outboxRepo.js';
import type { PredictionsRepo } from '../db/predictionsRepo.js';
import { daysBetween } from '../decisions/prediction.js';
import { REVIEW_JOBS } from '../decisions/predictionService.js';
import { reviewAskBlocks, reviewAskText } from '../views/predictionViews.js';
import type { SlackApi } from './api.js';

/**
 * Posts a queued review: the question in the decision's thread, or to its proposer by direct message, with
 * the button that opens the outcome form. Run by the outbox (decisionPosts.runOutbox), which claims each
 * job for one process and retries it when Slack fails. A review answered meanwhile is not asked.
 */
export function createReviewPosts({
  decisions,
  predictions,
  now,
}: {
  decisions: DecisionsRepo;
  predictions: PredictionsRepo;
  now: () => Date;
}) {
  async function perform(client: SlackApi, job: OutboxJob): Promise<void> {
    const decisionId = Number(job.payload.decisionId);
    const decision = await decisions.findById(job.teamId, decisionId);
    const prediction = await predictions.find(job.teamId, decisionId);
    if (!decision || !prediction || decision.status !== 'confirmed' || prediction.actualReaction) return;
    const days = daysBetween(decision.decidedAt ?? decision.createdAt, now());
    const reminder = job.kind === REVIEW_JOBS.remind;
    const message = {
      text: reviewAskText(decision, days, reminder),
      blocks: reviewAskBlocks(decision, days, reminder),
    };
    if (job.payload.to === 'thread') {
      const thread = decision.threadTs ?? decision.cardTs;
      if (!thread) return;
      await client.chat.postMessage({ channel: decision.channelId, thread_ts: thread, ...message });
    } else {
      await client.chat.postMessage({ channel: decision.proposerId, unfurl_links: false, ...message });
    }
  }
  return { jobs: { [REVIEW_JOBS.ask]: perform, [REVIEW_JOBS.remind]: perform } };
}
