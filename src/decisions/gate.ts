import type { DecisionStatus } from '../db/schema.js';
import { unansweredQuestions } from './questions.js';

export const GATE_ACTIONS = ['confirm', 'reject', 'withdraw', 'reopen'] as const;
export type GateAction = (typeof GATE_ACTIONS)[number];

export interface GateInput {
  action: GateAction;
  status: DecisionStatus;
  proposerId: string;
  userId: string;
  approvers: readonly string[];
  /** Current answers per question number. */
  answerCounts: ReadonlyMap<number, number>;
  requiredAnswers: number;
}

export type GateResult = { ok: true; from: DecisionStatus; to: DecisionStatus } | { ok: false; message: string };

const TARGET: Record<GateAction, { from: readonly DecisionStatus[]; to: DecisionStatus }> = {
  confirm: { from: ['open'], to: 'confirmed' },
  reject: { from: ['open'], to: 'rejected' },
  withdraw: { from: ['open'], to: 'withdrawn' },
  reopen: { from: ['confirmed', 'rejected'], to: 'open' },
};

/**
 * The seed's rule and who may apply it: nothing is confirmed until the three questions are answered;
 * the proposer or an approver decides; only the proposer withdraws; reopening is an approver's call
 * (the proposer's when the workspace has no approvers).
 */
export function checkGate(input: GateInput): GateResult {
  const { action, status, proposerId, userId, approvers } = input;
  const target = TARGET[action];
  const isProposer = userId === proposerId;
  const isApprover = approvers.includes(userId);
  const who = approvers.length > 0 ? `<@${proposerId}> or an approver` : `<@${proposerId}>, who proposed it,`;

  if (!target.from.includes(status)) {
    return {
      ok: false,
      message:
        action === 'reopen'
          ? 'Only a confirmed or rejected decision can be reopened.'
          : `This decision is already ${status}.`,
    };
  }
  if (action === 'withdraw' && !isProposer) {
    return { ok: false, message: `Only <@${proposerId}>, who proposed it, can withdraw this decision.` };
  }
  if (action === 'reopen' && !(isApprover || (approvers.length === 0 && isProposer))) {
    return {
      ok: false,
      message:
        approvers.length > 0
          ? 'Only an approver can reopen a decision.'
          : `Only <@${proposerId}>, who proposed it, can reopen it.`,
    };
  }
  if ((action === 'confirm' || action === 'reject') && !(isProposer || isApprover)) {
    return { ok: false, message: `Only ${who} can ${action} this decision.` };
  }
  if (action === 'confirm') {
    const missing = unansweredQuestions(input.answerCounts, input.requiredAnswers);
    if (missing.length > 0) {
      const need = input.requiredAnswers === 1 ? 'an answer' : `${input.requiredAnswers} answers`;
      return {
        ok: false,
        message: `The empty chair is still waiting: each question needs ${need} before this can be confirmed. Unanswered:\n${missing.map((q) => `${q.number}. ${q.text}`).join('\n')}`,
      };
    }
  }
  return { ok: true, from: status, to: target.to };
}
