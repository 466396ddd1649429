import type { Answer, AnswersRepo } from '../db/answersRepo.js';
import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { DiscussionRepo } from '../db/discussionRepo.js';
import type { FeedbackRepo } from '../db/feedbackRepo.js';
import type { SettingsRepo } from '../db/settingsRepo.js';
import type { ValidAnswer } from './answerForm.js';
import { plainSlackText } from './slackText.js';

interface Deps {
  decisions: DecisionsRepo;
  answers: AnswersRepo;
  discussion: DiscussionRepo;
  settings: SettingsRepo;
  feedback: FeedbackRepo;
  now: () => Date;
}

export function createAnswerService({ decisions, answers, discussion, settings, feedback, now }: Deps) {
  return {
    /** The decision a person may answer, or why not. */
    async answerable(
      teamId: string,
      decisionId: number,
    ): Promise<{ ok: true; decision: Decision } | { ok: false; status: Decision['status'] | undefined }> {
      const decision = await decisions.findById(teamId, decisionId);
      if (!decision) return { ok: false, status: undefined };
      if (decision.status !== 'open') return { ok: false, status: decision.status };
      return { ok: true, decision };
    },

    /** A person's current answers to a decision, to prefill the form when they answer again. */
    async previousAnswers(teamId: string, decisionId: number, userId: string): Promise<Answer[]> {
      return (await answers.currentFor(teamId, decisionId)).filter((a) => a.userId === userId);
    },

    /** Everyone's current answers to a decision (the confirm form shows question 2's). */
    currentAnswers(teamId: string, decisionId: number): Promise<Answer[]> {
      return answers.currentFor(teamId, decisionId);
    },

    /**
     * Stores the answers, the customer feedback the answer to question 2 cites, and a first customer
     * profile if one was written, before Slack is touched.
     */
    async record(
      teamId: string,
      decisionId: number,
      userId: string,
      given: readonly ValidAnswer[],
      profile: string | null,
      citations: readonly number[] = [],
    ): Promise<void> {
      const at = now();
      for (const a of given) {
        const row = await answers.record({
          teamId,
          decisionId,
          userId,
          question: a.question,
          choice: a.choice,
          text: a.text,
          at,
        });
        if (a.question === 2) await feedback.cite(teamId, row.id, citations);
      }
      if (profile && !(await settings.team(teamId))?.customerProfile)
        await settings.setCustomerProfile(teamId, profile, userId);
    },

    /** A hand-written reply was edited or deleted in Slack: the discussion follows. */
    replyEdited(reply: { teamId: string; channelId: string; ts: string; text: string }): Promise<boolean> {
      return discussion.edit(reply.teamId, reply.channelId, reply.ts, plainSlackText(reply.text));
    },

    replyDeleted(reply: { teamId: string; channelId: string; ts: string }): Promise<boolean> {
      return discussion.remove(reply.teamId, reply.channelId, reply.ts);
    },

    /** Stores a reply written by hand in a decision's thread; false when the thread is no decision's. */
    async recordReply(reply: {
      teamId: string;
      channelId: string;
      threadTs: string;
      ts: string;
      userId: string;
      text: string;
    }): Promise<boolean> {
      const decision = await decisions.findByThread(reply.teamId, reply.channelId, reply.threadTs);
      if (!decision) return false;
      return discussion.add({
        teamId: reply.teamId,
        decisionId: decision.id,
        channelId: reply.channelId,
        ts: reply.ts,
        userId: reply.userId,
        // Kept as typed (Slack sends it escaped), like the decision's own text.
        text: plainSlackText(reply.text),
        at: now(),
      });
    },
  };
}

export type AnswerService = ReturnType<typeof createAnswerService>;
