import { escapeMrkdwn } from './text.js';

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
