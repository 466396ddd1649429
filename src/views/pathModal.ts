import type { types } from '@slack/bolt';
import type { Decision } from '../db/decisionsRepo.js';
import type { TouchpointRow } from '../db/frontLineRepo.js';
import { PATH_LIMITS, type PathStage } from '../decisions/customerPath.js';
import type { PathField, PathProblem } from '../decisions/pathForm.js';
import { truncate } from './text.js';

export const PATH_CALLBACK = 'map_customer_path';
export const PATH_BLOCKS = { touched: 'touched', goLive: 'go_live' } as const;

/** The block id of one stage's field: `s2_users`. */
export const stageBlock = (index: number, field: PathField) => `s${index}_${field}`;

/** The stages the form shows: the workspace's, then any this decision was mapped with that were renamed since. */
export function formStages(stages: readonly PathStage[], mapped: readonly TouchpointRow[]): PathStage[] {
  const known = new Set(stages.map((s) => s.name));
  return [...stages, ...mapped.filter((t) => !known.has(t.stage)).map((t) => ({ name: t.stage, hint: '' }))];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text: truncate(text, 150) });

/**
 * "Map the customer's path": which stages the decision changes, what changes there, and who meets the
 * customer there (people, user groups, channels), or why nobody needs to be told.
 */
export function buildPathModal(input: {
  decision: Decision;
  stages: readonly PathStage[];
  mapped: readonly TouchpointRow[];
  /** Handles of the user groups already named, by id. */
  groupHandles: ReadonlyMap<string, string>;
}): types.ModalView {
  const { decision, stages, mapped } = input;
  const byStage = new Map(mapped.map((t) => [t.stage, t]));
  const option = (s: PathStage) => ({
    text: plain(s.name),
    value: s.name,
    ...(s.hint ? { description: plain(s.hint) } : {}),
  });
  const ticked = stages.filter((s) => byStage.has(s.name));
  const blocks: unknown[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: ':world_map: Tick where the customer will notice this change, say what changes there, and name who meets the customer there; they are briefed when it is confirmed.',
      },
    },
    {
      type: 'input',
      block_id: PATH_BLOCKS.touched,
      optional: true,
      label: plain('Where the customer will notice it'),
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: stages.map(option),
        ...(ticked.length > 0 ? { initial_options: ticked.map(option) } : {}),
      },
    },
    {
      type: 'input',
      block_id: PATH_BLOCKS.goLive,
      optional: true,
      label: plain('From when (go-live date)'),
      element: {
        type: 'datepicker',
        action_id: 'value',
        ...(decision.goLive ? { initial_date: decision.goLive } : {}),
      },
    },
  ];
  stages.forEach((stage, index) => {
    const t = byStage.get(stage.name);
    const groups = (t?.usergroups ?? []).map((id) => `@${input.groupHandles.get(id) ?? id}`).join(' ');
    blocks.push(
      { type: 'header', text: plain(stage.name) },
      {
        type: 'input',
        block_id: stageBlock(index, 'note'),
        optional: true,
        label: plain(`What changes at ${stage.name}`),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: PATH_LIMITS.note,
          ...(t?.note ? { initial_value: t.note } : {}),
        },
      },
      {
        type: 'input',
        block_id: stageBlock(index, 'users'),
        optional: true,
        label: plain('People to brief'),
        element: {
          type: 'multi_users_select',
          action_id: 'value',
          max_selected_items: PATH_LIMITS.audience,
          ...(t && t.users.length > 0 ? { initial_users: t.users } : {}),
        },
      },
      {
        type: 'input',
        block_id: stageBlock(index, 'groups'),
        optional: true,
        label: plain('User groups to brief'),
        hint: plain('Their handles, e.g. @frontdesk @support'),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: 500,
          ...(groups ? { initial_value: groups } : {}),
        },
      },
      {
        type: 'input',
        block_id: stageBlock(index, 'channels'),
        optional: true,
        label: plain('Channels whose members to brief'),
        element: {
          type: 'multi_conversations_select',
          action_id: 'value',
          max_selected_items: PATH_LIMITS.audience,
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(t && t.channels.length > 0 ? { initial_conversations: t.channels } : {}),
        },
      },
      {
        type: 'input',
        block_id: stageBlock(index, 'reason'),
        optional: true,
        label: plain('Or: nobody needs to be told, because'),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: PATH_LIMITS.reason,
          ...(t?.nobodyReason ? { initial_value: t.nobodyReason } : {}),
        },
      },
    );
  });
  return {
    type: 'modal',
    callback_id: PATH_CALLBACK,
    private_metadata: JSON.stringify({ decisionId: decision.id, stages: stages.map((s) => s.name) }),
    title: plain("Customer's path"),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: blocks as types.KnownBlock[],
  };
}

/** The form's problems on the blocks they belong to, as `response_action: "errors"` wants them. */
export function pathErrors(problems: readonly PathProblem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    if (p.field === 'goLive') {
      errors[PATH_BLOCKS.goLive] =
        p.problem === 'past' ? 'Pick today or a later date.' : 'Pick a date from the calendar.';
      continue;
    }
    const block = stageBlock(p.index, p.field);
    if (p.problem === 'too-long')
      errors[block] = `Keep this to ${p.field === 'note' ? PATH_LIMITS.note : PATH_LIMITS.reason} characters or fewer.`;
    if (p.problem === 'too-many') errors[block] = `Name ${PATH_LIMITS.audience} or fewer here.`;
    if (p.problem === 'unknown-group')
      errors[block] = truncate(`No user group has the handle ${p.detail ?? ''}; check the spelling.`, 150);
  }
  return errors;
}

export const PATH_FORM_UNREADABLE = 'This form could not be read; close it and click Map the customer’s path again.';
export const GROUPS_NOT_READ = 'Slack did not list the user groups just now; please save again in a minute.';

/** The modal a briefed person writes their question in. */
export const BRIEFING_QUESTION_CALLBACK = 'briefing_question';
export const QUESTION_BLOCK = 'question';
export const QUESTION_MAX = 1000;

export function buildQuestionModal(decisionId: number, round: number, title: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: BRIEFING_QUESTION_CALLBACK,
    private_metadata: JSON.stringify({ decisionId, round }),
    title: plain('Ask about the change'),
    submit: plain('Ask in the thread'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'plain_text',
          text: truncate(`Your question about “${title}” is posted in the decision's thread, with your name.`, 2000),
        },
      },
      {
        type: 'input',
        block_id: QUESTION_BLOCK,
        label: plain('Your question'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: QUESTION_MAX },
      },
    ] as types.KnownBlock[],
  };
}
