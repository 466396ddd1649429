import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/db/answersRepo.js';
import type { Decision } from '../../src/db/decisionsRepo.js';
import type { Prediction } from '../../src/db/predictionsRepo.js';
import {
  buildConfirmModal,
  buildOutcomeModal,
  checkOutcomeForm,
  checkPredictionForm,
  followUpProposal,
  outcomeRefusalText,
  outcomeThreadText,
  predictionCardLine,
  predictionDetailLines,
  reviewAskBlocks,
  reviewAskText,
} from '../../src/views/predictionViews.js';

const AT = new Date('2033-06-15T10:00:00Z');

const decision = (overrides: Partial<Decision> = {}): Decision =>
  ({
    id: 12,
    teamId: 'T1',
    channelId: 'C1',
    title: 'Close <early> & go',
    proposerId: 'UP',
    status: 'confirmed',
    decidedAt: AT,
    createdAt: AT,
    ...overrides,
  }) as Decision;

const prediction = (overrides: Partial<Prediction> = {}): Prediction => ({
  decisionId: 12,
  teamId: 'T1',
  skipped: false,
  expectedReaction: 'welcome',
  confidence: 80,
  signal: 'fewer <complaints>',
  afterDays: 30,
  dueAt: new Date('2033-07-15T10:00:00Z'),
  askedAt: null,
  remindedAt: null,
  tooEarlyCount: 0,
  actualReaction: null,
  evidence: null,
  decideAgain: null,
  recordedBy: null,
  recordedAt: null,
  predictedBy: 'UP',
  createdAt: AT,
  ...overrides,
});

const blockIds = (view: { blocks: unknown[] }) =>
  (view.blocks as { block_id?: string }[]).flatMap((b) => (b.block_id ? [b.block_id] : []));

describe('the confirm form', () => {
  it('asks for the reaction, the confidence, the signal, when to look (30 days by default) or the skip, beside question 2', () => {
    const answers = [
      { question: 2, userId: 'U2', choice: 'negative', text: 'They <will> mind', supersededAt: null },
      { question: 2, userId: 'U3', choice: 'positive', text: 'replaced view', supersededAt: AT },
      { question: 1, userId: 'U2', choice: 'yes', text: 'q1', supersededAt: null },
    ] as Answer[];
    const view = buildConfirmModal({ decision: decision(), answers });
    expect(view.callback_id).toBe('confirm_with_prediction');
    expect(view.private_metadata).toBe('{"decisionId":12}');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(blockIds(view)).toEqual(['expected_reaction', 'confidence', 'signal', 'review_after', 'skip_review']);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('*Close &lt;early&gt; &amp; go*');
    expect(text).toContain('• <@U2>: *Negative* They &lt;will&gt; mind');
    expect(text).not.toContain('replaced view');
    expect(text).not.toContain('q1');
    expect(text).toContain('"initial_option":{"text":{"type":"plain_text","text":"In 30 days"},"value":"30"}');
    expect(text).toContain('"min_value":"50","max_value":"95"');
    expect(JSON.stringify(buildConfirmModal({ decision: decision(), answers: [] }).blocks)).toContain(
      'Nobody has answered question 2 yet.',
    );
  });

  it('puts each problem on its field', () => {
    expect(checkPredictionForm({ skip: false, expected: null, confidence: '99', signal: '', afterDays: '45' })).toEqual(
      {
        ok: false,
        errors: {
          expected_reaction: 'Pick how you expect customers to react (or tick "Skip the review").',
          confidence: 'Give a whole number from 50 to 95.',
          signal: 'Write what will tell you how customers reacted (or tick "Skip the review").',
          review_after: 'Pick 30, 60 or 90 days.',
        },
      },
    );
  });
});

describe('the review', () => {
  it('asks how customers reacted, with the button to record it', () => {
    expect(reviewAskText(decision(), 30)).toBe(
      "It's been 30 days since *Close &lt;early&gt; &amp; go* was confirmed. How did customers actually react?",
    );
    expect(reviewAskText(decision(), 1, true)).toBe(
      "Reminder: It's been 1 day since *Close &lt;early&gt; &amp; go* was confirmed. How did customers actually react?",
    );
    const [, actions] = reviewAskBlocks(decision(), 30) as { elements?: { action_id: string; value: string }[] }[];
    expect(actions?.elements?.[0]).toMatchObject({ action_id: 'record_outcome', value: '12' });
  });

  it('offers "too early to tell" until the review has waited twice', () => {
    const options = (p: Prediction) =>
      JSON.stringify(buildOutcomeModal({ decision: decision(), prediction: p }).blocks).includes('too_early');
    expect(options(prediction({ tooEarlyCount: 1 }))).toBe(true);
    expect(options(prediction({ tooEarlyCount: 2 }))).toBe(false);
    const view = buildOutcomeModal({ decision: decision(), prediction: prediction() });
    expect(view.callback_id).toBe('record_outcome');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(blockIds(view)).toEqual(['actual_reaction', 'evidence', 'decide_again']);
    expect(JSON.stringify(view.blocks)).toContain(
      '*We predicted:* They will welcome it, 80 % sure; watching: fewer &lt;complaints&gt;',
    );
    expect(checkOutcomeForm({ actual: 'too_early', evidence: null, decideAgain: null }, 2)).toEqual({
      ok: false,
      errors: { actual_reaction: 'This review has waited 2 times already: pick what you see now.' },
    });
  });

  it('shows the prediction, then the outcome, on the card and in the thread', () => {
    expect(predictionCardLine(prediction())).toBe(
      '*Prediction:* They will welcome it, 80 % sure; watching: fewer &lt;complaints&gt;\n*Review:* 2033-07-15',
    );
    expect(predictionCardLine(prediction({ skipped: true, expectedReaction: null }))).toBe(
      '*Prediction:* Confirmed without a prediction (review skipped).',
    );
    const recorded = prediction({
      actualReaction: 'pushed_back',
      evidence: 'Angry <emails>',
      decideAgain: 'with_changes',
      recordedBy: 'UR',
    });
    expect(predictionCardLine(recorded)).toBe(
      '*Prediction:* They will welcome it, 80 % sure; watching: fewer &lt;complaints&gt;\n' +
        '*Outcome:* They pushed back · Would decide the same again: Yes, with changes · recorded by <@UR>\n' +
        '*Evidence:* Angry &lt;emails&gt;',
    );
    expect(outcomeThreadText(recorded, 'UR')).toContain(
      ':mag: How customers reacted, recorded by <@UR>: They pushed back.',
    );
    expect(outcomeThreadText(prediction({ dueAt: new Date('2033-08-14T10:00:00Z') }), 'UR')).toBe(
      ":hourglass: <@UR> says it is too early to tell how customers reacted; I'll ask again on 2033-08-14.",
    );
  });

  it('shows both directions of a revisit in Details', () => {
    expect(predictionDetailLines(undefined, { revisits: 3, revisitedBy: [31, 40] })).toEqual([
      'Revisits #3',
      'Revisited by #31, #40',
    ]);
    expect(predictionDetailLines(undefined, { revisits: undefined, revisitedBy: [] })).toEqual([]);
  });

  it('prefills the follow-up from the original and what customers did', () => {
    expect(
      followUpProposal(decision(), prediction({ evidence: 'Complaints doubled', actualReaction: 'pushed_back' })),
    ).toEqual({
      title: 'Revisit: Close <early> & go',
      description: 'Revisits #12 "Close <early> & go". What customers did: Complaints doubled',
      channelId: 'C1',
    });
  });

  it('says in one sentence why an outcome cannot be recorded', () => {
    expect(outcomeRefusalText('not-allowed', 'UP')).toBe(
      "Only <@UP>, who proposed it, or an approver can record how customers reacted; add what you saw as a reply in the decision's thread.",
    );
    expect(outcomeRefusalText('already-recorded')).toContain('already recorded');
    expect(outcomeRefusalText('gone')).toContain('no longer there');
    expect(outcomeRefusalText('no-review')).toContain('no review to record');
  });
});
