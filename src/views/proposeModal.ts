import { PROPOSAL_BLOCKS } from '../decisions/proposalForm.js';
import { CATEGORIES, DESCRIPTION_MAX, TITLE_MAX } from '../decisions/questions.js';

export const PROPOSE_CALLBACK = 'propose_decision';

/** The "Propose a decision" modal, with the title and channel filled in when known. */
export function buildProposeModal(prefill: { title?: string; description?: string; channelId?: string }) {
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
          text: ':chair: Before this is confirmed, the team answers three questions for the customer who is not in the room.',
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
    ],
  };
}
