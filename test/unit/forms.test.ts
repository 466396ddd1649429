import { describe, expect, it } from 'vitest';
import { choiceLabel, isChoiceOf } from '../../src/decisions/answerChoices.js';
import { validateAnswers } from '../../src/decisions/answerForm.js';
import { answerMetadataSchema, checkAnswerForm } from '../../src/views/answerModal.js';
import { checkCustomerProfileForm } from '../../src/views/customerProfileModal.js';
import { progressOf, summarizeQuestion } from '../../src/decisions/answerSummary.js';
import { checkProposalForm } from '../../src/views/proposeModal.js';
import { answerCounts, categoryLabel, unansweredQuestions } from '../../src/decisions/questions.js';
import { mayChangeSettings } from '../../src/decisions/settingsPolicy.js';

describe('answer choices', () => {
  it('labels each question’s own choices, and nothing else', () => {
    expect(choiceLabel(1, 'partly')).toBe('Partly');
    expect(choiceLabel(2, 'negative')).toBe('Negative');
    expect(choiceLabel(3, 'customer_satisfaction')).toBe('Customer satisfaction');
    expect(choiceLabel(1, 'profit')).toBeUndefined();
    expect(choiceLabel(4, 'yes')).toBeUndefined();
    expect(choiceLabel(3, null)).toBeUndefined();
    expect(isChoiceOf(3, 'other')).toBe(true);
    expect(isChoiceOf(2, 'yes')).toBe(false);
  });
});

describe('answer summaries and progress', () => {
  const a = (question: number, choice: string | null, userId = 'U1') => ({ question, choice, userId });

  it('names each question’s summary and puts the most common choice first, whatever the listing order', () => {
    expect(summarizeQuestion(1, [a(1, 'no'), a(1, 'no'), a(1, 'yes')])).toBe('Values: 2 no · 1 yes');
    expect(summarizeQuestion(2, [a(2, 'mixed'), a(2, 'negative'), a(2, 'negative'), a(2, 'negative')])).toBe(
      'Customer reaction: 3 negative · 1 mixed',
    );
    expect(summarizeQuestion(3, [a(3, 'customer_satisfaction'), a(3, 'profit'), a(3, 'profit')])).toBe(
      'Motive: 2 profit · 1 customer satisfaction',
    );
  });

  it('counts only this question’s answers, and has nothing to say about an unknown question or no choices', () => {
    expect(summarizeQuestion(1, [a(3, 'yes'), a(2, 'yes')])).toBeUndefined();
    expect(summarizeQuestion(3, [a(3, null), a(3, 'maybe')])).toBeUndefined();
    expect(summarizeQuestion(4, [a(4, 'yes')])).toBeUndefined();
  });

  it('gives, per question, how many answered and the summary', () => {
    expect(progressOf([a(1, 'yes'), a(1, 'yes', 'U2'), a(3, null), a(3, 'both', 'U2')])).toEqual([
      { question: 1, answers: 2, summary: 'Values: 2 yes' },
      { question: 2, answers: 0, summary: undefined },
      { question: 3, answers: 2, summary: 'Motive: 1 both' },
    ]);
  });
});

describe('validateAnswers', () => {
  it('keeps a choice with its words, trimmed, and a choice alone where words are optional', () => {
    expect(
      checkAnswerForm([
        { question: 1, choice: 'yes', text: '  Fits our values \n' },
        { question: 2, choice: 'mixed', text: 'Some would leave' },
        { question: 3, choice: 'profit', text: '   ' },
      ]),
    ).toEqual({
      ok: true,
      answers: [
        { question: 1, choice: 'yes', text: 'Fits our values' },
        { question: 2, choice: 'mixed', text: 'Some would leave' },
        { question: 3, choice: 'profit', text: null },
      ],
    });
  });

  it('asks for a choice of this question’s options and for the customer’s words, on the right inputs', () => {
    expect(
      checkAnswerForm([
        { question: 1, choice: null, text: 'why' },
        { question: 2, choice: 'positive', text: ' \n ' },
        { question: 3, choice: 'yes', text: null },
      ]),
    ).toEqual({
      ok: false,
      errors: {
        q1_choice: 'Pick one of the options.',
        q2_text: 'Write what our typical customer would say.',
        q3_choice: 'Pick one of the options.',
      },
    });
    expect(checkAnswerForm([{ question: 2, choice: '', text: 'x' }])).toEqual({
      ok: false,
      errors: { q2_choice: 'Pick one of the options.' },
    });
  });

  it('names each problem by question, input and kind, for the form to word', () => {
    expect(
      validateAnswers([
        { question: 1, choice: 'maybe', text: 'w'.repeat(3001) },
        { question: 2, choice: null, text: null },
      ]),
    ).toEqual({
      ok: false,
      problems: [
        { question: 1, field: 'choice', problem: 'missing' },
        { question: 1, field: 'text', problem: 'too-long' },
        { question: 2, field: 'choice', problem: 'missing' },
        { question: 2, field: 'text', problem: 'missing' },
      ],
    });
  });

  it('takes up to 3000 characters of words, counting an emoji as one', () => {
    const result = (text: string) => checkAnswerForm([{ question: 1, choice: 'no', text }]);
    expect(result('🎉'.repeat(3000)).ok).toBe(true);
    expect(result(` ${'a'.repeat(3000)} `).ok).toBe(true);
    expect(result('🎉'.repeat(3001))).toEqual({
      ok: false,
      errors: { q1_text: 'Keep this to 3000 characters or fewer.' },
    });
  });
});

describe('the answer modal’s metadata', () => {
  it('names a decision and one to three different questions', () => {
    const parse = (value: unknown) => answerMetadataSchema.safeParse(value).success;
    expect(parse({ decisionId: 12, questions: [1, 2, 3] })).toBe(true);
    expect(parse({ decisionId: 12, questions: [2] })).toBe(true);
    expect(parse({ decisionId: 12, questions: [] })).toBe(false);
    expect(parse({ decisionId: 12, questions: [1, 1] })).toBe(false);
    expect(parse({ decisionId: 12, questions: [1, 2, 3, 3] })).toBe(false);
    expect(parse({ decisionId: 12, questions: [4] })).toBe(false);
    expect(parse({ decisionId: 0, questions: [1] })).toBe(false);
    expect(parse({ decisionId: 1.5, questions: [1] })).toBe(false);
  });
});

describe('validateCustomerProfile', () => {
  it('trims, clears an empty one and takes up to 2000 characters', () => {
    expect(checkCustomerProfileForm('  Families nearby \n')).toEqual({ ok: true, profile: 'Families nearby' });
    expect(checkCustomerProfileForm('  ')).toEqual({ ok: true, profile: null });
    expect(checkCustomerProfileForm(undefined)).toEqual({ ok: true, profile: null });
    expect(checkCustomerProfileForm('🎉'.repeat(2000))).toEqual({ ok: true, profile: '🎉'.repeat(2000) });
    expect(checkCustomerProfileForm('🎉'.repeat(2001))).toEqual({
      ok: false,
      error: 'Keep the description to 2000 characters or fewer.',
    });
  });
});

describe('validateProposal: the rest of the form', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const form = { title: 'Close', description: null, category: 'policy', channelId: 'C1', decideBy: null };
  const errors = (change: Partial<typeof form> | Record<string, string | null>) => {
    const result = checkProposalForm({ ...form, ...change }, now);
    return result.ok ? {} : result.errors;
  };

  it('takes a decide-by date from yesterday on, in UTC, since "today" somewhere may still be yesterday', () => {
    expect(errors({ decideBy: '2026-11-21' })).toEqual({});
    expect(errors({ decideBy: '2026-11-20' })).toEqual({ decide_by: 'Pick today or a later date.' });
    expect(errors({ decideBy: '2025-12-31' })).toEqual({ decide_by: 'Pick today or a later date.' });
  });

  it('takes only a whole YYYY-MM-DD date', () => {
    for (const decideBy of ['x2030-01-01', '2030-01-01x', '2030-01-01T00:00', '30-01-01', '2030-1-1'])
      expect(errors({ decideBy })).toEqual({ decide_by: 'Pick a date from the calendar.' });
  });

  it('keeps the description trimmed, drops a blank one and refuses one over 3000 characters', () => {
    const proposal = (description: string) => {
      const result = checkProposalForm({ ...form, description }, now);
      return result.ok ? result.proposal.description : result.errors;
    };
    expect(proposal('  Because \n')).toBe('Because');
    expect(proposal(' \n ')).toBeUndefined();
    expect(proposal('d'.repeat(3000))).toBe('d'.repeat(3000));
    expect(proposal('d'.repeat(3001))).toEqual({ description: 'Keep this to 3000 characters or fewer.' });
  });

  it('takes a listed category, "other" when none is given, and refuses any other', () => {
    const category = (value: string | null) => {
      const result = checkProposalForm({ ...form, category: value }, now);
      return result.ok ? result.proposal.category : result.errors;
    };
    expect(category('management_staff')).toBe('management_staff');
    expect(category(null)).toBe('other');
    expect(category('bribes')).toEqual({ category: 'Pick one of the listed categories.' });
  });

  it('reads fields Slack leaves out as empty', () => {
    expect(errors({ title: null, channelId: null })).toEqual({
      title: 'Give the decision a title.',
      channel: 'Pick a channel to discuss the decision in.',
    });
  });

  it('takes a public or private channel id and nothing else', () => {
    for (const channelId of ['C1', 'G01', 'C0123ABCDEF']) expect(errors({ channelId })).toEqual({});
    for (const channelId of ['D0123', 'U0123', 'C', 'c0123', 'xC0123', 'C0123 ', 'C01-23', ''])
      expect(errors({ channelId })).toEqual({ channel: 'Pick a channel to discuss the decision in.' });
  });
});

describe('categories', () => {
  it('labels each category, and anything else as Other', () => {
    expect(categoryLabel('pricing')).toBe('Pricing');
    expect(categoryLabel('management_staff')).toBe('Management & staff');
    expect(categoryLabel('bribes')).toBe('Other');
    expect(categoryLabel(null)).toBe('Other');
  });
});

describe('mayChangeSettings', () => {
  const request = { userId: 'UX', isAdmin: false, approvers: [] as string[] };

  it('lets admins, approvers and the first describer of the customer change settings, and nobody else', () => {
    expect(mayChangeSettings({ ...request, isAdmin: true })).toBe(true);
    expect(mayChangeSettings({ ...request, isAdmin: true, approvers: ['UA'] })).toBe(true);
    expect(mayChangeSettings({ ...request, userId: 'UA', approvers: ['UB', 'UA'] })).toBe(true);
    expect(mayChangeSettings({ ...request, firstCustomerProfile: true })).toBe(true);
    expect(mayChangeSettings(request)).toBe(false);
    expect(mayChangeSettings({ ...request, approvers: ['UA', 'UB'], firstCustomerProfile: false })).toBe(false);
  });
});

describe('unanswered questions', () => {
  it('counts current answers per question and lists the questions with fewer than required, one by default', () => {
    const counts = answerCounts([{ question: 3 }, { question: 1 }, { question: 3 }]);
    expect([...counts].sort()).toEqual([
      [1, 1],
      [3, 2],
    ]);
    expect(unansweredQuestions(counts).map((q) => q.number)).toEqual([2]);
    expect(unansweredQuestions(counts, 2).map((q) => q.number)).toEqual([1, 2]);
    expect(unansweredQuestions(counts, 3).map((q) => q.short)).toEqual(['Values', 'Customer view', 'Motive']);
    expect(unansweredQuestions(answerCounts([]), 0)).toEqual([]);
  });
});
