import type { types } from '@slack/bolt';
import type { Decision } from '../db/decisionsRepo.js';
import type { Page } from '../db/reviewRepo.js';
import { categoryLabel } from '../decisions/questions.js';
import { HOME_FILTERS, type HomeData, type HomeFilter } from '../decisions/reviewService.js';
import { BRIEFING_ACTIONS, briefingValue } from './briefing.js';
import { CARD_ACTIONS } from './decisionCard.js';
import { CUSTOMER_SENSE_TITLE, customerSenseLines, RECORD_OUTCOME_ACTION } from './predictionViews.js';
import { SECTION_MAX, truncate, userText } from './text.js';
import type { Feedback } from '../db/feedbackRepo.js';
import { CATEGORIES } from '../decisions/questions.js';
import { feedbackLine, REMOVE_FEEDBACK_ACTION } from './feedback.js';

export const HOME_ACTIONS = {
  propose: 'home_propose',
  filter: 'home_filter',
  feedbackTopic: 'home_feedback_topic',
} as const;

/** The Home's "Customer voice": the latest feedback the person may see, of one topic or all. */
export interface CustomerVoice {
  /** A decision category, or undefined for every topic. */
  topic: string | undefined;
  items: readonly Feedback[];
  /** Whether the person may delete an item (they saved it, or they are an approver or an admin). */
  mayRemove: (item: Feedback) => boolean;
  teamUrl: string | undefined;
}

/** The topic filter's value for every topic. */
export const ALL_TOPICS = 'all';
const FILTER_LABELS: Record<HomeFilter, string> = {
  all: 'All decisions',
  open: 'Open',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  dismissed: 'Not decisions',
};

function titleLink(decision: Decision, link: HomeData['link']): string {
  const title = userText(decision.title, 150);
  const url = link(decision);
  return url ? `<${url}|${title}>` : title;
}

function decisionLine(decision: Decision, data: HomeData): string {
  const motive = data.motives.get(decision.id);
  const parts = [
    `*${titleLink(decision, data.link)}*`,
    `${categoryLabel(decision.category)} · ${decision.status} · <#${decision.channelId}> · by <@${decision.proposerId}>`,
  ];
  if (motive) parts.push(`Motive: ${motive}`);
  return parts.join('\n');
}

function listSection(
  title: string,
  page: Page<Decision>,
  data: HomeData,
  empty: string,
  withAnswerButton: boolean,
): unknown[] {
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  if (page.rows.length === 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: empty }] });
    return blocks;
  }
  for (const decision of page.rows) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: decisionLine(decision, data) },
      ...(withAnswerButton
        ? {
            accessory: {
              type: 'button',
              action_id: CARD_ACTIONS.answerAll,
              text: { type: 'plain_text', text: 'Answer' },
              value: String(decision.id),
            },
          }
        : {
            accessory: {
              type: 'button',
              action_id: CARD_ACTIONS.details,
              text: { type: 'plain_text', text: 'Details' },
              value: String(decision.id),
            },
          }),
    });
  }
  if (page.total > page.rows.length) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `…and ${page.total - page.rows.length} more. Use \`npm run export\` or \`/decision export\` for the full list.`,
        },
      ],
    });
  }
  return blocks;
}

/** A briefing waiting for this person's "Got it". */
export interface WaitingBriefing {
  decision: Decision;
  round: number;
}

/** Briefings the person has not acknowledged yet, each with its Got it; nothing when there are none. */
function briefingSection(briefings: readonly WaitingBriefing[], link: HomeData['link']): unknown[] {
  if (briefings.length === 0) return [];
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Briefings waiting for your Got it' } },
    ...briefings.map(({ decision, round }) => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${titleLink(decision, link)}*${decision.goLive ? `\nFrom ${decision.goLive}` : ''}`,
      },
      accessory: {
        type: 'button',
        action_id: BRIEFING_ACTIONS.ack,
        text: { type: 'plain_text', text: 'Got it' },
        value: briefingValue(decision.id, round),
      },
    })),
    { type: 'divider' },
  ];
}

/** Reviews due that wait for this person to record how customers reacted. */
function reviewSection(data: HomeData): unknown[] {
  if (!data.reviews || data.reviews.rows.length === 0) return [];
  const blocks: unknown[] = [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Did customers react as we said?' } },
  ];
  for (const decision of data.reviews.rows) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: decisionLine(decision, data) },
      accessory: {
        type: 'button',
        action_id: RECORD_OUTCOME_ACTION,
        text: { type: 'plain_text', text: 'Record' },
        value: String(decision.id),
      },
    });
  }
  if (data.reviews.total > data.reviews.rows.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${data.reviews.total - data.reviews.rows.length} more reviews due.` }],
    });
  return blocks;
}

/** "Your team's customer sense": how well the team's predictions of customers' reactions did. */
function customerSenseSection(data: HomeData): unknown[] {
  if (!data.customerSense) return [];
  return [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: CUSTOMER_SENSE_TITLE } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(customerSenseLines(data.customerSense).join('\n'), SECTION_MAX) },
    },
  ];
}

function filterOption(filter: HomeFilter) {
  return { text: { type: 'plain_text', text: FILTER_LABELS[filter] }, value: filter };
}

function topicOption(value: string, label: string) {
  return { text: { type: 'plain_text', text: label }, value };
}

function customerVoiceSection(voice: CustomerVoice): unknown[] {
  const options = [topicOption(ALL_TOPICS, 'All topics'), ...CATEGORIES.map((c) => topicOption(c.value, c.label))];
  const chosen = options.find((o) => o.value === (voice.topic ?? ALL_TOPICS));
  const blocks: unknown[] = [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Customer voice' } },
    {
      type: 'actions',
      block_id: 'home_feedback_controls',
      elements: [
        {
          type: 'static_select',
          action_id: HOME_ACTIONS.feedbackTopic,
          placeholder: { type: 'plain_text', text: 'Filter by topic' },
          options,
          ...(chosen ? { initial_option: chosen } : {}),
        },
      ],
    },
  ];
  if (voice.items.length === 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'No customer feedback here yet. Save a message with *Save as customer feedback* or run `/decision feedback <what they said>`.',
        },
      ],
    });
  }
  for (const item of voice.items) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${feedbackLine(item, voice.teamUrl, 500)}\nSaved by <@${item.savedBy}>` },
      ...(voice.mayRemove(item)
        ? {
            accessory: {
              type: 'button',
              action_id: REMOVE_FEEDBACK_ACTION,
              text: { type: 'plain_text', text: 'Delete' },
              value: String(item.id),
              style: 'danger',
              confirm: {
                title: { type: 'plain_text', text: 'Delete this feedback?' },
                text: { type: 'plain_text', text: 'Its words are removed from Empty Chair for good.' },
                confirm: { type: 'plain_text', text: 'Delete' },
                deny: { type: 'plain_text', text: 'Keep it' },
                style: 'danger',
              },
            },
          }
        : {}),
    });
  }
  return blocks;
}

/** What the Home shows beside the decisions, when given. */
export interface HomeExtras {
  /** Briefings waiting for this person's Got it. */
  briefings?: readonly WaitingBriefing[];
  voice?: CustomerVoice | undefined;
}

/**
 * One person's Home tab: what waits for them (decisions and briefings), what they proposed, what was
 * decided lately and, when given, the customer voice.
 */
export function buildHome(data: HomeData, { briefings = [], voice }: HomeExtras = {}): types.HomeView {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: ':chair: Empty Chair' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Every business change gets three questions for the customer who is not in the room.',
      },
    },
    {
      type: 'actions',
      block_id: 'home_controls',
      elements: [
        {
          type: 'button',
          style: 'primary',
          action_id: HOME_ACTIONS.propose,
          text: { type: 'plain_text', text: 'Propose a decision' },
          value: 'propose',
        },
        {
          type: 'static_select',
          action_id: HOME_ACTIONS.filter,
          placeholder: { type: 'plain_text', text: 'Filter by status' },
          options: HOME_FILTERS.map(filterOption),
          initial_option: filterOption(data.filter),
        },
      ],
    },
    ...reviewSection(data),
    { type: 'divider' },
    ...briefingSection(briefings, data.link),
    ...listSection('Waiting for your answer', data.waiting, data, 'Nothing is waiting for you. :tada:', true),
    { type: 'divider' },
    ...listSection(
      'Your open proposals',
      data.mine,
      data,
      'You have no open proposals. Propose one with the button above or `/decision`.',
      false,
    ),
    ...customerSenseSection(data),
    { type: 'divider' },
    ...listSection(
      data.filter === 'all' ? 'Recent decisions' : `Recent decisions: ${FILTER_LABELS[data.filter]}`,
      data.recent,
      data,
      'No decisions here yet.',
      false,
    ),
    ...(voice ? customerVoiceSection(voice) : []),
  ];
  return {
    type: 'home',
    private_metadata: JSON.stringify(
      voice?.topic ? { filter: data.filter, topic: voice.topic } : { filter: data.filter },
    ),
    blocks: blocks as types.KnownBlock[],
  };
}
