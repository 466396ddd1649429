import type { Refusal } from '../decisions/gate.js';
import {
  FEEDBACK_SENTIMENTS,
  FEEDBACK_SOURCES,
  FEEDBACK_TAG_MAX,
  FEEDBACK_TAGS_MAX,
  FEEDBACK_TEXT_MAX,
  type FeedbackProblem,
} from '../decisions/feedbackForm.js';
import { plural } from './plural.js';
import type { DigestSchedule, ScheduleRequest } from '../digest/schedule.js';
import { weeklyTime } from '../digest/schedule.js';
import { escapeMrkdwn, userText } from './text.js';

/**
 * What the bot says to one person (ephemeral replies, direct messages): every such sentence lives here,
 * so wording is changed in one place.
 */

/** Why a proposer's decision is not in its channel, and what to do. */
export function postProblemText(decision: { title: string; channelId: string }, code: string): string {
  const where = `<#${decision.channelId}>`;
  const saved = `Your decision "${escapeMrkdwn(decision.title)}" is saved`;
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
    case 'method_not_supported_for_channel_type':
      return `${saved}, but I can't post in ${where} because I'm not a member there: invite me with \`/invite @Empty Chair\` and I'll post the questions right away.`;
    case 'is_archived':
      return `${saved}, but ${where} is archived, so I couldn't post the questions there: propose it again in an active channel.`;
    default:
      return `${saved}, but Slack didn't accept my post in ${where} just now (${code}); I'll try again in a minute.`;
  }
}

/** Someone tried to make a decision of a message that already is one. */
export function alreadyADecisionText(title: string, link: string | undefined): string {
  const shown = escapeMrkdwn(title);
  return link
    ? `This message is already a decision: <${link}|${shown}>. The three questions are in its thread.`
    : `This message is already a decision ("${shown}"); its questions will appear in its thread shortly.`;
}

/** Slack refused to open a form in time (its trigger lasts 3 seconds); `again` says what to do again. */
export function formNotOpenedText(again: string): string {
  return `Slack did not let me open the form in time; please ${again} again.`;
}

const mentionList = (ids: readonly string[]) => (ids.length > 0 ? ids.map((id) => `<@${id}>`).join(', ') : 'none');
const triggerList = (triggers: readonly string[]) => triggers.map((t) => `\`${escapeMrkdwn(t)}\``).join(', ');

/** Someone who is neither an admin nor an approver tried to change a setting. */
export function settingsRefusedText(approvers: readonly string[]): string {
  return approvers.length > 0
    ? `Only a workspace admin or an approver (${mentionList(approvers)}) can change Empty Chair's settings.`
    : "Only a workspace admin can change Empty Chair's settings until approvers are set; ask an admin to run `/decision approvers @a @b`.";
}

/** The same refusal in a form's error, which is plain text (no mentions). */
export const CUSTOMER_PROFILE_REFUSED =
  'Only a workspace admin or an approver can change the description of our customer.';

export function watchingText(watching: boolean): string {
  return watching
    ? 'I will watch this channel: messages that propose a change get the three questions in their thread.'
    : 'I will no longer catch proposals in this channel. `/decision`, the :chair: reaction and the message shortcut still work here.';
}

export function triggersText(triggers: readonly string[], changed: boolean): string {
  return changed
    ? `Done. Messages that start with ${triggerList(triggers)} or contain :chair: are now treated as proposals.`
    : `Messages that start with ${triggerList(triggers)} or contain :chair: are treated as proposals.`;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const twoDigits = (n: number) => String(n).padStart(2, '0');
const SCHEDULE_EXAMPLE = '`/decision digest schedule Monday 09:00 Europe/Berlin`';

/** When the digest goes out, in words: "on Mondays at 09:00 (Europe/Berlin)", or its cron pattern. */
function scheduleWords({ cron, timezone }: DigestSchedule): string {
  const weekly = weeklyTime(cron);
  if (!weekly) return `on the schedule \`${cron}\` (${timezone})`;
  return `on ${DAY_NAMES[weekly.day]}s at ${twoDigits(weekly.hour)}:${twoDigits(weekly.minute)} (${timezone})`;
}

export function digestHereText(schedule: DigestSchedule): string {
  return `The weekly digest will be posted in this channel ${scheduleWords(schedule)}. \`/decision digest\` shows you this week's now.`;
}

export function digestScheduleText(schedule: DigestSchedule, changed: boolean): string {
  return changed
    ? `Done. The weekly digest will be posted ${scheduleWords(schedule)}.`
    : `The weekly digest is posted ${scheduleWords(schedule)}; admins and approvers change it with ${SCHEDULE_EXAMPLE}.`;
}

/** Why `/decision digest schedule …` changed nothing, naming the word that is wrong. */
export function digestScheduleInvalidText(problem: Extract<ScheduleRequest, { ok: false }>): string {
  const word = userText(problem.word, 40);
  if (word === '') return `Write a day, a time and a time zone, as in ${SCHEDULE_EXAMPLE}.`;
  switch (problem.problem) {
    case 'day':
      return `“${word}” is not a day of the week: write a day, a time and a time zone, as in ${SCHEDULE_EXAMPLE}.`;
    case 'time':
      return `“${word}” is not a time of day: write it on a 24-hour clock, as in ${SCHEDULE_EXAMPLE}.`;
    case 'zone':
      return `“${word}” is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.`;
    case 'words':
      return `“${word}” is more than a schedule needs: write a day, a time and a time zone, as in ${SCHEDULE_EXAMPLE}.`;
  }
}

/** The stages of the customer's path, as `/decision touchpoints` shows or sets them. */
export function stagesText(stages: readonly { name: string; hint: string }[], changed: boolean): string {
  const list = stages.map((s) => `• *${escapeMrkdwn(s.name)}*${s.hint ? `: ${escapeMrkdwn(s.hint)}` : ''}`).join('\n');
  return `${changed ? 'The stages of the customer’s path are now' : 'The stages of the customer’s path are'}:\n${list}\nChange them with \`/decision touchpoints Discover: ads, website; Buy; Delivery\` or restore them with \`/decision touchpoints default\`.`;
}

export const STAGES_UNREADABLE =
  'Name 1 to 10 different stages of up to 40 characters, separated by semicolons, each with an optional hint after a colon: `/decision touchpoints Discover: ads, website; Buy; Delivery`.';

export function approversText(approvers: readonly string[], changed: boolean): string {
  if (changed)
    return approvers.length > 0
      ? `Approvers are now ${mentionList(approvers)}.`
      : 'No approvers now: each proposer decides on their own decisions.';
  return `Approvers: ${mentionList(approvers)}. ${approvers.length > 0 ? 'They and each proposer can confirm or reject.' : 'With none set, each proposer decides.'} Set them with \`/decision approvers @a @b\` (or \`none\`).`;
}

export const APPROVERS_UNREADABLE =
  'Mention the approvers, e.g. `/decision approvers @alice @bob`, or use `/decision approvers none`.';

export function requiredAnswersText(required: number, changed: boolean): string {
  return changed
    ? `Done: each question now needs ${required} answer(s) before a decision can be confirmed.`
    : `Each question needs ${required} answer(s) before a decision can be confirmed. Change it with \`/decision required 2\`.`;
}

export function requiredAnswersInvalidText(range: { min: number; max: number }): string {
  return `Give a whole number from ${range.min} to ${range.max}, e.g. \`/decision required 2\`.`;
}

/** `/decision customer` by someone who may not change it: what the team wrote, and why it stays. */
export function customerProfileShownText(profile: string | null, approvers: readonly string[]): string {
  const shown = profile
    ? `Our typical customer, as the team described them:\n>${escapeMrkdwn(profile).replaceAll('\n', '\n>')}\n`
    : '';
  return `${shown}${settingsRefusedText(approvers)}`;
}

/** `/decision list`: the channel's open decisions, linked, with who proposed each. */
export function openDecisionsText(
  listed: readonly { title: string; proposerId: string; link: string | undefined }[],
  total: number,
): string {
  if (total === 0) return 'No open decisions in this channel. Propose one with `/decision <title>`.';
  const lines = listed.map(({ title, proposerId, link }) => {
    const shown = escapeMrkdwn(title);
    return `• ${link ? `<${link}|${shown}>` : shown} (proposed by <@${proposerId}>)`;
  });
  if (total > listed.length) lines.push(`…and ${total - listed.length} more.`);
  return `*Open decisions in this channel (${total})*\n${lines.join('\n')}`;
}

export const SUPERSEDE_USAGE =
  'Name the newer decision, then the one it revisits, by number: `/decision supersede 31 12`.';

/** `/decision supersede` done: the link shows on both decisions' Details. */
export function supersededText(decisionId: number, revisitsId: number): string {
  return `Done: #${decisionId} now revisits #${revisitsId}; both show the link in their Details.`;
}

export const ONLY_PROPOSER_LINKS =
  'Only the proposer of the newer decision or an approver can mark what it revisits; ask one of them.';

export const NO_SUCH_DECISION =
  "No decision has that number here. `/decision list` shows the open ones; the number is in the card's Details.";

export const NOTHING_TO_EXPORT = 'There are no decisions in this channel to export yet.';

export function exportCommentText(rows: number, channelId: string): string {
  return `Here ${rows === 1 ? 'is' : 'are'} the ${plural(rows, 'decision')} of <#${channelId}>, with answers summarised.`;
}

export function exportSentText(rows: number): string {
  return `I sent you the ${plural(rows, 'decision')} of this channel as a CSV file in a direct message.`;
}

export const EXPORT_NOT_SENT =
  'Slack did not accept the file just now; please run `/decision export` again in a minute.';

/** A command that was acknowledged but could not be carried out (the database refused a write, …). */
export const COMMAND_FAILED =
  "Sorry, I couldn't do that just now and nothing was changed; please run the command again in a minute.";

export const COMMAND_INCOMPLETE = 'That command was incomplete; please try `/decision` again.';

function unbriefedLine(stages: readonly string[]): string {
  return `Nobody to brief yet: ${stages.map((s) => escapeMrkdwn(s)).join(', ')}.`;
}

/** Why a person may not do what they asked with a decision (see decisions/gate.ts Refusal). */
export function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'already':
      return `This decision is already ${refusal.status}.`;
    case 'not-decided':
      return 'Only a confirmed or rejected decision can be reopened.';
    case 'only-proposer':
      return refusal.action === 'withdraw'
        ? `Only <@${refusal.proposerId}>, who proposed it, can withdraw this decision.`
        : `Only <@${refusal.proposerId}>, who proposed it, can reopen it.`;
    case 'only-approver':
      return 'Only an approver can reopen a decision.';
    case 'proposer-or-approver': {
      if (refusal.action === 'dismiss')
        return `Only <@${refusal.proposerId}> or an approver can mark this as not a decision.`;
      const who = refusal.hasApprovers
        ? `<@${refusal.proposerId}> or an approver`
        : `<@${refusal.proposerId}>, who proposed it,`;
      return `Only ${who} can ${refusal.action} this decision.`;
    }
    case 'unanswered': {
      const need = refusal.required === 1 ? 'an answer' : `${refusal.required} answers`;
      const list = refusal.missing.map((q) => `${q.number}. ${q.text}`).join('\n');
      const stages = refusal.unbriefed.length > 0 ? `\n${unbriefedLine(refusal.unbriefed)}` : '';
      return `The empty chair is still waiting: each question needs ${need} before this can be confirmed. Unanswered:\n${list}${stages}`;
    }
    case 'unbriefed':
      return `Before this can be confirmed, name who to brief at each touched stage of the customer's path, or say why nobody needs to be told (Map the customer's path). ${unbriefedLine(refusal.stages)}`;
    case 'gone':
      return 'That decision no longer exists.';
    case 'raced':
      return 'Someone else changed this decision a moment ago; see its card for where it stands.';
  }
}

/** Why an answer form cannot be opened or submitted for a decision. */
export function notAnswerableText(status: string | undefined): string {
  return status === undefined
    ? 'That decision could not be found.'
    : `This decision is ${status}, so its answers are closed.`;
}

/** Someone reached a private channel's decision from outside it (a stale or tampered link). */
export const NOT_YOURS_TO_SEE =
  "That decision belongs to a private channel you're not in, so I can't show it to you; ask someone in that channel.";

/** A form submission whose payload could not be read (forged, or from an older version of the form). */
export const PROPOSAL_FORM_UNREADABLE = 'This form could not be read; close it and run /decision again.';
export const FORM_STALE = "This form is out of date; close it and open it again from the decision's card.";
export const ANSWER_FORM_STALE = 'This form is out of date; close it and answer again from the thread.';

export const NOTHING_TO_REVIEW = 'That message has no text to review; use `/decision` to describe the decision.';

export const MESSAGE_UNREADABLE =
  "I couldn't read that message, so I can't ask the three questions about it. Try `/decision` instead.";

/** The shortcut worked: where the questions are. */
export function questionsAskedText(link: string | undefined): string {
  return `Done: the three questions are in ${link ? `<${link}|the message's thread>` : "the message's thread"}.`;
}

export const CUSTOMER_PROFILE_EMPTY = 'Describe our typical customer in a few words.';

/** A slash command that is not Empty Chair's reached it (a misconfigured app). */
export function notOurCommandText(command: string): string {
  return `Empty Chair only answers /decision; ${command} is not one of its commands.`;
}

/** What a person hears when what they sent could not be stored: nothing was half done. */
export const NOT_SAVED = "Sorry, I couldn't save that just now, so nothing changed; please try again in a minute.";

/** Customer feedback saved from a message or typed with `/decision feedback`. */
export const FEEDBACK_SAVED =
  'Saved as customer feedback. It will show beside related decisions and in the weekly digest.';

/** The same message was saved before (by a reaction, the shortcut or someone else). */
export function feedbackAlreadySavedText(savedBy: string): string {
  return `This message is already saved as customer feedback (by <@${savedBy}>).`;
}

/** The form's error when the message was saved by someone else while the form was open. */
export const FEEDBACK_SAVED_MEANWHILE = 'Someone saved this message as customer feedback while the form was open.';

export const FEEDBACK_MESSAGE_UNREADABLE =
  "I couldn't read that message's words, so I saved nothing; try `/decision feedback <what they said>` instead.";

export const FEEDBACK_FORM_STALE = 'This form is out of date; use Save as customer feedback on the message again.';

export const FEEDBACK_DELETED = 'The customer feedback is deleted: its words are gone from Empty Chair.';

export const FEEDBACK_GONE = 'That customer feedback no longer exists.';

export const FEEDBACK_REMOVE_REFUSED =
  'Only the person who saved this feedback, an approver or a workspace admin can delete it.';

/** What `/decision feedback …` could not read, and how to write it. */
export function feedbackCommandProblemText(problem: FeedbackProblem): string {
  switch (problem.field) {
    case 'text':
      return problem.problem === 'missing'
        ? "Write the customer's words after the options, e.g. `/decision feedback source:review sentiment:negative The queue was too long`."
        : `Keep the quote to ${FEEDBACK_TEXT_MAX} characters or fewer.`;
    case 'source':
      return `Use one of these sources: ${FEEDBACK_SOURCES.map((s) => `\`source:${s}\``).join(', ')}.`;
    case 'sentiment':
      return `Use one of these sentiments: ${FEEDBACK_SENTIMENTS.map((s) => `\`sentiment:${s}\``).join(', ')}.`;
    case 'category':
      return 'Use a decision category as the topic, or any word as a tag.';
    case 'tags':
      return problem.problem === 'too-many'
        ? `Use at most ${FEEDBACK_TAGS_MAX} topics besides the category.`
        : `Keep each topic to ${FEEDBACK_TAG_MAX} characters or fewer.`;
  }
}

export function feedbackEmojiText(emoji: string, changed: boolean): string {
  return changed
    ? `A :${emoji}: reaction now saves a message as customer feedback.`
    : `A :${emoji}: reaction saves a message as customer feedback. Change it with \`/decision feedback-emoji <emoji>\`.`;
}

export const FEEDBACK_EMOJI_INVALID =
  'Name one emoji, e.g. `/decision feedback-emoji ear` (not :chair:, which proposes a decision).';

/** Answers to a briefing's buttons (see decisions/frontLineService.ts AckResult). */
export function briefingAckText(reason: 'ok' | 'gone' | 'not-yours' | 'already' | 'outdated'): string {
  switch (reason) {
    case 'ok':
      return ':white_check_mark: Thanks: you are counted as ready for this change.';
    case 'gone':
      return 'That decision no longer exists, so nothing changed.';
    case 'not-yours':
      return 'This briefing was meant for someone else, so nothing changed; ask whoever proposed the decision to name you if you meet customers there.';
    case 'already':
      return 'You already said *Got it* to this briefing, so nothing changed.';
    case 'outdated':
      return 'This briefing was replaced by an updated one, so nothing changed; click *Got it* on the newer message.';
  }
}

export const NOT_BRIEFED_TO_ASK =
  'Only people briefed on this decision can ask about it here; ask in its thread instead.';
export const QUESTION_EMPTY = 'Write your question before sending it.';
export const PATH_NOT_OPEN = "Only an open decision's customer path can be changed; reopen it first.";
export const LARGE_BRIEFING_REFUSED =
  'Only the person who confirmed this decision can send its briefing, and only while that confirmation stands.';
export const LARGE_BRIEFING_SENT = 'The briefing is on its way; the card shows who is ready.';
