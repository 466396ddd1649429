import { feedbackListText } from '../../views/feedback.js';
import {
  FEEDBACK_EMOJI_INVALID,
  FEEDBACK_SAVED,
  feedbackCommandProblemText,
  feedbackEmojiText,
} from '../../views/replies.js';
import { membership } from '../visibility.js';
import type { Subcommand } from './commandContext.js';
import { asSettingsChanger } from './settingsCommands.js';

/** How many items `/decision feedback` lists. */
const LISTED_FEEDBACK = 10;

/**
 * `/decision feedback <words>` saves what someone heard outside Slack (in person, on the phone); alone,
 * it lists the latest feedback the person may see. Only the person who ran it sees the answer.
 */
export const feedbackCommand: Subcommand<'feedback'> = async (context, { value }) => {
  const { services, client, teamId, userId } = context;
  if (value.trim() === '') {
    const items = await services.feedback.latestFor(teamId, userId, membership(services, client), {
      limit: LISTED_FEEDBACK,
    });
    return feedbackListText(items, services.teamUrl(teamId));
  }
  const saved = await services.feedback.saveTyped(teamId, value, userId);
  if (!saved.ok) {
    const [problem] = saved.problems;
    return problem && feedbackCommandProblemText(problem);
  }
  return FEEDBACK_SAVED;
};

/** `/decision feedback-emoji [emoji]`: shows or (for who may change settings) sets the feedback reaction. */
export const feedbackEmojiCommand: Subcommand<'feedbackEmoji'> = async (context, { value }) => {
  const { services, teamId } = context;
  if (value.trim() === '') return feedbackEmojiText(await services.feedback.emojiFor(teamId), false);
  return asSettingsChanger(context, async () => {
    const emoji = await services.feedback.setEmoji(teamId, value);
    return emoji ? feedbackEmojiText(emoji, true) : FEEDBACK_EMOJI_INVALID;
  });
};
