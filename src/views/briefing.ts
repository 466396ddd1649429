import type { Decision } from '../db/decisionsRepo.js';
import type { TouchpointRow } from '../db/frontLineRepo.js';
import { plural } from './plural.js';
import { SECTION_MAX, truncate, userText } from './text.js';

export const BRIEFING_ACTIONS = {
  ack: 'briefing_ack',
  question: 'briefing_question',
  sendLarge: 'briefing_send_large',
} as const;

/** What a briefing's buttons carry: the decision and the round (confirmation) it is about. */
export function briefingValue(decisionId: number, round: number): string {
  return `${decisionId}:${round}`;
}

export function parseBriefingValue(value: string): { decisionId: number; round: number } | undefined {
  const parts = /^(\d{1,12}):(\d{1,6})$/.exec(value);
  return parts ? { decisionId: Number(parts[1]), round: Number(parts[2]) } : undefined;
}

export type BriefingMessageKind = 'dm' | 'post' | 'reminder';

export interface BriefingContent {
  decision: Decision;
  round: number;
  /** The stages this person (or channel) meets the customer at, with what changes there. */
  touchpoints: readonly TouchpointRow[];
  link: string | undefined;
  kind: BriefingMessageKind;
  /** Drawn again once the person said Got it: the buttons give way to a line saying so. */
  acknowledged?: boolean;
}

function opening({ decision, round, kind }: BriefingContent): string {
  const title = userText(decision.title, 150);
  const updated = round > 1 ? ':arrows_counterclockwise: *Updated:* ' : '';
  if (kind === 'reminder')
    return `:bell: ${updated}Reminder: please read this before customers notice *${title}*, then click *Got it*.`;
  if (kind === 'post')
    return `:mega: ${updated}Everyone here meets customers where *${title}* changes things: please each read this and click *Got it*.`;
  return `:mega: ${updated}You meet customers where *${title}* changes things: please read this before they notice.`;
}

/** The plain-text fallback of a briefing (notifications): no mentions, nothing that pings. */
export function briefingText(content: BriefingContent): string {
  const what = content.kind === 'reminder' ? 'Reminder: briefing' : content.round > 1 ? 'Updated briefing' : 'Briefing';
  return `${what}: ${userText(content.decision.title, 150)}`;
}

/** The briefing itself: what changes, where the customer will notice, from when, the thread, and two buttons. */
export function buildBriefing(content: BriefingContent): unknown[] {
  const { decision, touchpoints, link } = content;
  const lines = [opening(content)];
  if (decision.description) lines.push(`*What changes:* ${userText(decision.description, 1200)}`);
  for (const t of touchpoints) {
    lines.push(`• *${userText(t.stage, 60)}*${t.note ? `: ${userText(t.note, 400)}` : ''}`);
  }
  lines.push(
    decision.goLive ? `*From:* ${decision.goLive}` : '*From:* now (no go-live date was given)',
    link ? `<${link}|The decision and its discussion>` : '',
  );
  const value = briefingValue(decision.id, content.round);
  const body = {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(lines.filter(Boolean).join('\n'), SECTION_MAX) },
  };
  if (content.acknowledged)
    return [body, { type: 'context', elements: [{ type: 'mrkdwn', text: ':white_check_mark: You said *Got it*.' }] }];
  return [
    body,
    {
      type: 'actions',
      block_id: 'briefing_actions',
      elements: [
        {
          type: 'button',
          style: 'primary',
          action_id: BRIEFING_ACTIONS.ack,
          text: { type: 'plain_text', text: 'Got it' },
          value,
        },
        {
          type: 'button',
          action_id: BRIEFING_ACTIONS.question,
          text: { type: 'plain_text', text: 'I have a question' },
          value,
        },
      ],
    },
  ];
}

/** Asked of the confirmer before a very large audience is briefed. */
export function largeAudienceBlocks(decision: Decision, round: number, people: number): unknown[] {
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: The briefing on *${userText(decision.title, 150)}* would reach ${plural(people, 'person', 'people')}: click *Send the briefing* if that is right, or reopen the decision and narrow who to brief.`,
      },
    },
    {
      type: 'actions',
      block_id: 'briefing_large',
      elements: [
        {
          type: 'button',
          style: 'primary',
          action_id: BRIEFING_ACTIONS.sendLarge,
          text: { type: 'plain_text', text: 'Send the briefing' },
          value: briefingValue(decision.id, round),
        },
      ],
    },
  ];
}

export function largeAudienceText(people: number): string {
  return `The briefing would reach ${plural(people, 'person', 'people')}; confirm before it is sent.`;
}

/** Said in the decision's thread when a briefed person asks something; names the asker. */
export function briefingQuestionText(userId: string, question: string): string {
  return `:raising_hand: <@${userId}> has a question about the briefing: ${userText(question, 2500)}`;
}
