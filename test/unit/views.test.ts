import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/db/answersRepo.js';
import type { Decision } from '../../src/db/decisionsRepo.js';
import type { DiscussionEntry } from '../../src/db/discussionRepo.js';
import { buildAnswerModal } from '../../src/views/answerModal.js';
import { buildCustomerProfileModal } from '../../src/views/customerProfileModal.js';
import { buildDecisionCard, decisionCardText } from '../../src/views/decisionCard.js';
import type { HomeData, StatusChange } from '../../src/decisions/reviewService.js';
import { buildDecisionDetail } from '../../src/views/decisionDetail.js';
import { buildHome } from '../../src/views/home.js';
import { buildProposeModal } from '../../src/views/proposeModal.js';
import { buildQuestionPrompt, questionPromptText } from '../../src/views/questionPrompt.js';
import { sourceDeletedText, sourceEditedText } from '../../src/views/threadLines.js';

/** Fixed instants, years from any day the suite runs on. */
const CREATED = new Date('2030-01-02T03:04:05.000Z');
const LATER = new Date('2030-01-03T10:00:00.000Z');
/** How Slack is told to show an instant in each reader's own zone (`<!date^…>`), as its docs give the format. */
const slackDate = (at: Date, seconds: number) => `<!date^${seconds}^{date_short} {time}|${at.toISOString()}>`;
const CREATED_SECONDS = 1893553445;

const Q1 = 'Does this align with the values of our customer?';
const Q2 = 'What would our typical customer say about this decision?';
const Q3 = 'What is our motivation for making this change? (customer satisfaction or profit?)';

function decision(over: Partial<Decision> = {}): Decision {
  return {
    id: 12,
    teamId: 'T0001',
    enterpriseId: null,
    channelId: 'C0GENERAL',
    channelIsPrivate: false,
    messageTs: '1893553445.000100',
    threadTs: '1893553445.000100',
    cardTs: '1893553445.000200',
    source: 'command',
    title: 'Close on Sundays',
    description: null,
    category: 'pricing',
    decideBy: null,
    proposerId: 'UPROPOSER',
    status: 'open',
    postAttemptedAt: null,
    postClaimedUntil: null,
    goLive: null,
    confirmations: 0,
    briefedRound: 0,
    briefingApprovedRound: 0,
    postedAt: null,
    postError: null,
    nudgedAt: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: CREATED,
    ...over,
  };
}

let answerId = 0;
function answer(question: number, userId: string, choice: string | null, text: string | null = null): Answer {
  answerId += 1;
  return {
    id: answerId,
    teamId: 'T0001',
    decisionId: 12,
    question,
    userId,
    choice,
    text,
    supersededAt: null,
    createdAt: CREATED,
  };
}

const button = (action_id: string, text: string, style?: string) => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text },
  value: '12',
  ...(style ? { style } : {}),
});
const mrkdwnSection = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const mrkdwnContext = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const divider = { type: 'divider' };

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { text?: string | { text: string }; action_id?: string; style?: string }[];
};
const actionIds = (blocks: unknown[]) =>
  (blocks as Block[]).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).map((e) => e.action_id) : []));

describe('decision card', () => {
  it('shows an open proposal from /decision in full: header, details, description, progress, summaries, buttons', () => {
    const card = buildDecisionCard(
      decision({ description: 'Staff asked for <a day> off & more', decideBy: '2030-01-31' }),
      [
        { question: 1, answers: 2, summary: 'Values: 2 yes' },
        { question: 2, answers: 0 },
        { question: 3, answers: 1, summary: 'Motive: 1 profit' },
      ],
    );
    expect(card).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Close on Sundays', emoji: true } },
      mrkdwnContext('Proposed by <@UPROPOSER>  ·  Pricing  ·  Decide by 2030-01-31'),
      mrkdwnSection('Staff asked for &lt;a day&gt; off &amp; more'),
      mrkdwnSection(
        '*Status:* :hourglass_flowing_sand: Open: waiting for the three questions\n' +
          '*Answered:* :white_check_mark: Values (2)   :white_square: Customer view   :white_check_mark: Motive (1)',
      ),
      mrkdwnContext('Values: 2 yes\nMotive: 1 profit'),
      {
        type: 'actions',
        block_id: 'decision_actions',
        elements: [
          button('answer_all', 'Answer the three questions', 'primary'),
          button('confirm_decision', 'Confirm'),
          button('reject_decision', 'Reject', 'danger'),
          button('withdraw_decision', 'Withdraw'),
          button('decision_details', 'Details'),
        ],
      },
    ]);
  });

  it('offers "Not a decision" on a captured message, whose text is in the thread already, so no description', () => {
    const card = buildDecisionCard(decision({ source: 'message', description: 'Already in the message' }), []);
    expect(JSON.stringify(card)).not.toContain('Already in the message');
    expect(card[1]).toEqual(mrkdwnContext('Proposed by <@UPROPOSER>  ·  Pricing'));
    expect(card[2]).toEqual(
      mrkdwnSection(
        '*Status:* :hourglass_flowing_sand: Open: waiting for the three questions\n' +
          '*Answered:* :white_square: Values   :white_square: Customer view   :white_square: Motive',
      ),
    );
    expect(card).toHaveLength(4);
    expect(actionIds(card)).toEqual([
      'answer_all',
      'confirm_decision',
      'reject_decision',
      'withdraw_decision',
      'dismiss_decision',
      'decision_details',
    ]);
    expect((card[3] as Block).elements?.[4]).toEqual(button('dismiss_decision', 'Not a decision'));
  });

  const reopen = button('reopen_decision', 'Reopen');
  const details = button('decision_details', 'Details');
  it.each([
    ['confirmed', ':white_check_mark: Confirmed by <@UAPPROVER>', [reopen, details]],
    ['rejected', ':x: Rejected by <@UAPPROVER>', [reopen, details]],
    ['withdrawn', ':leftwards_arrow_with_hook: Withdrawn by <@UAPPROVER>', [details]],
    ['dismissed', ':no_entry_sign: Not a decision by <@UAPPROVER>', [details]],
  ] as const)('says who left it %s and offers only what can follow', (status, line, buttons) => {
    const card = buildDecisionCard(decision({ status, decidedBy: 'UAPPROVER' }), []);
    expect((card[2] as Block).text?.text.split('\n')[0]).toBe(`*Status:* ${line}`);
    expect(card.at(-1)).toEqual({ type: 'actions', block_id: 'decision_actions', elements: buttons });
  });

  it('names nobody on a reopened decision, nor on a decided one whose decider is unknown', () => {
    const reopened = buildDecisionCard(decision({ status: 'open', decidedBy: 'UAPPROVER' }), []);
    expect((reopened[2] as Block).text?.text).toMatch(/^\*Status:\* :hourglass_flowing_sand: Open: waiting for the/);
    expect(JSON.stringify(reopened)).not.toContain('UAPPROVER');
    const unknown = buildDecisionCard(decision({ status: 'confirmed' }), []);
    expect((unknown[2] as Block).text?.text.split('\n')[0]).toBe('*Status:* :white_check_mark: Confirmed');
  });

  it('cuts a long title to the header’s 150 characters, and falls back to "Other" for an unknown category', () => {
    const card = buildDecisionCard(decision({ title: 'x'.repeat(200), category: null }), []);
    expect(card[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `${'x'.repeat(149)}…`, emoji: true } });
    expect(card[1]).toEqual(mrkdwnContext('Proposed by <@UPROPOSER>  ·  Other'));
  });

  it('has an escaped, shortened plain-text fallback', () => {
    expect(decisionCardText(decision({ title: 'R&D <team>' }))).toBe('Decision: R&amp;D &lt;team&gt;');
    expect(decisionCardText(decision({ title: 'y'.repeat(400) }))).toBe(`Decision: ${'y'.repeat(299)}…`);
  });
});

describe('thread lines', () => {
  it('says the source was edited, with the new title escaped, or deleted', () => {
    expect(sourceEditedText('Open <!here> & late')).toBe(
      ':pencil2: The proposal was edited; its title is now *Open &lt;!here&gt; &amp; late*.',
    );
    expect(sourceDeletedText()).toBe(
      ':wastebasket: The message this decision came from was deleted, so the decision is withdrawn.',
    );
  });
});

describe('customer profile modal', () => {
  it('asks who the typical customer is, filled in with the current description when there is one', () => {
    const input = (current: string | null) => buildCustomerProfileModal(current).blocks[1];
    expect(buildCustomerProfileModal(null)).toEqual({
      type: 'modal',
      callback_id: 'customer_profile',
      title: { type: 'plain_text', text: 'Our typical customer' },
      submit: { type: 'plain_text', text: 'Save' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        mrkdwnSection(
          ':chair: Everyone answering the three questions sees this beside questions 1 and 2, so they answer for a real customer.',
        ),
        {
          type: 'input',
          block_id: 'customer_profile',
          label: { type: 'plain_text', text: 'Who is our typical customer, and what do they value?' },
          element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
        },
      ],
    });
    expect(input('Families nearby')?.element).toEqual({
      type: 'plain_text_input',
      action_id: 'value',
      multiline: true,
      max_length: 2000,
      initial_value: 'Families nearby',
    });
    expect(input('')?.element).not.toHaveProperty('initial_value');
  });
});

describe('propose modal', () => {
  const element = (modal: ReturnType<typeof buildProposeModal>, blockId: string) =>
    (modal.blocks.find((b) => (b as { block_id?: string }).block_id === blockId) as { element: object }).element;

  it('asks for title, description, category, channel and date, within the stored limits', () => {
    const modal = buildProposeModal({});
    expect(modal).toMatchObject({
      type: 'modal',
      callback_id: 'propose_decision',
      title: { type: 'plain_text', text: 'Propose a decision' },
      submit: { type: 'plain_text', text: 'Propose' },
      close: { type: 'plain_text', text: 'Cancel' },
    });
    expect(modal.blocks[0]).toEqual(
      mrkdwnSection(
        ':chair: Before this is confirmed, the team answers three questions for the customer who is not in the room.',
      ),
    );
    const inputs = modal.blocks.slice(1) as { type: string; block_id: string; optional?: boolean; label: object }[];
    expect(inputs.map((b) => [b.type, b.block_id, b.label, b.optional])).toEqual([
      ['input', 'title', { type: 'plain_text', text: 'Title' }, undefined],
      ['input', 'description', { type: 'plain_text', text: 'What changes and why' }, true],
      ['input', 'category', { type: 'plain_text', text: 'Category' }, undefined],
      ['input', 'channel', { type: 'plain_text', text: 'Discuss it in' }, undefined],
      ['input', 'decide_by', { type: 'plain_text', text: 'Decide by' }, true],
      ['input', 'revisits', { type: 'plain_text', text: 'Revisits decision #' }, true],
    ]);
    expect(element(modal, 'title')).toEqual({
      type: 'plain_text_input',
      action_id: 'value',
      max_length: 150,
      placeholder: { type: 'plain_text', text: 'e.g. Close the shop on Sundays' },
    });
    expect(element(modal, 'description')).toEqual({
      type: 'plain_text_input',
      action_id: 'value',
      multiline: true,
      max_length: 3000,
    });
    expect(element(modal, 'category')).toEqual({
      type: 'static_select',
      action_id: 'value',
      placeholder: { type: 'plain_text', text: 'Choose a category' },
      options: [
        ['Physical space', 'physical_space'],
        ['Product line', 'product_line'],
        ['Management & staff', 'management_staff'],
        ['Pricing', 'pricing'],
        ['Policy', 'policy'],
        ['Other', 'other'],
      ].map(([text, value]) => ({ text: { type: 'plain_text', text }, value })),
    });
    expect(element(modal, 'channel')).toEqual({
      type: 'conversations_select',
      action_id: 'value',
      filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: false },
      default_to_current_conversation: true,
    });
    expect(element(modal, 'decide_by')).toEqual({ type: 'datepicker', action_id: 'value' });
    expect(element(modal, 'revisits')).toEqual({
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: false,
      min_value: '1',
    });
    expect(element(buildProposeModal({ revisits: 12 }), 'revisits')).toMatchObject({ initial_value: '12' });
  });

  it('fills in what is known: the title, the description, the channel', () => {
    const modal = buildProposeModal({ title: 'Close on Sundays', description: 'Why', channelId: 'C0SHOP' });
    expect(element(modal, 'title')).toMatchObject({ initial_value: 'Close on Sundays' });
    expect(element(modal, 'description')).toMatchObject({ initial_value: 'Why' });
    expect(element(modal, 'channel')).toMatchObject({ initial_conversation: 'C0SHOP' });
    expect(element(modal, 'channel')).not.toHaveProperty('default_to_current_conversation');
  });
});

describe('answer modal', () => {
  const intro = (modal: ReturnType<typeof buildAnswerModal>) => (modal.blocks[0] as unknown as Block).text?.text;

  it('asks one question with its choices and words, and invites the first answer to describe the customer', () => {
    const modal = buildAnswerModal({ decision: decision(), questions: [2], previous: [], customerProfile: null });
    expect(modal).toEqual({
      type: 'modal',
      callback_id: 'answer_questions',
      private_metadata: JSON.stringify({ decisionId: 12, questions: [2] }),
      title: { type: 'plain_text', text: 'Answer for the customer' },
      submit: { type: 'plain_text', text: 'Save answer' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        mrkdwnSection('*Close on Sundays*\nAnswer for the customer who is not in the room.'),
        divider,
        mrkdwnSection(`*2. ${Q2}*`),
        {
          type: 'input',
          block_id: 'q2_choice',
          label: { type: 'plain_text', text: 'How would they react?' },
          element: {
            type: 'radio_buttons',
            action_id: 'value',
            options: [
              ['Positive', 'positive'],
              ['Mixed', 'mixed'],
              ['Negative', 'negative'],
            ].map(([text, value]) => ({ text: { type: 'plain_text', text }, value })),
          },
        },
        {
          type: 'input',
          block_id: 'q2_text',
          optional: false,
          label: { type: 'plain_text', text: 'What would our typical customer say?' },
          element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
        },
        divider,
        {
          type: 'input',
          block_id: 'customer_profile',
          optional: true,
          label: { type: 'plain_text', text: 'Describe our typical customer' },
          hint: {
            type: 'plain_text',
            text: 'Who they are and what they value. Saved for the whole workspace and shown beside questions 1 and 2.',
          },
          element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
        },
      ],
    });
  });

  it('asks all three with the person’s previous answers filled in, beside the customer description', () => {
    const modal = buildAnswerModal({
      decision: decision({ title: 'R&D <lab>' }),
      questions: [1, 2, 3],
      previous: [answer(1, 'U1', 'partly', 'Some of them'), answer(3, 'U1', 'both')],
      customerProfile: 'Families <nearby>',
    });
    expect(intro(modal)).toBe(
      '*R&amp;D &lt;lab&gt;*\nAnswer for the customer who is not in the room. *Our typical customer:* Families &lt;nearby&gt;',
    );
    const inputs = modal.blocks.filter((b) => (b as { type: string }).type === 'input') as unknown as {
      block_id: string;
      optional?: boolean;
      label: { text: string };
      element: { initial_option?: unknown; initial_value?: string; options?: { value: string }[] };
    }[];
    expect(inputs.map((b) => [b.block_id, b.optional ?? null, b.label.text])).toEqual([
      ['q1_choice', null, 'Does it fit what our customer values?'],
      ['q1_text', true, 'Why?'],
      ['q2_choice', null, 'How would they react?'],
      ['q2_text', false, 'What would our typical customer say?'],
      ['q3_choice', null, 'What drives this change?'],
      ['q3_text', true, 'Explain'],
    ]);
    expect(inputs[0]?.element.initial_option).toEqual({
      text: { type: 'plain_text', text: 'Partly' },
      value: 'partly',
    });
    expect(inputs[1]?.element.initial_value).toBe('Some of them');
    expect(inputs[2]?.element).not.toHaveProperty('initial_option');
    expect(inputs[3]?.element).not.toHaveProperty('initial_value');
    expect(inputs[4]?.element.initial_option).toEqual({ text: { type: 'plain_text', text: 'Both' }, value: 'both' });
    expect(inputs[4]?.element.options?.map((o) => o.value)).toEqual([
      'customer_satisfaction',
      'profit',
      'both',
      'other',
    ]);
    expect(inputs[5]?.element).not.toHaveProperty('initial_value');
    expect(modal.blocks.filter((b) => (b as { type: string }).type === 'section').slice(1)).toEqual([
      mrkdwnSection(`*1. ${Q1}*`),
      mrkdwnSection(`*2. ${Q2}*`),
      mrkdwnSection(`*3. ${Q3}*`),
    ]);
    expect(JSON.stringify(modal.blocks)).not.toContain('customer_profile');
  });

  it('keeps the introduction within a section: title and description cut, the whole under 3000', () => {
    const modal = buildAnswerModal({
      decision: decision({ title: 't'.repeat(500) }),
      questions: [1],
      previous: [],
      customerProfile: 'p'.repeat(5000),
    });
    expect(intro(modal)).toBe(
      `*${'t'.repeat(199)}…*\nAnswer for the customer who is not in the room. *Our typical customer:* ${'p'.repeat(1999)}…`,
    );
  });
});

describe('question prompt', () => {
  const q = (n: 1 | 2 | 3) =>
    (
      [
        { number: 1, text: Q1, short: 'Values' },
        { number: 2, text: Q2, short: 'Customer view' },
        { number: 3, text: Q3, short: 'Motive' },
      ] as const
    )[n - 1]!;
  const answerButton = (text: string, value: string) => ({
    type: 'actions',
    block_id: value.endsWith(':1') ? 'answer_1' : value.endsWith(':2') ? 'answer_2' : 'answer_3',
    elements: [{ type: 'button', action_id: 'answer_question', text: { type: 'plain_text', text }, value }],
  });

  it('numbers the question among the three', () => {
    expect(questionPromptText(q(3))).toBe(`Question 3 of 3: ${Q3}`);
  });

  it('asks an unanswered question beside the customer description, with an Answer button', () => {
    expect(buildQuestionPrompt(decision(), q(1), [], 'Families <nearby>')).toEqual([
      mrkdwnSection(`*Question 1 of 3*\n:chair: ${Q1}`),
      mrkdwnContext('*Our typical customer:* Families &lt;nearby&gt;'),
      answerButton('Answer', '12:1'),
    ]);
  });

  it('invites a description of the customer while there is none, but not beside question 3', () => {
    expect(buildQuestionPrompt(decision(), q(2), [], null)[1]).toEqual(
      mrkdwnContext(
        'No customer profile yet: whoever answers first can describe our typical customer (or run `/decision customer`).',
      ),
    );
    expect(buildQuestionPrompt(decision(), q(3), [], 'Families')).toEqual([
      mrkdwnSection(`*Question 3 of 3*\n:chair: ${Q3}`),
      answerButton('Answer', '12:3'),
    ]);
  });

  it('lists who answered this question, with the summary, and offers to change an answer', () => {
    const answers = [
      answer(3, 'UANNA', 'profit', 'Margins <are> thin & falling'),
      answer(1, 'UBEN', 'yes'),
      answer(3, 'UBEN', 'customer_satisfaction'),
      answer(3, 'UCAT', 'profit', null),
    ];
    expect(buildQuestionPrompt(decision(), q(3), answers, 'Families')).toEqual([
      mrkdwnSection(`*Question 3 of 3*\n:chair: ${Q3}`),
      mrkdwnSection(
        'Motive: 2 profit · 1 customer satisfaction\n' +
          '• <@UANNA> *Profit*: Margins &lt;are&gt; thin &amp; falling\n' +
          '• <@UBEN> *Customer satisfaction*\n' +
          '• <@UCAT> *Profit*',
      ),
      answerButton('Add or change your answer', '12:3'),
    ]);
  });

  it('lists the last ten answers and counts the earlier ones, each answer cut to 200 characters', () => {
    const answers = Array.from({ length: 13 }, (_, i) => answer(2, `U${i}`, 'mixed', `${i} ${'w'.repeat(300)}`));
    const list = (buildQuestionPrompt(decision(), q(2), answers, 'Families')[2] as Block).text?.text.split('\n');
    expect(list?.[0]).toBe('Customer reaction: 13 mixed');
    expect(list?.[1]).toBe('…and 3 earlier answers');
    expect(list?.slice(2).map((l) => l.slice(0, l.indexOf(' w')))).toEqual(
      Array.from({ length: 10 }, (_, i) => `• <@U${i + 3}> *Mixed*: ${i + 3}`),
    );
    expect(list?.[2]).toBe(`• <@U3> *Mixed*: 3 ${'w'.repeat(197)}…`);
  });

  it('lists exactly ten answers without a count of earlier ones, and an answer without a known choice by its words', () => {
    const answers = Array.from({ length: 10 }, (_, i) => answer(1, `U${i}`, i === 0 ? null : 'no', 'why'));
    const list = (buildQuestionPrompt(decision(), q(1), answers, 'Families')[2] as Block).text?.text.split('\n');
    expect(list).toHaveLength(11);
    expect(list?.[0]).toBe('Values: 9 no');
    expect(list?.[1]).toBe('• <@U0>: why');
  });

  it('lists answers given without a choice with no summary above them', () => {
    const answers = [answer(2, 'UANNA', null, 'They would shrug'), answer(2, 'UBEN', 'unknown', 'Fine')];
    expect(buildQuestionPrompt(decision(), q(2), answers, 'Families')[2]).toEqual(
      mrkdwnSection('• <@UANNA>: They would shrug\n• <@UBEN>: Fine'),
    );
  });

  it('shows a decided question without a button, and a dismissed one struck through', () => {
    const confirmed = buildQuestionPrompt(decision({ status: 'confirmed' }), q(1), [answer(1, 'U1', 'yes')], 'F');
    expect(confirmed.map((b) => (b as Block).type)).toEqual(['section', 'context', 'section']);
    expect(buildQuestionPrompt(decision({ status: 'dismissed' }), q(2), [answer(2, 'U1', 'mixed', 'x')], 'F')).toEqual([
      mrkdwnSection(`*Question 2 of 3*\n~${Q2}~`),
      mrkdwnContext('Marked as not a decision: no answer needed.'),
    ]);
  });
});

describe('decision details', () => {
  const LINK = 'https://example.slack.com/archives/C0GENERAL/p1893553445000200';
  const created = slackDate(CREATED, CREATED_SECONDS);
  const later = slackDate(LATER, Math.floor(LATER.getTime() / 1000));
  const entry = (text: string, userId = 'UDAN'): DiscussionEntry => ({
    id: 1,
    teamId: 'T0001',
    decisionId: 12,
    channelId: 'C0GENERAL',
    ts: '1893553446.000100',
    userId,
    text,
    createdAt: LATER,
  });
  const change = (over: Partial<StatusChange> = {}): StatusChange => ({
    fromStatus: null,
    toStatus: 'open',
    userId: 'UPROPOSER',
    note: null,
    createdAt: CREATED,
    ...over,
  });

  it('shows the decision, every answer with its history, the discussion and the status trail', () => {
    const replaced = { ...answer(1, 'UANNA', 'no', 'At first'), supersededAt: LATER };
    const view = buildDecisionDetail({
      decision: decision({ description: 'Staff <asked>', status: 'confirmed' }),
      answers: [replaced, answer(1, 'UANNA', 'yes', 'On reflection'), answer(3, 'UBEN', 'profit')],
      discussion: [entry('Sounds good & fair')],
      statusChanges: [change(), change({ fromStatus: 'open', toStatus: 'confirmed', note: 'Agreed <today>' })],
      link: LINK,
    });
    expect(view).toEqual({
      type: 'modal',
      title: { type: 'plain_text', text: 'Decision details' },
      close: { type: 'plain_text', text: 'Close' },
      blocks: [
        mrkdwnSection(
          `*<${LINK}|Close on Sundays>*\n` +
            `Pricing · confirmed · <#C0GENERAL> · proposed by <@UPROPOSER> ${created}\n` +
            'Staff &lt;asked&gt;',
        ),
        divider,
        mrkdwnSection(`*1. ${Q1}*`),
        mrkdwnSection(
          `• <@UANNA> ${created}: *No* At first _(replaced later)_\n• <@UANNA> ${created}: *Yes* On reflection`,
        ),
        divider,
        mrkdwnSection(`*2. ${Q2}*`),
        mrkdwnSection('_No answers yet._'),
        divider,
        mrkdwnSection(`*3. ${Q3}*`),
        mrkdwnSection(`• <@UBEN> ${created}: *Profit*`),
        divider,
        mrkdwnSection('*Discussion*'),
        mrkdwnSection(`• <@UDAN> ${later}: Sounds good &amp; fair`),
        divider,
        mrkdwnSection('*Status history*'),
        mrkdwnSection(
          `• ${created} <@UPROPOSER>: proposed → open\n• ${created} <@UPROPOSER>: open → confirmed (Agreed &lt;today&gt;)`,
        ),
      ],
    });
  });

  it('says so when nobody replied, and shows a title without a link before the card is posted', () => {
    const view = buildDecisionDetail({
      decision: decision({ category: 'nonsense' }),
      answers: [answer(2, 'U1', null, 'Just words')],
      discussion: [],
      statusChanges: [],
      link: undefined,
    });
    const texts = view.blocks.map((b) => (b as unknown as Block).text?.text);
    expect(texts[0]).toBe(`*Close on Sundays*\nOther · open · <#C0GENERAL> · proposed by <@UPROPOSER> ${created}`);
    expect(texts).toContain(`• <@U1> ${created}:  Just words`);
    expect(texts).toContain('_Nobody has replied in the thread yet._');
    expect(texts.at(-1)).toBe('*Status history*');
  });

  it('packs long lines into as few sections as fit in 3000 characters', () => {
    // Each reply is cut to 1000 characters, so two lines fit in a section and a third does not.
    const discussion = Array.from({ length: 5 }, (_, i) => entry(`${i}${'r'.repeat(2000)}`));
    const view = buildDecisionDetail({
      decision: decision(),
      answers: [],
      discussion,
      statusChanges: [],
      link: undefined,
    });
    const texts = view.blocks.map((b) => (b as unknown as Block).text?.text ?? '');
    const replies = texts.slice(texts.indexOf('*Discussion*') + 1, texts.indexOf('*Status history*') - 1);
    expect(replies.map((t) => t.split('\n').length)).toEqual([2, 2, 1]);
    for (const text of replies) expect(text.length).toBeLessThanOrEqual(3000);
    expect(replies[0]).toBe([0, 1].map((i) => `• <@UDAN> ${later}: ${i}${'r'.repeat(998)}…`).join('\n'));
  });

  it('puts lines in one section up to exactly 3000 characters, and not one more', () => {
    const line = (text: string) => `• <@UDAN> ${later}: ${text}`;
    const lengths = new Set<number>();
    // Two replies of 1000 characters and a third growing past the point where the three make 3000.
    for (let last = 700; last <= 900; last++) {
      const texts = ['a'.repeat(1000), 'b'.repeat(1000), 'c'.repeat(last)];
      const view = buildDecisionDetail({
        decision: decision(),
        answers: [],
        discussion: texts.map((t) => entry(t)),
        statusChanges: [],
        link: undefined,
      });
      const all = texts.map(line);
      const together = all.join('\n');
      lengths.add(together.length);
      const shown = view.blocks.map((b) => (b as unknown as Block).text?.text);
      const replies = shown.slice(shown.indexOf('*Discussion*') + 1, shown.indexOf('*Status history*') - 1);
      expect(replies, `a last reply of ${last}`).toEqual(
        together.length <= 3000 ? [together] : [`${all[0]}\n${all[1]}`, all[2]],
      );
    }
    expect(lengths).toContain(3000);
    expect(lengths).toContain(3001);
  });

  it('cuts a single line longer than a section', () => {
    const view = buildDecisionDetail({
      decision: decision({ title: 'T'.repeat(300), description: 'd'.repeat(5000) }),
      answers: [],
      discussion: [],
      statusChanges: [],
      link: undefined,
    });
    const heading = (view.blocks[0] as unknown as Block).text?.text.split('\n');
    expect(heading?.[0]).toBe(`*${'T'.repeat(199)}…*`);
    expect(heading?.[2]).toBe(`${'d'.repeat(1999)}…`);
  });

  it('fits Slack’s 100 blocks, ending with where to find the rest, and leaves 100 blocks alone', () => {
    // Fixed blocks: the heading, 3 × (divider, question, "no answers"), two dividers and two titles: 14.
    // Each section holds two of these replies, so 172 replies make 86 sections and 100 blocks in all.
    const build = (replies: number) =>
      buildDecisionDetail({
        decision: decision(),
        answers: [],
        discussion: Array.from({ length: replies }, () => entry('r'.repeat(1000))),
        statusChanges: [],
        link: undefined,
      }).blocks;
    const exact = build(172);
    expect(exact).toHaveLength(100);
    expect(exact.at(-1)).toEqual(mrkdwnSection('*Status history*'));
    // Two more replies make one more section: 101 blocks, of which the first 99 stay.
    const over = build(174);
    expect(over).toHaveLength(100);
    expect(over.slice(0, 98)).toEqual(exact.slice(0, 98));
    expect(over[98]).toEqual(exact[97]);
    expect(over.at(-1)).toEqual(mrkdwnContext('More than fits here: `npm run export -- --answers` has everything.'));
  });
});

describe('home', () => {
  const page = (rows: Decision[], total = rows.length) => ({ rows, total });
  const data = (over: Partial<HomeData> = {}): HomeData => ({
    filter: 'all',
    waiting: page([]),
    mine: page([]),
    recent: page([]),
    motives: new Map(),
    link: () => undefined,
    ...over,
  });
  const header = (text: string) => ({ type: 'header', text: { type: 'plain_text', text } });
  const filterOption = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });

  it('greets, offers to propose and to filter, and says when each list is empty', () => {
    expect(buildHome(data())).toEqual({
      type: 'home',
      private_metadata: '{"filter":"all"}',
      blocks: [
        header(':chair: Empty Chair'),
        mrkdwnSection('Every business change gets three questions for the customer who is not in the room.'),
        {
          type: 'actions',
          block_id: 'home_controls',
          elements: [
            {
              type: 'button',
              style: 'primary',
              action_id: 'home_propose',
              text: { type: 'plain_text', text: 'Propose a decision' },
              value: 'propose',
            },
            {
              type: 'static_select',
              action_id: 'home_filter',
              placeholder: { type: 'plain_text', text: 'Filter by status' },
              options: [
                filterOption('All decisions', 'all'),
                filterOption('Open', 'open'),
                filterOption('Confirmed', 'confirmed'),
                filterOption('Rejected', 'rejected'),
                filterOption('Withdrawn', 'withdrawn'),
                filterOption('Not decisions', 'dismissed'),
              ],
              initial_option: filterOption('All decisions', 'all'),
            },
          ],
        },
        divider,
        header('Waiting for your answer'),
        mrkdwnContext('Nothing is waiting for you. :tada:'),
        divider,
        header('Your open proposals'),
        mrkdwnContext('You have no open proposals. Propose one with the button above or `/decision`.'),
        divider,
        header('Recent decisions'),
        mrkdwnContext('No decisions here yet.'),
      ],
    });
  });

  it('lists decisions with links, details, motive and the right button, and counts what it left out', () => {
    const waiting = decision({ id: 1, title: 'Open <late>' });
    const mine = decision({ id: 2, title: 'Mine', channelId: 'C0SHOP', category: 'policy' });
    const recent = decision({ id: 3, title: 'Done', status: 'confirmed', proposerId: 'UOTHER', category: null });
    const home = buildHome(
      data({
        filter: 'confirmed',
        waiting: page([waiting]),
        mine: page([mine], 14),
        recent: page([recent], 21),
        motives: new Map([[3, 'Profit']]),
        link: (d) => (d.id === 1 ? undefined : `https://example.slack.com/archives/${d.channelId}/p${d.id}`),
      }),
    );
    expect(home.private_metadata).toBe('{"filter":"confirmed"}');
    const blocks = home.blocks as unknown[];
    const select = (blocks[2] as { elements: { initial_option?: unknown }[] }).elements[1];
    expect(select?.initial_option).toEqual(filterOption('Confirmed', 'confirmed'));
    const accessory = (action_id: string, text: string, value: string) => ({
      type: 'button',
      action_id,
      text: { type: 'plain_text', text },
      value,
    });
    expect(blocks.slice(4)).toEqual([
      header('Waiting for your answer'),
      {
        ...mrkdwnSection('*Open &lt;late&gt;*\nPricing · open · <#C0GENERAL> · by <@UPROPOSER>'),
        accessory: accessory('answer_all', 'Answer', '1'),
      },
      divider,
      header('Your open proposals'),
      {
        ...mrkdwnSection(
          '*<https://example.slack.com/archives/C0SHOP/p2|Mine>*\nPolicy · open · <#C0SHOP> · by <@UPROPOSER>',
        ),
        accessory: accessory('decision_details', 'Details', '2'),
      },
      mrkdwnContext('…and 13 more. Use `npm run export` or `/decision export` for the full list.'),
      divider,
      header('Recent decisions: Confirmed'),
      {
        ...mrkdwnSection(
          '*<https://example.slack.com/archives/C0GENERAL/p3|Done>*\nOther · confirmed · <#C0GENERAL> · by <@UOTHER>\nMotive: Profit',
        ),
        accessory: accessory('decision_details', 'Details', '3'),
      },
      mrkdwnContext('…and 20 more. Use `npm run export` or `/decision export` for the full list.'),
    ]);
  });

  it('cuts a long title to 150 characters', () => {
    const home = buildHome(data({ recent: page([decision({ title: 'L'.repeat(300) })]) }));
    const line = ((home.blocks as unknown[]).at(-1) as Block).text?.text;
    expect(line?.split('\n')[0]).toBe(`*${'L'.repeat(149)}…*`);
  });
});
