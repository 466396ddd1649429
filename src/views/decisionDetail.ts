import type { types } from '@slack/bolt';
import type { Answer } from '../db/answersRepo.js';
import { choiceLabel } from '../decisions/answerChoices.js';
import type { DecisionDetail } from '../decisions/reviewService.js';
import type { TouchpointRow } from '../db/frontLineRepo.js';
import type { Readiness } from '../decisions/customerPath.js';
import { categoryLabel, QUESTIONS } from '../decisions/questions.js';
import { predictionDetailLines } from './predictionViews.js';
import { SECTION_MAX, truncate, userText } from './text.js';

const MODAL_BLOCKS_MAX = 100;

const when = (date: Date) => `<!date^${Math.floor(date.getTime() / 1000)}^{date_short} {time}|${date.toISOString()}>`;

/** Packs lines into as few sections as Slack's 3000-character limit allows. */
function sections(lines: readonly string[]): unknown[] {
  const blocks: unknown[] = [];
  let current = '';
  for (const line of lines.map((l) => truncate(l, SECTION_MAX))) {
    if (current && current.length + 1 + line.length > SECTION_MAX) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return blocks;
}

function answerLine(answer: Answer): string {
  const choice = choiceLabel(answer.question, answer.choice);
  const earlier = answer.supersededAt ? ' _(replaced later)_' : '';
  const text = answer.text ? ` ${userText(answer.text, 1000)}` : '';
  return `• <@${answer.userId}> ${when(answer.createdAt)}: ${choice ? `*${choice}*` : ''}${text}${earlier}`;
}

/** The customer's path as Details shows it; who has not acknowledged only for the proposer and approvers. */
export interface PathDetail {
  touchpoints: readonly TouchpointRow[];
  readiness: Readiness | undefined;
  /** Whether the viewer may see who has not acknowledged yet. */
  showWaiting: boolean;
}

function audienceOf(t: TouchpointRow): string {
  const named = [
    ...t.users.map((u) => `<@${u}>`),
    ...t.usergroups.map((g) => `<!subteam^${g}>`),
    ...t.channels.map((c) => `<#${c}>`),
  ];
  if (named.length > 0) return `brief ${named.join(', ')}`;
  return t.nobodyReason ? `nobody needs to be told: ${userText(t.nobodyReason, 400)}` : '_nobody to brief yet_';
}

function pathLines(path: PathDetail): string[] {
  if (path.touchpoints.length === 0) return ['_Customer path not mapped._'];
  const lines = path.touchpoints.map(
    (t) => `• *${userText(t.stage, 60)}*${t.note ? `: ${userText(t.note, 400)}` : ''} (${audienceOf(t)})`,
  );
  const { readiness } = path;
  if (readiness) {
    lines.push(`Front line ready: ${readiness.ready} of ${readiness.total}`);
    if (path.showWaiting && readiness.waiting.length > 0)
      lines.push(`Not acknowledged yet: ${readiness.waiting.map((u) => `<@${u}>`).join(', ')}`);
  }
  return lines;
}

/** One decision in full: every answer by every person, the discussion, and the audit trail. */
export function buildDecisionDetail(detail: DecisionDetail, path?: PathDetail): types.ModalView {
  const { decision } = detail;
  const title = userText(decision.title, 200);
  const heading = [
    `*${detail.link ? `<${detail.link}|${title}>` : title}*`,
    `${categoryLabel(decision.category)} · ${decision.status} · <#${decision.channelId}> · proposed by <@${decision.proposerId}> ${when(decision.createdAt)}`,
  ];
  if (decision.description) heading.push(userText(decision.description, 2000));
  heading.push(...predictionDetailLines(detail.prediction, detail.links ?? { revisits: undefined, revisitedBy: [] }));
  const blocks: unknown[] = [...sections(heading)];

  for (const question of QUESTIONS) {
    const given = detail.answers.filter((a) => a.question === question.number);
    blocks.push(
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: `*${question.number}. ${question.text}*` } },
    );
    blocks.push(...sections(given.length > 0 ? given.map(answerLine) : ['_No answers yet._']));
  }

  if (path) {
    blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: "*Customer's path*" } });
    blocks.push(...sections(pathLines(path)));
  }

  blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: '*Discussion*' } });
  blocks.push(
    ...sections(
      detail.discussion.length > 0
        ? detail.discussion.map((d) => `• <@${d.userId}> ${when(d.createdAt)}: ${userText(d.text, 1000)}`)
        : ['_Nobody has replied in the thread yet._'],
    ),
  );

  blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: '*Status history*' } });
  blocks.push(
    ...sections(
      detail.statusChanges.map(
        (c) =>
          `• ${when(c.createdAt)} <@${c.userId}>: ${c.fromStatus ?? 'proposed'} → ${c.toStatus}${c.note ? ` (${userText(c.note, 500)})` : ''}`,
      ),
    ),
  );

  const fitted =
    blocks.length > MODAL_BLOCKS_MAX
      ? [
          ...blocks.slice(0, MODAL_BLOCKS_MAX - 1),
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: 'More than fits here: `npm run export -- --answers` has everything.' }],
          },
        ]
      : blocks;
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Decision details' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: fitted as types.KnownBlock[],
  };
}
