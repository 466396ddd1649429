import { type ProposalProblems, type RawProposal, validateProposal } from '../decisions/proposalForm.js';
import type { PathStage } from '../decisions/customerPath.js';
import { CATEGORIES, DESCRIPTION_MAX, TITLE_MAX } from '../decisions/questions.js';

/** Block ids of the form's inputs, which Slack keys its values and our errors by. */
export const PROPOSAL_BLOCKS = {
  title: 'title',
  description: 'description',
  category: 'category',
  channel: 'channel',
  decideBy: 'decide_by',
  touched: 'touchpoints',
  goLive: 'go_live',
  revisits: 'revisits',
} as const;

/** Checks the submitted form: the proposal, or the errors to show on its fields. */
export function checkProposalForm(raw: RawProposal, now: Date, stageNames: readonly string[] = []) {
  const checked = validateProposal(raw, now, stageNames);
  return checked.ok ? checked : { ok: false as const, errors: proposalErrors(checked.problems) };
}

/** The proposal form's errors, on the blocks they belong to, as `response_action: "errors"` wants them. */
export function proposalErrors(problems: ProposalProblems): Record<string, string> {
  const errors: Record<string, string> = {};
  if (problems.title === 'missing') errors[PROPOSAL_BLOCKS.title] = 'Give the decision a title.';
  if (problems.title === 'too-long')
    errors[PROPOSAL_BLOCKS.title] = `Keep the title to ${TITLE_MAX} characters or fewer.`;
  if (problems.description)
    errors[PROPOSAL_BLOCKS.description] = `Keep this to ${DESCRIPTION_MAX} characters or fewer.`;
  if (problems.category) errors[PROPOSAL_BLOCKS.category] = 'Pick one of the listed categories.';
  if (problems.channelId) errors[PROPOSAL_BLOCKS.channel] = 'Pick a channel to discuss the decision in.';
  if (problems.decideBy === 'not-a-date') errors[PROPOSAL_BLOCKS.decideBy] = 'Pick a date from the calendar.';
  if (problems.decideBy === 'past') errors[PROPOSAL_BLOCKS.decideBy] = 'Pick today or a later date.';
  if (problems.goLive === 'not-a-date') errors[PROPOSAL_BLOCKS.goLive] = 'Pick a date from the calendar.';
  if (problems.goLive === 'past') errors[PROPOSAL_BLOCKS.goLive] = 'Pick today or a later date.';
  if (problems.touched) errors[PROPOSAL_BLOCKS.touched] = 'Pick from the listed stages.';
  if (problems.revisits) errors[PROPOSAL_BLOCKS.revisits] = NO_DECISION_TO_REVISIT;
  return errors;
}

export const PROPOSE_CALLBACK = 'propose_decision';

/** Where the customer will notice the change, optional in the proposal form; who to brief is named on the card. */
function pathInputs(stages: readonly PathStage[]) {
  const plain = (text: string) => ({ type: 'plain_text', text: text.slice(0, 75) });
  return [
    {
      type: 'input',
      block_id: PROPOSAL_BLOCKS.touched,
      optional: true,
      label: { type: 'plain_text', text: 'Where the customer will notice it' },
      hint: { type: 'plain_text', text: "Name who to brief there with Map the customer's path on the card." },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: stages.map((s) => ({
          text: plain(s.name),
          value: s.name,
          ...(s.hint ? { description: plain(s.hint) } : {}),
        })),
      },
    },
    {
      type: 'input',
      block_id: PROPOSAL_BLOCKS.goLive,
      optional: true,
      label: { type: 'plain_text', text: 'From when (go-live date)' },
      element: { type: 'datepicker', action_id: 'value' },
    },
  ];
}

/** The number typed under "Revisits decision #" names no decision the person can see. */
export const NO_DECISION_TO_REVISIT =
  "Give the number of a decision you can see (it's in its Details), or leave this empty.";

/**
 * The "Propose a decision" modal, with the title and channel filled in when known; a follow-up of a
 * review names the decision it revisits. The workspace's stages of the customer's path can be ticked.
 */
export function buildProposeModal(
  prefill: { title?: string; description?: string; channelId?: string; revisits?: number },
  stages: readonly PathStage[] = [],
) {
  const revisits = prefill.revisits;
  return {
    type: 'modal' as const,
    callback_id: PROPOSE_CALLBACK,
    title: { type: 'plain_text' as const, text: 'Propose a decision' },
    submit: { type: 'plain_text' as const, text: 'Propose' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:chair: Before this is confirmed, the team answers three questions for the customer who is not in the room.${revisits ? ` This proposal revisits #${revisits}.` : ''}`,
        },
      },
      {
        type: 'input',
        block_id: PROPOSAL_BLOCKS.title,
        label: { type: 'plain_text', text: 'Title' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: TITLE_MAX,
          placeholder: { type: 'plain_text', text: 'e.g. Close the shop on Sundays' },
          ...(prefill.title ? { initial_value: prefill.title } : {}),
        },
      },
      {
        type: 'input',
        block_id: PROPOSAL_BLOCKS.description,
        optional: true,
        label: { type: 'plain_text', text: 'What changes and why' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: DESCRIPTION_MAX,
          ...(prefill.description ? { initial_value: prefill.description } : {}),
        },
      },
      {
        type: 'input',
        block_id: PROPOSAL_BLOCKS.category,
        label: { type: 'plain_text', text: 'Category' },
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'Choose a category' },
          options: CATEGORIES.map((c) => ({ text: { type: 'plain_text', text: c.label }, value: c.value })),
        },
      },
      {
        type: 'input',
        block_id: PROPOSAL_BLOCKS.channel,
        label: { type: 'plain_text', text: 'Discuss it in' },
        element: {
          type: 'conversations_select',
          action_id: 'value',
          filter: { include: ['public', 'private'], exclude_bot_users: true, exclude_external_shared_channels: false },
          ...(prefill.channelId
            ? { initial_conversation: prefill.channelId }
            : { default_to_current_conversation: true }),
        },
      },
      {
        type: 'input',
        block_id: PROPOSAL_BLOCKS.decideBy,
        optional: true,
        label: { type: 'plain_text', text: 'Decide by' },
        element: { type: 'datepicker', action_id: 'value' },
      },
      {
        type: 'input',
        block_id: PROPOSAL_BLOCKS.revisits,
        optional: true,
        label: { type: 'plain_text', text: 'Revisits decision #' },
        hint: { type: 'plain_text', text: 'When this changes or replaces an earlier decision: its number.' },
        element: {
          type: 'number_input',
          action_id: 'value',
          is_decimal_allowed: false,
          min_value: '1',
          ...(revisits ? { initial_value: String(revisits) } : {}),
        },
      },
      ...(stages.length > 0 ? pathInputs(stages) : []),
    ],
  };
}
