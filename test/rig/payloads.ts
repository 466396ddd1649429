import { TEAM_ID } from './fakeSlack.js';
import { nextTriggerId } from './signedClient.js';

let tsCounter = 0;
/** A fresh message ts, unlike any the fake Slack hands out. */
export function newTs(): string {
  tsCounter += 1;
  return `1690000000.${String(tsCounter).padStart(6, '0')}`;
}

/** A person's top-level message in a public channel (events/message.channels.docs.json). */
export function messageEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = newTs();
  return {
    type: 'message',
    channel: 'C0GENERAL',
    user: 'U0ALICE',
    text: 'hello',
    ts,
    event_ts: ts,
    channel_type: 'channel',
    ...overrides,
  };
}

export function reactionEvent(item: { channel: string; ts: string }, overrides: Record<string, unknown> = {}) {
  return {
    type: 'reaction_added',
    user: 'U0BOB',
    reaction: 'chair',
    item_user: 'U0ALICE',
    item: { type: 'message', channel: item.channel, ts: item.ts },
    event_ts: newTs(),
    ...overrides,
  };
}

/** A message shortcut payload (interactivity/message_action.bolt_python.json). */
export function messageAction(
  message: { ts: string; text: string; user?: string; thread_ts?: string },
  overrides: Record<string, unknown> = {},
) {
  return {
    type: 'message_action',
    token: 'verification_token',
    action_ts: newTs(),
    team: { id: TEAM_ID, domain: 'example' },
    user: { id: 'U0BOB', name: 'bob' },
    channel: { id: 'C0GENERAL', name: 'general' },
    callback_id: 'review_with_empty_chair',
    trigger_id: nextTriggerId(),
    message_ts: message.ts,
    message: { type: 'message', user: 'U0ALICE', ...message },
    response_url: '',
    ...overrides,
  };
}

export interface ProposalValues {
  title?: string | null;
  description?: string | null;
  category?: string | null;
  channel?: string | null;
  decideBy?: string | null;
  revisits?: string | null;
}

/** A view_submission of the "Propose a decision" modal (interactivity/view_submission.bolt_python.json). */
export function proposalSubmission(values: ProposalValues, overrides: Record<string, unknown> = {}) {
  const v = {
    title: 'Close the shop on Sundays',
    description: null,
    category: 'policy',
    channel: 'C0GENERAL',
    decideBy: null,
    revisits: null,
    ...values,
  };
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'example' },
    user: { id: 'U0ALICE', username: 'alice', name: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0FAKE',
    token: 'verification-token',
    trigger_id: nextTriggerId(),
    view: {
      id: 'V0000001',
      team_id: TEAM_ID,
      type: 'modal',
      callback_id: 'propose_decision',
      private_metadata: '',
      state: {
        values: {
          title: { value: { type: 'plain_text_input', value: v.title } },
          description: { value: { type: 'plain_text_input', value: v.description } },
          category: {
            value: {
              type: 'static_select',
              selected_option: v.category
                ? { text: { type: 'plain_text', text: v.category }, value: v.category }
                : null,
            },
          },
          channel: { value: { type: 'conversations_select', selected_conversation: v.channel } },
          decide_by: { value: { type: 'datepicker', selected_date: v.decideBy } },
          revisits: { value: { type: 'number_input', value: v.revisits } },
        },
      },
      hash: '156772938.1827394',
    },
    response_urls: [],
    ...overrides,
  };
}

/** A button click on a message (interactivity/block_actions.message_button.bolt_python.json). */
export function buttonClick(
  action: { action_id: string; value: string },
  where: { channel: string; messageTs: string; user?: string },
) {
  return {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'example' },
    user: { id: where.user ?? 'U0ALICE', username: 'u', name: 'u', team_id: TEAM_ID },
    api_app_id: 'A0FAKE',
    token: 'verification-token',
    container: { type: 'message', message_ts: where.messageTs, channel_id: where.channel, is_ephemeral: false },
    trigger_id: nextTriggerId(),
    channel: { id: where.channel, name: 'general' },
    message: { type: 'message', ts: where.messageTs, text: 'card', blocks: [] },
    response_url: '',
    actions: [
      {
        type: 'button',
        block_id: 'decision_actions',
        action_id: action.action_id,
        value: action.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: newTs(),
      },
    ],
    state: { values: {} },
  };
}

/** A button click inside a view, such as the App Home: no channel, so the app must check who may see what. */
export function viewClick(user: string, action: Record<string, unknown>, team = TEAM_ID) {
  return {
    type: 'block_actions',
    team: { id: team },
    user: { id: user },
    trigger_id: nextTriggerId(),
    container: { type: 'view', view_id: 'VHOME' },
    view: { id: 'VHOME', type: 'home' },
    actions: [{ block_id: 'b', action_ts: newTs(), ...action }],
  };
}

/** What a person picked and wrote for each question they answered: [choice, text]. */
export type GivenAnswers = Partial<Record<'q1' | 'q2' | 'q3', [string | null, string | null]>> & { profile?: string };

/** A view_submission of the answer modal for `decisionId`, as Slack sends it (state keyed by block id). */
export function answerSubmission(
  decisionId: number,
  user: string,
  given: GivenAnswers,
  options: { team?: string; metadata?: string } = {},
) {
  const keys = (['q1', 'q2', 'q3'] as const).filter((k) => given[k]);
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const [choice, text] = given[key] ?? [null, null];
    values[`${key}_choice`] = { value: { type: 'radio_buttons', selected_option: choice ? { value: choice } : null } };
    values[`${key}_text`] = { value: { type: 'plain_text_input', value: text } };
  }
  if (given.profile !== undefined)
    values.customer_profile = { value: { type: 'plain_text_input', value: given.profile } };
  const team = options.team ?? TEAM_ID;
  return {
    type: 'view_submission',
    team: { id: team, domain: 'example' },
    user: { id: user, username: user, team_id: team },
    api_app_id: 'A0FAKE',
    trigger_id: nextTriggerId(),
    view: {
      id: 'V0ANSWER',
      type: 'modal',
      callback_id: 'answer_questions',
      private_metadata:
        options.metadata ?? JSON.stringify({ decisionId, questions: keys.map((k) => Number(k.slice(1))) }),
      state: { values },
    },
  };
}

/** What is filled in for one stage of the "Map the customer's path" form. */
export interface StageInput {
  note?: string;
  users?: string[];
  groups?: string;
  channels?: string[];
  reason?: string;
}

/** A view_submission of the "Map the customer's path" form, showing the five default stages (by index). */
export function pathSubmission(
  decisionId: number,
  stages: Record<number, StageInput>,
  options: { goLive?: string; user?: string } = {},
) {
  const names = ['Discover', 'Buy', 'Use', 'Get help', 'Recommend'];
  const values: Record<string, unknown> = {
    touched: { value: { type: 'checkboxes', selected_options: [] } },
    go_live: { value: { type: 'datepicker', selected_date: options.goLive ?? null } },
  };
  names.forEach((_, i) => {
    const s = stages[i] ?? {};
    values[`s${i}_note`] = { value: { type: 'plain_text_input', value: s.note ?? null } };
    values[`s${i}_users`] = { value: { type: 'multi_users_select', selected_users: s.users ?? [] } };
    values[`s${i}_groups`] = { value: { type: 'plain_text_input', value: s.groups ?? null } };
    values[`s${i}_channels`] = {
      value: { type: 'multi_conversations_select', selected_conversations: s.channels ?? [] },
    };
    values[`s${i}_reason`] = { value: { type: 'plain_text_input', value: s.reason ?? null } };
  });
  const user = options.user ?? 'U0ALICE';
  return viewSubmission('map_customer_path', user, JSON.stringify({ decisionId, stages: names }), values);
}

/** What the confirm form holds: a prediction, or the "skip the review" tick. */
export interface GivenPrediction {
  skip?: boolean;
  expected?: string | null;
  confidence?: string | null;
  signal?: string | null;
  afterDays?: string | null;
}

function viewSubmission(callbackId: string, user: string, metadata: string, values: Record<string, unknown>) {
  return {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'example' },
    user: { id: user, username: user, team_id: TEAM_ID },
    api_app_id: 'A0FAKE',
    trigger_id: nextTriggerId(),
    view: { id: 'V0FORM', type: 'modal', callback_id: callbackId, private_metadata: metadata, state: { values } },
  };
}

const radio = (value: string | null | undefined) => ({
  value: { type: 'radio_buttons', selected_option: value ? { value } : null },
});
const typed = (value: string | null | undefined) => ({ value: { type: 'plain_text_input', value: value ?? null } });

/** A view_submission of the confirm form (callback confirm_with_prediction) for `decisionId`. */
export function confirmSubmission(decisionId: number, user: string, given: GivenPrediction, metadata?: string) {
  return viewSubmission('confirm_with_prediction', user, metadata ?? JSON.stringify({ decisionId }), {
    expected_reaction: radio(given.expected),
    confidence: { value: { type: 'number_input', value: given.confidence ?? null } },
    signal: typed(given.signal),
    review_after: radio(given.afterDays === undefined ? '30' : given.afterDays),
    skip_review: {
      value: { type: 'checkboxes', selected_options: given.skip ? [{ value: 'skip' }] : [] },
    },
  });
}

/** A view_submission of the outcome form (callback record_outcome) for `decisionId`. */
export function outcomeSubmission(
  decisionId: number,
  user: string,
  given: { actual?: string | null; evidence?: string | null; decideAgain?: string | null },
  metadata?: string,
) {
  return viewSubmission('record_outcome', user, metadata ?? JSON.stringify({ decisionId }), {
    actual_reaction: radio(given.actual),
    evidence: typed(given.evidence),
    decide_again: radio(given.decideAgain),
  });
}

/** A prediction every field of which is filled in. */
export const A_PREDICTION: GivenPrediction = {
  expected: 'welcome',
  confidence: '80',
  signal: 'fewer complaints about parking',
  afterDays: '30',
};
