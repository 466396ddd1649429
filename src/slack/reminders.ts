import type { NudgeRepo } from '../db/digestRepo.js';
import { answerCounts, unansweredQuestions } from '../decisions/questions.js';
import type { Logger } from '../logger.js';
import { reminderDmText, reminderThreadText } from '../views/reminders.js';
import type { SlackApi } from './api.js';

/** How long a decision may wait for its first answers before its thread and its proposer are reminded. */
export const DEFAULT_NUDGE_AFTER_MS = 24 * 3600 * 1000;

/** Decisions nudged per call; the rest wait for the next call, so one call never floods Slack. */
const NUDGE_BATCH = 50;

export interface SendDueNudgesInput {
  repo: NudgeRepo;
  slack: { chat: Pick<SlackApi['chat'], 'postMessage'> };
  teamId: string;
  teamUrl: string;
  now: () => Date;
  /** How long after it was proposed a decision is nudged. */
  afterMs?: number | undefined;
  logger: Logger;
}

/**
 * Reminds each open decision that has waited `afterMs` with an unanswered question, once: in its thread, and
 * by a direct message to its proposer. The decision is marked nudged before anything is posted, so a second
 * call, a restart or a second process never reminds it again; if Slack fails, that reminder is lost rather
 * than repeated.
 */
export async function sendDueNudges(input: SendDueNudgesInput): Promise<{ nudged: number }> {
  const { repo, slack, teamId, logger } = input;
  const proposedBefore = new Date(input.now().getTime() - (input.afterMs ?? DEFAULT_NUDGE_AFTER_MS));
  let nudged = 0;
  for (const decision of await repo.due(teamId, proposedBefore, NUDGE_BATCH)) {
    if (!(await repo.claim(decision.id, input.now()))) continue;
    nudged += 1;
    const unanswered = unansweredQuestions(answerCounts(decision.answers));
    const thread = decision.threadTs ?? decision.messageTs ?? decision.cardTs;
    const posts = [
      thread
        ? slack.chat.postMessage({
            channel: decision.channelId,
            thread_ts: thread,
            text: reminderThreadText(unanswered),
          })
        : Promise.reject(new Error('the decision has no thread')),
      slack.chat.postMessage({
        channel: decision.proposerId,
        text: reminderDmText(decision, unanswered, input.teamUrl),
        unfurl_links: false,
      }),
    ];
    const [inThread, toProposer] = await Promise.allSettled(posts);
    if (inThread?.status === 'rejected')
      logger.warn(`Could not remind decision ${decision.id} in its thread: ${String(inThread.reason)}`);
    if (toProposer?.status === 'rejected')
      logger.warn(`Could not remind the proposer of decision ${decision.id}: ${String(toProposer.reason)}`);
  }
  if (nudged > 0) logger.info(`Reminded ${nudged} decision(s) still waiting for the empty chair.`);
  return { nudged };
}
