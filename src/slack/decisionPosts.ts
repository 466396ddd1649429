import type { AnswersRepo } from '../db/answersRepo.js';
import type { FrontLineRepo } from '../db/frontLineRepo.js';
import { summarizePath } from '../decisions/customerPath.js';
import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { OutboxJob, OutboxRepo } from '../db/outboxRepo.js';
import type { PredictionsRepo } from '../db/predictionsRepo.js';
import type { SettingsRepo } from '../db/settingsRepo.js';
import type { FeedbackService } from '../decisions/feedbackService.js';
import { predictionCardLine } from '../views/predictionViews.js';
import { buildDecisionCard, decisionCardText } from '../views/decisionCard.js';
import { buildQuestionPrompt, questionPromptText } from '../views/questionPrompt.js';
import { progressOf } from '../decisions/answerSummary.js';
import { QUESTIONS } from '../decisions/questions.js';
import type { Logger } from '../logger.js';
import { type SlackApi, type SlackMessage, slackErrorCode } from './api.js';

interface Deps {
  decisions: DecisionsRepo;
  outbox: OutboxRepo;
  answers: AnswersRepo;
  settings: SettingsRepo;
  feedback: FeedbackService;
  /** The workspace's address, for links to the messages feedback was saved from. */
  teamUrl: (teamId: string) => string | undefined;
  frontLine: FrontLineRepo;
  predictions: PredictionsRepo;
  now: () => Date;
  logger: Logger;
  /** Outbox jobs of other kinds, by kind (e.g. the reviews of slack/reviewPosts.ts). */
  moreJobs?: Record<string, OutboxHandler>;
}

/** Runs one kind of outbox job that another module queues (the front line's briefings). */
export type OutboxHandler = (client: SlackApi, job: OutboxJob) => Promise<void>;

/** The bot's messages for a decision (its card and three prompts), drawn from what the database holds. */
/** Slack errors after which retrying an update or a thread line cannot help. */
const FINAL_ERRORS = new Set([
  'message_not_found',
  'channel_not_found',
  'cant_update_message',
  'edit_window_closed',
  'is_archived',
  'not_in_channel',
  'thread_not_found',
  'invalid_blocks',
  'msg_too_long',
]);

const POST_EVENT = 'empty_chair_post';
const CARD_PART = 0;
const postTag = (decisionId: number, part: number) => ({
  event_type: POST_EVENT,
  event_payload: { decision_id: decisionId, part },
});

/**
 * How long a process holds a decision it is posting, or an outbox job it is running: longer than any one
 * attempt takes (Slack calls time out after 10 s each), short enough that a survivor takes over soon
 * after the holder died.
 */
export const POST_CLAIM_MS = 2 * 60_000;
const OUTBOX_CLAIM_MS = 2 * 60_000;

/** 10 s, 20 s, 40 s … up to 10 minutes between attempts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** attempts, 600_000);
}

export function createDecisionPosts({
  decisions,
  outbox,
  answers,
  settings,
  feedback,
  frontLine,
  teamUrl,
  predictions,
  now,
  logger,
  moreJobs = {},
}: Deps) {
  const handlers = new Map<string, OutboxHandler>(Object.entries(moreJobs));

  async function render(decision: Decision) {
    const current = await answers.currentFor(decision.teamId, decision.id);
    const profile = (await settings.team(decision.teamId))?.customerProfile;
    const quotes = { feedback: await feedback.relatedInChannel(decision), teamUrl: teamUrl(decision.teamId) };
    const citedQuotes = current.some((a) => a.question === 2)
      ? (await feedback.citedBy(decision.teamId, decision.id)).length
      : undefined;
    const prediction = await predictions.find(decision.teamId, decision.id);
    const review = prediction && decision.status === 'confirmed' ? predictionCardLine(prediction) : undefined;
    const path = summarizePath(
      await frontLine.touchpointsFor(decision.teamId, decision.id),
      await frontLine.roundOf(decision.teamId, decision.id, decision.confirmations),
    );
    return {
      card: () => ({
        text: decisionCardText(decision),
        blocks: buildDecisionCard(decision, progressOf(current), { citedQuotes, path, review }),
      }),
      prompt: (question: (typeof QUESTIONS)[number]) => ({
        text: questionPromptText(question),
        blocks: buildQuestionPrompt(decision, question, current, profile, quotes),
      }),
    };
  }

  /**
   * Learns whether the channel is private, which decides who may see the decision and what digests
   * elsewhere may show. Slack is asked for each decision, because a channel can be made private at any time.
   */
  async function learnPrivacy(client: SlackApi, decision: Decision): Promise<void> {
    if (decision.channelIsPrivate !== null) return;
    try {
      const info = await client.conversations.info({ channel: decision.channelId });
      if (typeof info.channel?.is_private === 'boolean')
        await decisions.setChannelPrivacy(decision.id, info.channel.is_private);
    } catch (error) {
      logger.warn(`Could not read channel ${decision.channelId}: ${slackErrorCode(error)}`);
    }
  }

  /** The bot's messages already in Slack for a decision, by part (0 = card, 1-3 = questions). */
  async function landedPosts(client: SlackApi, decision: Decision): Promise<Map<number, string>> {
    const landed = new Map<number, string>();
    const collect = (messages: readonly SlackMessage[] | undefined) => {
      for (const m of messages ?? []) {
        const payload = m.metadata?.event_payload;
        if (m.ts && m.metadata?.event_type === POST_EVENT && Number(payload?.decision_id) === decision.id) {
          landed.set(Number(payload?.part), m.ts);
        }
      }
    };
    if (!decision.cardTs && decision.source === 'command' && decision.postAttemptedAt) {
      // A command's card is a top-level message posted after the first attempt began.
      const oldest = (decision.postAttemptedAt.getTime() / 1000 - 60).toFixed(6);
      collect(
        (
          await client.conversations.history({
            channel: decision.channelId,
            oldest,
            inclusive: true,
            limit: 200,
            include_all_metadata: true,
          })
        ).messages,
      );
    }
    const thread = decision.threadTs ?? landed.get(CARD_PART);
    if (thread) {
      collect(
        (
          await client.conversations.replies({
            channel: decision.channelId,
            ts: thread,
            inclusive: true,
            limit: 200,
            include_all_metadata: true,
          })
        ).messages,
      );
    }
    return landed;
  }

  /** Updates every post of the decision; throws the first failure after trying them all. */
  async function redraw(client: SlackApi, decision: Decision): Promise<void> {
    const view = await render(decision);
    // Read before the first call starts: a call that failed while the read was awaited would be an
    // unhandled rejection until allSettled took it.
    const prompts = await decisions.promptsFor(decision.teamId, decision.id);
    const updates: Promise<unknown>[] = [];
    if (decision.cardTs)
      updates.push(client.chat.update({ channel: decision.channelId, ts: decision.cardTs, ...view.card() }));
    for (const prompt of prompts) {
      const question = QUESTIONS.find((q) => q.number === prompt.question);
      if (question)
        updates.push(client.chat.update({ channel: prompt.channelId, ts: prompt.ts, ...view.prompt(question) }));
    }
    const failed = (await Promise.allSettled(updates)).find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  async function say(client: SlackApi, decision: Decision, text: string): Promise<void> {
    if (!decision.threadTs) return;
    await client.chat.postMessage({ channel: decision.channelId, thread_ts: decision.threadTs, text });
  }

  async function queue(
    teamId: string,
    kind: string,
    dedupeKey: string,
    payload: Record<string, unknown>,
    error: unknown,
  ): Promise<void> {
    const code = slackErrorCode(error);
    logger.warn(`Slack refused a ${kind} (${code}); it is queued and will be retried.`);
    await outbox.enqueue({ teamId, kind, dedupeKey, payload, at: new Date(now().getTime() + retryDelayMs(0)) });
  }

  /** Draws the decision as it is now, not as it was when the job was queued. */
  async function perform(client: SlackApi, job: OutboxJob): Promise<void> {
    const handler = handlers.get(job.kind);
    if (handler) return handler(client, job);
    const decision = await decisions.findById(job.teamId, Number(job.payload.decisionId));
    if (!decision) return;
    if (job.kind === 'refresh') await redraw(client, decision);
    else if (job.kind === 'announce') await say(client, decision, String(job.payload.text));
  }

  const posts = {
    /** Lets another module run its own kind of outbox job (wired once, in services.ts). */
    handle(kind: string, handler: OutboxHandler): void {
      handlers.set(kind, handler);
    },

    /** Queues a line in the decision's thread, due now: stored before Slack is called (drainOutbox posts it). */
    queueAnnounce(decision: Decision, key: string, text: string): Promise<void> {
      const payload = { decisionId: decision.id, text };
      const dedupeKey = `announce:${decision.id}:${key}`;
      return outbox.enqueue({ teamId: decision.teamId, kind: 'announce', dedupeKey, payload, at: now() });
    },

    /** Runs the outbox again while a run got something through (jobs queued by jobs run at once too). */
    async drainOutbox(client: SlackApi, teamId: string): Promise<void> {
      while ((await posts.runOutbox(client, teamId)) > 0);
    },

    /**
     * Posts whatever of the card and the three prompts is not in Slack yet; safe to call again, from any
     * instance. The decision is claimed in the database first, so two processes (or two attempts in one)
     * never post it at the same time; 'elsewhere' means another holds the claim. Every post carries the
     * decision's id in its metadata, so after a crash between a post and its database row, the next
     * attempt finds the message that landed instead of posting it twice.
     */
    async postMissing(client: SlackApi, teamId: string, id: number): Promise<'posted' | 'elsewhere'> {
      let decision = await decisions.claimPosting(teamId, id, new Date(now().getTime() + POST_CLAIM_MS));
      if (!decision) return (await decisions.findById(teamId, id))?.postedAt ? 'posted' : 'elsewhere';
      try {
        await learnPrivacy(client, decision);
        const landed = decision.postAttemptedAt ? await landedPosts(client, decision) : new Map<number, string>();
        await decisions.markPostAttempt(id, now());
        if (!decision.cardTs) {
          const thread = decision.source === 'command' ? undefined : (decision.threadTs ?? undefined);
          const cardTs =
            landed.get(CARD_PART) ??
            (
              await client.chat.postMessage({
                channel: decision.channelId,
                ...(await render(decision)).card(),
                unfurl_links: false,
                metadata: postTag(id, CARD_PART),
                ...(thread ? { thread_ts: thread } : {}),
              })
            ).ts;
          if (!cardTs) throw new Error('chat.postMessage returned no ts');
          const messageTs = decision.messageTs ?? cardTs;
          const threadTs = decision.threadTs ?? cardTs;
          await decisions.setCard(id, cardTs, messageTs, threadTs);
          decision = { ...decision, cardTs, messageTs, threadTs };
        }
        const thread = decision.threadTs;
        if (!thread) throw new Error(`Decision ${id} has no thread to post its questions in`);
        const posted = new Set((await decisions.promptsFor(teamId, id)).map((p) => p.question));
        const view = await render(decision);
        for (const question of QUESTIONS) {
          if (posted.has(question.number)) continue;
          const ts =
            landed.get(question.number) ??
            (
              await client.chat.postMessage({
                channel: decision.channelId,
                thread_ts: thread,
                metadata: postTag(id, question.number),
                ...view.prompt(question),
              })
            ).ts;
          if (!ts) throw new Error('chat.postMessage returned no ts');
          await decisions.addPrompt({
            teamId,
            decisionId: id,
            question: question.number,
            channelId: decision.channelId,
            ts,
          });
        }
        await decisions.markPosted(id, now());
        return 'posted';
      } catch (error) {
        await decisions.releasePosting(id);
        throw error;
      }
    },

    /**
     * Redraws the card and the prompts after a change, so Slack shows what the database holds. If
     * Slack fails, the redraw is queued and retried until it succeeds (or can never succeed).
     */
    async refresh(client: SlackApi, decision: Decision): Promise<void> {
      try {
        await redraw(client, decision);
      } catch (error) {
        await queue(decision.teamId, 'refresh', `refresh:${decision.id}`, { decisionId: decision.id }, error);
      }
    },

    /** One line in the decision's thread, e.g. who confirmed it; queued if Slack fails. */
    async announce(client: SlackApi, decision: Decision, key: string, text: string): Promise<void> {
      const payload = { decisionId: decision.id, text };
      try {
        await say(client, decision, text);
      } catch (error) {
        await queue(decision.teamId, 'announce', `announce:${decision.id}:${key}`, payload, error);
      }
    },

    /** Runs one workspace's queued jobs that are due (redraws, thread lines, reviews); returns how many went through. */
    async runOutbox(client: SlackApi, teamId: string, limit = 50): Promise<number> {
      let delivered = 0;
      const at = now();
      for (const job of await outbox.claimDue(teamId, at, limit, new Date(at.getTime() + OUTBOX_CLAIM_MS))) {
        try {
          await perform(client, job);
          await outbox.done(job);
          delivered += 1;
        } catch (error) {
          const code = slackErrorCode(error);
          if (FINAL_ERRORS.has(code)) {
            logger.warn(`Giving up on ${job.kind} for ${JSON.stringify(job.payload)}: ${code}`);
            await outbox.giveUp(job, code);
          } else {
            await outbox.retryLater(job, code, new Date(now().getTime() + retryDelayMs(job.attempts + 1)));
          }
        }
      }
      return delivered;
    },
  };
  return posts;
}

export type DecisionPosts = ReturnType<typeof createDecisionPosts>;
