import { describe, expect, it } from 'vitest';
import type { DecisionStatus } from '../../src/db/schema/shared.js';
import { majorityChoice } from '../../src/decisions/answerChoices.js';
import { summarizeQuestion } from '../../src/decisions/answerSummary.js';
import { checkGate, GATE_ACTIONS, type GateInput } from '../../src/decisions/gate.js';
import { refusalText } from '../../src/views/replies.js';
import { mentionedUsers } from '../../src/decisions/commandText.js';

const all = new Map([
  [1, 1],
  [2, 1],
  [3, 1],
]);
const base: GateInput = {
  action: 'confirm',
  status: 'open',
  proposerId: 'UP',
  userId: 'UP',
  approvers: [],
  answerCounts: all,
  requiredAnswers: 1,
};

describe('checkGate', () => {
  it('confirms an answered open decision for its proposer', () => {
    expect(checkGate(base)).toEqual({ ok: true, from: 'open', to: 'confirmed' });
  });

  it('lists exactly the questions below the required count', () => {
    const result = checkGate({
      ...base,
      answerCounts: new Map([
        [1, 2],
        [2, 1],
      ]),
      requiredAnswers: 2,
    });
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : refusalText(result.refusal);
    expect(message).toContain('2 answers');
    expect(message).not.toContain('1. Does this align');
    expect(message).toContain('2. What would our typical customer say');
    expect(message).toContain('3. What is our motivation');
  });

  it.each([
    ['an outsider confirming', { userId: 'UX' }, false],
    ['an approver confirming', { userId: 'UA', approvers: ['UA'] }, true],
    ['an approver withdrawing', { action: 'withdraw', userId: 'UA', approvers: ['UA'] }, false],
    ['the proposer withdrawing', { action: 'withdraw' }, true],
    ['the proposer rejecting unanswered', { action: 'reject', answerCounts: new Map() }, true],
    ['the proposer reopening with approvers set', { action: 'reopen', status: 'confirmed', approvers: ['UA'] }, false],
    ['the proposer reopening without approvers', { action: 'reopen', status: 'rejected' }, true],
    ['an approver reopening', { action: 'reopen', status: 'confirmed', userId: 'UA', approvers: ['UA'] }, true],
    ['reopening an open decision', { action: 'reopen', status: 'open' }, false],
    ['confirming a withdrawn decision', { status: 'withdrawn' }, false],
    ['withdrawing a confirmed decision', { action: 'withdraw', status: 'confirmed' }, false],
  ] as const)('%s: allowed %s', (_name, change, allowed) => {
    expect(checkGate({ ...base, ...change } as GateInput).ok).toBe(allowed);
  });
});

describe('checkGate against the rules as the README states them', () => {
  const statuses: DecisionStatus[] = ['open', 'confirmed', 'rejected', 'withdrawn', 'dismissed'];
  const approverLists = [[], ['UA'], ['UP', 'UA']];
  const users = ['UP', 'UA', 'UX'];
  const counts = [0, 1, 2];

  /**
   * Written from the README, not from gate.ts: confirming needs every question answered as often as required;
   * the proposer or an approver confirms or rejects an open decision; only the proposer withdraws one; a
   * confirmed or rejected decision is reopened by an approver, or by the proposer when there are none.
   */
  function expected(input: GateInput): { ok: true; from: DecisionStatus; to: DecisionStatus } | { ok: false } {
    const proposer = input.userId === input.proposerId;
    const approver = input.approvers.includes(input.userId);
    const answered = [1, 2, 3].every((q) => (input.answerCounts.get(q) ?? 0) >= input.requiredAnswers);
    const open = input.status === 'open';
    const decided = input.status === 'confirmed' || input.status === 'rejected';
    const allowed = {
      confirm: open && (proposer || approver) && answered,
      reject: open && (proposer || approver),
      withdraw: open && proposer,
      reopen: decided && (approver || (proposer && input.approvers.length === 0)),
    }[input.action];
    const to = { confirm: 'confirmed', reject: 'rejected', withdraw: 'withdrawn', reopen: 'open' } as const;
    return allowed ? { ok: true, from: input.status, to: to[input.action] } : { ok: false };
  }

  it('allows exactly what the rules allow, for every action, status, person, approver list and answer count', () => {
    let cases = 0;
    for (const action of GATE_ACTIONS)
      for (const status of statuses)
        for (const approvers of approverLists)
          for (const userId of users)
            for (const q1 of counts)
              for (const q2 of counts)
                for (const q3 of counts)
                  for (const requiredAnswers of [1, 2]) {
                    const input: GateInput = {
                      action,
                      status,
                      proposerId: 'UP',
                      userId,
                      approvers,
                      answerCounts: new Map([
                        [1, q1],
                        [2, q2],
                        [3, q3],
                      ]),
                      requiredAnswers,
                    };
                    const result = checkGate(input);
                    expect(
                      result.ok ? result : { ok: false },
                      JSON.stringify({ ...input, answerCounts: [q1, q2, q3] }),
                    ).toEqual(expected(input));
                    if (!result.ok) expect(refusalText(result.refusal)).not.toBe('');
                    cases += 1;
                  }
    expect(cases).toBe(4 * 5 * 3 * 3 * 27 * 2);
  });

  const refusal = (change: Partial<GateInput>) => {
    const result = checkGate({ ...base, ...change });
    return result.ok ? undefined : refusalText(result.refusal);
  };

  it('says why it refuses, naming who may act', () => {
    expect(refusal({ status: 'withdrawn' })).toBe('This decision is already withdrawn.');
    expect(refusal({ action: 'reject', status: 'confirmed' })).toBe('This decision is already confirmed.');
    expect(refusal({ action: 'reopen', status: 'open' })).toBe(
      'Only a confirmed or rejected decision can be reopened.',
    );
    expect(refusal({ action: 'reopen', status: 'withdrawn' })).toBe(
      'Only a confirmed or rejected decision can be reopened.',
    );
    expect(refusal({ action: 'withdraw', userId: 'UA', approvers: ['UA'] })).toBe(
      'Only <@UP>, who proposed it, can withdraw this decision.',
    );
    expect(refusal({ action: 'reopen', status: 'rejected', approvers: ['UA'] })).toBe(
      'Only an approver can reopen a decision.',
    );
    expect(refusal({ action: 'reopen', status: 'rejected', userId: 'UX' })).toBe(
      'Only <@UP>, who proposed it, can reopen it.',
    );
    expect(refusal({ userId: 'UX', approvers: ['UA'] })).toBe('Only <@UP> or an approver can confirm this decision.');
    expect(refusal({ action: 'reject', userId: 'UX' })).toBe('Only <@UP>, who proposed it, can reject this decision.');
  });

  it('lists the unanswered questions one per line, asking for "an answer" or for the number required', () => {
    expect(refusal({ answerCounts: new Map([[2, 1]]) })).toBe(
      'The empty chair is still waiting: each question needs an answer before this can be confirmed. Unanswered:\n' +
        '1. Does this align with the values of our customer?\n' +
        '3. What is our motivation for making this change? (customer satisfaction or profit?)',
    );
    expect(refusal({ requiredAnswers: 3 })).toMatch(
      /^The empty chair is still waiting: each question needs 3 answers /,
    );
  });
});

describe('answer summaries', () => {
  it('counts choices, most common first', () => {
    const answers = [
      { question: 3, choice: 'profit', userId: 'a' },
      { question: 3, choice: 'customer_satisfaction', userId: 'b' },
      { question: 3, choice: 'customer_satisfaction', userId: 'c' },
      { question: 1, choice: 'yes', userId: 'a' },
    ];
    expect(summarizeQuestion(3, answers)).toBe('Motive: 2 customer satisfaction · 1 profit');
    expect(summarizeQuestion(2, answers)).toBeUndefined();
  });

  it('takes the majority, ties going to the first listed choice', () => {
    expect(majorityChoice(3, ['profit', 'customer_satisfaction'])).toBe('customer_satisfaction');
    expect(majorityChoice(3, ['profit', 'profit', 'both'])).toBe('profit');
    expect(majorityChoice(1, [])).toBeUndefined();
  });
});

describe('command text from Slack', () => {
  it('finds mentioned users once each', () => {
    expect(mentionedUsers('<@U1|a> <@W2> <@U1|a> @bob')).toEqual(['U1', 'W2']);
    expect(mentionedUsers('<@U0ALICE|alice smith> and <@W0BOB>, not <@B0BOT> or <#C0GENERAL>')).toEqual([
      'U0ALICE',
      'W0BOB',
    ]);
  });
});
