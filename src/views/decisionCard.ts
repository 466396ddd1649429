import type { Decision } from '../db/decisionsRepo.js';
import type { QuestionProgress } from '../decisions/answerSummary.js';
import type { PathSummary } from '../decisions/customerPath.js';
import { categoryLabel, QUESTIONS } from '../decisions/questions.js';
import { plural } from './plural.js';
import { SECTION_MAX, truncate, userText } from './text.js';

export const CARD_ACTIONS = {
  answerAll: 'answer_all',
  confirm: 'confirm_decision',
  reject: 'reject_decision',
  withdraw: 'withdraw_decision',
  reopen: 'reopen_decision',
  dismiss: 'dismiss_decision',
  details: 'decision_details',
  mapPath: 'map_customer_path',
} as const;

const STATUS_LABELS: Record<Decision['status'], string> = {
  open: ':hourglass_flowing_sand: Open: waiting for the three questions',
  confirmed: ':white_check_mark: Confirmed',
  rejected: ':x: Rejected',
  withdrawn: ':leftwards_arrow_with_hook: Withdrawn',
  dismissed: ':no_entry_sign: Not a decision',
};

function statusLine(decision: Decision): string {
  const label = STATUS_LABELS[decision.status];
  return decision.status !== 'open' && decision.decidedBy ? `${label} by <@${decision.decidedBy}>` : label;
}

function progressLine(progress: readonly QuestionProgress[]): string {
  return QUESTIONS.map((q) => {
    const answers = progress.find((p) => p.question === q.number)?.answers ?? 0;
    const mark = answers > 0 ? ':white_check_mark:' : ':white_square:';
    return `${mark} ${q.short}${answers > 0 ? ` (${answers})` : ''}`;
  }).join('   ');
}

function button(actionId: string, text: string, decision: Decision, style?: 'primary' | 'danger') {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text },
    value: String(decision.id),
    ...(style ? { style } : {}),
  };
}

function actionsFor(decision: Decision, path: PathSummary | undefined): unknown[] {
  switch (decision.status) {
    case 'open': {
      const buttons = [
        button(CARD_ACTIONS.answerAll, 'Answer the three questions', decision, 'primary'),
        ...(path ? [button(CARD_ACTIONS.mapPath, "Map the customer's path", decision)] : []),
        button(CARD_ACTIONS.confirm, 'Confirm', decision),
        button(CARD_ACTIONS.reject, 'Reject', decision, 'danger'),
        button(CARD_ACTIONS.withdraw, 'Withdraw', decision),
      ];
      if (decision.source !== 'command') buttons.push(button(CARD_ACTIONS.dismiss, 'Not a decision', decision));
      return [...buttons, button(CARD_ACTIONS.details, 'Details', decision)];
    }
    case 'confirmed':
    case 'rejected':
      return [button(CARD_ACTIONS.reopen, 'Reopen', decision), button(CARD_ACTIONS.details, 'Details', decision)];
    default:
      return [button(CARD_ACTIONS.details, 'Details', decision)];
  }
}

/** Where the change meets the customer, and how ready the people there are. */
export function pathLine(path: PathSummary): string {
  if (path.stages.length === 0) return ':world_map: Customer path not mapped';
  const parts = [`:world_map: *Customer path:* ${path.stages.map((s) => userText(s, 60)).join(', ')}`];
  if (path.readiness) parts.push(`*Front line ready:* ${path.readiness.ready} of ${path.readiness.total}`);
  else if (path.unbriefed.length > 0)
    parts.push(`nobody to brief yet at ${path.unbriefed.map((s) => userText(s, 60)).join(', ')}`);
  return parts.join('  ·  ');
}

/** The plain-text fallback (notifications, screen readers) for a decision's card. */
export function decisionCardText(decision: Decision): string {
  return `Decision: ${userText(decision.title, 300)}`;
}

/** Whether the answers to question 2 rest on customer feedback they cite. */
export function groundingLine(citedQuotes: number): string {
  return citedQuotes > 0
    ? `Customer view grounded in ${plural(citedQuotes, 'customer quote')}`
    : 'Customer view: no customer quote cited';
}

/** What the card shows beyond the decision and its answers, when known. */
export interface CardExtras {
  /** How many customer feedback items the answers to question 2 cite, once there are some. */
  citedQuotes?: number | undefined;
  /** The customer's path: stages mapped and the front line's readiness. */
  path?: PathSummary | undefined;
  /** The prediction made at confirmation and, once reviewed, the outcome (views/predictionViews.ts). */
  review?: string | undefined;
}

/** The card that represents a decision in its channel: what it is, where it stands, what to do next. */
export function buildDecisionCard(
  decision: Decision,
  progress: readonly QuestionProgress[],
  { citedQuotes, path, review }: CardExtras = {},
): unknown[] {
  const details = [`Proposed by <@${decision.proposerId}>`, categoryLabel(decision.category)];
  if (decision.decideBy) details.push(`Decide by ${decision.decideBy}`);

  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(decision.title, 150), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: details.join('  ·  ') }] },
  ];
  if (decision.description && decision.source === 'command') {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: userText(decision.description, SECTION_MAX) } });
  }
  blocks.push({
    type: 'section',
    text: { type: 'mrkdwn', text: `*Status:* ${statusLine(decision)}\n*Answered:* ${progressLine(progress)}` },
  });
  const summaries = progress.flatMap((p) => (p.summary ? [p.summary] : []));
  if (citedQuotes !== undefined) summaries.push(groundingLine(citedQuotes));
  if (summaries.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(summaries.join('\n'), SECTION_MAX) }] });
  }
  if (review) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(review, SECTION_MAX) }] });
  const showsPath = path && (decision.status === 'open' || decision.status === 'confirmed');
  if (showsPath) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: pathLine(path) }] });
  const actions = actionsFor(decision, path);
  if (actions.length > 0) blocks.push({ type: 'actions', block_id: 'decision_actions', elements: actions });
  return blocks;
}
