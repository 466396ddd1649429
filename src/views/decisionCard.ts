import type { Decision } from '../db/decisionsRepo.js';
import { categoryLabel, QUESTIONS } from '../decisions/questions.js';
import { escapeMrkdwn, SECTION_MAX, truncate, userText } from './text.js';

export const DISMISS_ACTION = 'dismiss_decision';

export interface QuestionProgress {
  question: number;
  answers: number;
  /** A one-line summary of the answers so far, e.g. "Motive: 3 customer satisfaction · 1 profit". */
  summary?: string | undefined;
}

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

function progressLine(progress: QuestionProgress[]): string {
  return QUESTIONS.map((q) => {
    const answers = progress.find((p) => p.question === q.number)?.answers ?? 0;
    const mark = answers > 0 ? ':white_check_mark:' : ':white_square:';
    return `${mark} ${q.short}${answers > 0 ? ` (${answers})` : ''}`;
  }).join('   ');
}

/** The plain-text fallback (notifications, screen readers) for a decision's card. */
export function decisionCardText(decision: Decision): string {
  return `Decision: ${truncate(escapeMrkdwn(decision.title), 300)}`;
}

/** The card that represents a decision in its channel: what it is, where it stands, what to do next. */
export function buildDecisionCard(decision: Decision, progress: QuestionProgress[]): unknown[] {
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
  if (summaries.length > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(summaries.join('\n'), SECTION_MAX) }] });
  }
  if (decision.status === 'open' && decision.source !== 'command') {
    blocks.push({
      type: 'actions',
      block_id: 'decision_actions',
      elements: [
        {
          type: 'button',
          action_id: DISMISS_ACTION,
          text: { type: 'plain_text', text: 'Not a decision' },
          value: String(decision.id),
        },
      ],
    });
  }
  return blocks;
}
