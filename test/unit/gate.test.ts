import { describe, expect, it } from 'vitest';
import { majorityChoice } from '../../src/decisions/answerChoices.js';
import { summarizeQuestion } from '../../src/decisions/answerSummary.js';
import { checkGate, type GateInput } from '../../src/decisions/gate.js';
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
    const message = result.ok ? '' : result.message;
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
  });
});
