import type { AnswersRepo } from '../db/answersRepo.js';
import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { SettingsRepo } from '../db/settingsRepo.js';
import { buildDecisionCard, decisionCardText } from '../views/decisionCard.js';
import { buildQuestionPrompt, questionPromptText } from '../views/questionPrompt.js';
import { progressOf } from './answerSummary.js';
import { QUESTIONS } from './questions.js';
import { type SlackApi, slackErrorCode } from './slackApi.js';

export interface Logger {
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

interface Deps {
  decisions: DecisionsRepo;
  answers: AnswersRepo;
  settings: SettingsRepo;
  now: () => Date;
  logger: Logger;
}

/** The bot's messages for a decision (its card and three prompts), drawn from what the database holds. */
export function createDecisionPosts({ decisions, answers, settings, now, logger }: Deps) {
  function render(decision: Decision) {
    const current = answers.currentFor(decision.teamId, decision.id);
    const profile = settings.team(decision.teamId)?.customerProfile;
    return {
      card: () => ({ text: decisionCardText(decision), blocks: buildDecisionCard(decision, progressOf(current)) }),
      prompt: (question: (typeof QUESTIONS)[number]) => ({
        text: questionPromptText(question),
        blocks: buildQuestionPrompt(decision, question, current, profile),
      }),
    };
  }

  /** Learns whether the channel is private, which decides what digests elsewhere may show. */
  async function learnPrivacy(client: SlackApi, decision: Decision): Promise<void> {
    if (decision.channelIsPrivate !== null) return;
    try {
      const info = await client.conversations.info({ channel: decision.channelId });
      if (typeof info.channel?.is_private === 'boolean')
        decisions.setChannelPrivacy(decision.id, info.channel.is_private);
    } catch (error) {
      logger.warn(`Could not read channel ${decision.channelId}: ${slackErrorCode(error)}`);
    }
  }

  return {
    /** Posts whatever of the card and the three prompts is not in Slack yet; safe to call again. */
    async postMissing(client: SlackApi, teamId: string, id: number): Promise<void> {
      let decision = decisions.findById(teamId, id);
      if (!decision) return;
      await learnPrivacy(client, decision);
      if (!decision.cardTs) {
        const thread = decision.source === 'command' ? undefined : (decision.threadTs ?? undefined);
        const posted = await client.chat.postMessage({
          channel: decision.channelId,
          ...render(decision).card(),
          unfurl_links: false,
          ...(thread ? { thread_ts: thread } : {}),
        });
        if (!posted.ts) throw new Error('chat.postMessage returned no ts');
        const messageTs = decision.messageTs ?? posted.ts;
        const threadTs = decision.threadTs ?? posted.ts;
        decisions.setCard(id, posted.ts, messageTs, threadTs);
        decision = { ...decision, cardTs: posted.ts, messageTs, threadTs };
      }
      const thread = decision.threadTs;
      if (!thread) throw new Error(`Decision ${id} has no thread to post its questions in`);
      const posted = new Set(decisions.promptsFor(teamId, id).map((p) => p.question));
      const view = render(decision);
      for (const question of QUESTIONS) {
        if (posted.has(question.number)) continue;
        const result = await client.chat.postMessage({
          channel: decision.channelId,
          thread_ts: thread,
          ...view.prompt(question),
        });
        if (!result.ts) throw new Error('chat.postMessage returned no ts');
        decisions.addPrompt({
          teamId,
          decisionId: id,
          question: question.number,
          channelId: decision.channelId,
          ts: result.ts,
        });
      }
      decisions.markPosted(id, now());
    },

    /** Redraws the card and the prompts after a change, so Slack shows what the database holds. */
    async refresh(client: SlackApi, decision: Decision): Promise<void> {
      const view = render(decision);
      const updates: Promise<unknown>[] = [];
      if (decision.cardTs)
        updates.push(client.chat.update({ channel: decision.channelId, ts: decision.cardTs, ...view.card() }));
      for (const prompt of decisions.promptsFor(decision.teamId, decision.id)) {
        const question = QUESTIONS.find((q) => q.number === prompt.question);
        if (question)
          updates.push(client.chat.update({ channel: prompt.channelId, ts: prompt.ts, ...view.prompt(question) }));
      }
      for (const result of await Promise.allSettled(updates)) {
        if (result.status === 'rejected') {
          logger.warn(`Could not update a post of decision ${decision.id}: ${slackErrorCode(result.reason)}`);
        }
      }
    },

    /** One line in the decision's thread, e.g. who confirmed it. */
    async announce(client: SlackApi, decision: Decision, text: string): Promise<void> {
      if (!decision.threadTs) return;
      try {
        await client.chat.postMessage({ channel: decision.channelId, thread_ts: decision.threadTs, text });
      } catch (error) {
        logger.warn(`Could not post in the thread of decision ${decision.id}: ${slackErrorCode(error)}`);
      }
    },
  };
}

export type DecisionPosts = ReturnType<typeof createDecisionPosts>;
