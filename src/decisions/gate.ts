import type { DecisionStatus } from '../db/schema/shared.js';
import { type Question, unansweredQuestions } from './questions.js';

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
  /** Touched stages of the customer's path with nobody to brief and no reason given (customerPath.unbriefedStages). */
  unbriefedStages?: readonly string[];
}

/**
 * Why a person may not do what they asked with a decision. The views say it in words
 * (views/replies.ts refusalText); the domain only decides.
 */
export type Refusal =
  /** The decision is no longer in a status the action applies to. */
  | { kind: 'already'; status: DecisionStatus }
  /** Only a confirmed or rejected decision can be reopened. */
  | { kind: 'not-decided' }
  /** Withdrawing, or reopening without approvers, is the proposer's alone. */
  | { kind: 'only-proposer'; action: 'withdraw' | 'reopen'; proposerId: string }
  /** With approvers set, reopening is theirs. */
  | { kind: 'only-approver' }
  /** Confirming, rejecting or dismissing is the proposer's or an approver's. */
  | {
      kind: 'proposer-or-approver';
      action: 'confirm' | 'reject' | 'dismiss';
      proposerId: string;
      hasApprovers: boolean;
    }
  /** The gate itself: questions still short of the required number of answers. */
  | { kind: 'unanswered'; required: number; missing: readonly Question[]; unbriefed: readonly string[] }
  /** The gate's second part: touched stages of the customer's path with nobody to brief and no reason. */
  | { kind: 'unbriefed'; stages: readonly string[] }
  /** The decision is gone (a stale or forged button). */
  | { kind: 'gone' }
  /** Someone else changed the decision between reading and writing it. */
  | { kind: 'raced' };

export type GateResult = { ok: true; from: DecisionStatus; to: DecisionStatus } | { ok: false; refusal: Refusal };

const TARGET: Record<GateAction, { from: readonly DecisionStatus[]; to: DecisionStatus }> = {
  confirm: { from: ['open'], to: 'confirmed' },
  reject: { from: ['open'], to: 'rejected' },
  withdraw: { from: ['open'], to: 'withdrawn' },
  reopen: { from: ['confirmed', 'rejected'], to: 'open' },
};

/**
 * The seed's rule and who may apply it: nothing is confirmed until the three questions are answered
 * and every touched stage of the customer's path has someone to brief (or a reason nobody needs to be);
 * the proposer or an approver decides; only the proposer withdraws; reopening is an approver's call
 * (the proposer's when the workspace has no approvers).
 */
export function checkGate(input: GateInput): GateResult {
  const { action, status, proposerId, userId, approvers } = input;
  const target = TARGET[action];
  const isProposer = userId === proposerId;
  const isApprover = approvers.includes(userId);
  const refuse = (refusal: Refusal): GateResult => ({ ok: false, refusal });

  if (!target.from.includes(status)) {
    return refuse(action === 'reopen' ? { kind: 'not-decided' } : { kind: 'already', status });
  }
  if (action === 'withdraw' && !isProposer) {
    return refuse({ kind: 'only-proposer', action, proposerId });
  }
  if (action === 'reopen' && !(isApprover || (approvers.length === 0 && isProposer))) {
    return refuse(approvers.length > 0 ? { kind: 'only-approver' } : { kind: 'only-proposer', action, proposerId });
  }
  if ((action === 'confirm' || action === 'reject') && !(isProposer || isApprover)) {
    return refuse({ kind: 'proposer-or-approver', action, proposerId, hasApprovers: approvers.length > 0 });
  }
  if (action === 'confirm') {
    const missing = unansweredQuestions(input.answerCounts, input.requiredAnswers);
    const unbriefed = input.unbriefedStages ?? [];
    if (missing.length > 0) return refuse({ kind: 'unanswered', required: input.requiredAnswers, missing, unbriefed });
    if (unbriefed.length > 0) return refuse({ kind: 'unbriefed', stages: unbriefed });
  }
  return { ok: true, from: status, to: target.to };
}
