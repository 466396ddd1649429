import type { Decision } from '../db/decisionsRepo.js';
import type { Feedback, FeedbackRepo } from '../db/feedbackRepo.js';
import type { SettingsRepo } from '../db/settingsRepo.js';
import type { IsChannelMember } from './access.js';
import { CHAIR_REACTION } from './triggers.js';
import {
  DEFAULT_FEEDBACK_EMOJI,
  parseEmojiName,
  parseFeedbackCommand,
  quoteFromMessage,
  type ValidFeedback,
  validateFeedback,
} from './feedbackForm.js';
import { plainSlackText } from './slackText.js';

/** How many items are shown beside questions 1 and 2. */
export const RELATED_FEEDBACK_SHOWN = 3;

/** Where a piece of feedback was found in Slack; absent for words typed with the command. */
export interface FeedbackOrigin {
  teamId: string;
  enterpriseId?: string | undefined;
  channelId: string;
  messageTs: string;
  threadTs?: string | undefined;
}

/**
 * Who may delete feedback: whoever saved it, or someone who may change the workspace's settings (an
 * approver or an admin), since people paste customers' emails and phone numbers and must be able to
 * take them out.
 */
export function mayRemoveFeedback(
  item: Pick<Feedback, 'savedBy'>,
  userId: string,
  mayChangeSettings: boolean,
): boolean {
  return item.savedBy === userId || mayChangeSettings;
}

export function createFeedbackService({ feedback, settings }: { feedback: FeedbackRepo; settings: SettingsRepo }) {
  /** Channels of feedback this person may not see: private (or not known to be public) and not theirs. */
  async function hiddenFor(teamId: string, userId: string, isMember: IsChannelMember): Promise<string[]> {
    const restricted = await feedback.restrictedChannels(teamId);
    const member = await Promise.all(restricted.map((channelId) => isMember(teamId, channelId, userId)));
    return restricted.filter((_, i) => !member[i]);
  }

  /** The decision's related feedback (see FeedbackRepo.related) outside the hidden channels. */
  const related = (decision: Decision, hiddenChannels: readonly string[]) =>
    feedback.related(
      decision.teamId,
      { category: decision.category, text: `${decision.title}\n${decision.description ?? ''}` },
      { hiddenChannels, limit: RELATED_FEEDBACK_SHOWN },
    );

  /** Stores feedback from a message, once per message however many people save it. */
  const saveFromMessage = (origin: FeedbackOrigin, given: ValidFeedback, savedBy: string) =>
    feedback.save({
      ...origin,
      enterpriseId: origin.enterpriseId ?? null,
      threadTs: origin.threadTs ?? null,
      ...given,
      savedBy,
    });

  return {
    hiddenFor,
    saveFromMessage,

    /**
     * A message saved by a reaction: its words as typed, cut to the limit, with no details given yet
     * (neutral, source "other"); the shortcut on the same message shows and removes it.
     */
    saveReacted(origin: FeedbackOrigin, slackText: string, savedBy: string) {
      const checked = validateFeedback({
        text: quoteFromMessage(plainSlackText(slackText)),
        source: 'other',
        sentiment: 'neutral',
        category: null,
        tags: null,
      });
      if (!checked.ok) return Promise.resolve(undefined);
      return saveFromMessage(origin, checked.feedback, savedBy);
    },

    /** `/decision feedback <words>`: what was heard outside Slack, checked before anything is stored. */
    async saveTyped(teamId: string, slackText: string, savedBy: string) {
      const checked = validateFeedback(parseFeedbackCommand(plainSlackText(slackText)));
      if (!checked.ok) return checked;
      const saved = await feedback.save({
        teamId,
        channelId: null,
        messageTs: null,
        threadTs: null,
        ...checked.feedback,
        savedBy,
      });
      return { ok: true as const, item: saved.item };
    },

    findById: (teamId: string, id: number) => feedback.findById(teamId, id),
    findByMessage: (teamId: string, channelId: string, messageTs: string) =>
      feedback.findByMessage(teamId, channelId, messageTs),
    setChannelPrivacy: (teamId: string, channelId: string, isPrivate: boolean) =>
      feedback.setChannelPrivacy(teamId, channelId, isPrivate),

    /** The newest items this person may see, optionally of one category. */
    async latestFor(
      teamId: string,
      userId: string,
      isMember: IsChannelMember,
      options: { category?: string | undefined; limit: number },
    ): Promise<Feedback[]> {
      return feedback.latest(teamId, { ...options, hiddenChannels: await hiddenFor(teamId, userId, isMember) });
    },

    /** The items shown to one person beside the questions of a decision (the answer form). */
    async relatedFor(decision: Decision, userId: string, isMember: IsChannelMember): Promise<Feedback[]> {
      return related(decision, await hiddenFor(decision.teamId, userId, isMember));
    },

    /**
     * The items shown beside the questions in the decision's own thread, which its channel's members
     * read: feedback from other channels that are not known to be public stays out.
     */
    async relatedInChannel(decision: Decision): Promise<Feedback[]> {
      const restricted = await feedback.restrictedChannels(decision.teamId);
      return related(
        decision,
        restricted.filter((channelId) => channelId !== decision.channelId),
      );
    },

    citedBy: (teamId: string, decisionId: number) => feedback.citedBy(teamId, decisionId),
    /** What a person's answer cites, to tick it again when they change their answer. */
    citedByAnswer: (teamId: string, answerId: number) => feedback.citedByAnswer(teamId, answerId),

    /** Which of these ids the person may cite: items they may see; anything else is a tampered form. */
    async citable(teamId: string, ids: readonly number[], userId: string, isMember: IsChannelMember) {
      const found = await feedback.findVisible(teamId, ids, await hiddenFor(teamId, userId, isMember));
      return found.length === new Set(ids).size;
    },

    cite: (teamId: string, answerId: number, ids: readonly number[]) => feedback.cite(teamId, answerId, ids),

    remove: (teamId: string, id: number) => feedback.remove(teamId, id),

    async emojiFor(teamId: string): Promise<string> {
      return (await settings.team(teamId))?.feedbackEmoji ?? DEFAULT_FEEDBACK_EMOJI;
    },

    /** The reaction name, or undefined (nothing changed) when it is not an emoji name or is the chair's own. */
    async setEmoji(teamId: string, value: string): Promise<string | undefined> {
      const name = parseEmojiName(value);
      if (!name || name === CHAIR_REACTION) return undefined;
      await settings.setFeedbackEmoji(teamId, name);
      return name;
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
