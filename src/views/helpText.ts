import { QUESTIONS } from '../decisions/questions.js';

export const HELP_TEXT = [
  ':chair: *Empty Chair* gives the customer a seat at every business decision. Before a change is confirmed, the team answers:',
  ...QUESTIONS.map((q) => `${q.number}. ${q.text}`),
  '',
  '`/decision` or `/decision <title>`: propose a decision (opens a form)',
  '`/decision list`: open decisions in this channel',
  '`/decision show 12`: decision 12 in full: every answer, the discussion and its history',
  '`/decision supersede 31 12`: mark decision 31 as revisiting (superseding) decision 12',
  "`/decision digest`: preview this week's digest of decisions and motives; `/decision digest here` posts the weekly digest in this channel",
  "`/decision export`: this channel's decisions as a CSV file, sent to you in a direct message",
  '`/decision watch` / `/decision unwatch`: turn on or off catching proposals written in this channel',
  '`/decision triggers`: show the openings that mark a message as a proposal; `/decision triggers Proposal:, RFC:` sets them, `/decision triggers default` restores them',
  '`/decision customer`: describe our typical customer (shown beside the questions)',
  '`/decision approvers @a @b`: who may confirm or reject besides the proposer (`none` to clear)',
  '`/decision required 2`: how many answers each question needs before a decision can be confirmed',
  '`/decision help`: this message',
  '',
  'Settings are changed by workspace admins and, once set, approvers (the first approvers are set by an admin); anyone can see them. The first description of our customer can be written by anyone.',
  '',
  'You can also start a message with "Proposal:" (or add :chair:), react to any message with :chair:, or pick *Review with the empty chair* from a message\'s menu.',
].join('\n');
