import type { DigestData, DigestDecision } from '../db/digestRepo.js';
import type { CitedFeedback } from '../db/feedbackRepo.js';
import { SENTIMENT_LABELS } from '../decisions/feedbackForm.js';
import { summarizeFeedbackWeek } from '../digest/feedbackWeek.js';
import { feedbackLine } from './feedback.js';
import { ANSWER_CHOICES, choiceLabel, majorityChoice } from '../decisions/answerChoices.js';
import { answerCounts, categoryLabel, unansweredQuestions } from '../decisions/questions.js';
import { plural } from './plural.js';
import { calibrationReport, reviewedPredictions } from '../decisions/calibration.js';
import { CUSTOMER_SENSE_TITLE, customerSenseLines } from './predictionViews.js';
import { decisionLink, escapeMrkdwn, SECTION_MAX, truncate, userText } from './text.js';

export interface WeeklyDigestOptions {
  /** The workspace's address, for links to threads; without it titles are not linked. */
  teamUrl: string | undefined;
  timezone: string;
  /**
   * The channel the digest goes to. Decisions from other channels that are private (or not known to be
   * public) are only counted, never named; undefined hides every decision not known to be public.
   */
  channelId: string | undefined;
  /** When the digest is built, for how long decisions have waited. */
  now: Date;
  /** The slot was missed (the app was down) and is posted after its time. */
  late?: boolean | undefined;
  /** The month's first digest, which carries the team's calibration. */
  monthly?: boolean | undefined;
}

/** What a digest tells: the week's decisions and, when read, the customer feedback saved that week. */
export type DigestInput = DigestData & { feedback?: readonly CitedFeedback[] };

export interface WeeklyDigest {
  text: string;
  blocks: unknown[];
}

/** Slack refuses messages with more blocks than this. */
export const DIGEST_MAX_BLOCKS = 50;
/**
 * Slack also refuses (msg_blocks_too_long) messages whose blocks hold about 12,000 characters in all, though
 * no single block is over its limit (slackapi/bolt-js#2509); the digest stays well under that.
 */
export const DIGEST_TEXT_BUDGET = 10_000;
/** Open decisions named in "Still waiting" (the repository reads no more); the rest are counted. */
export const WAITING_LISTED = 10;
const TITLE_MAX = 100;
const QUOTE_MAX = 140;
const BAR_CELLS = 10;
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

const STATUS_LABELS: Record<DigestDecision['status'], string> = {
  open: 'Open',
  confirmed: 'Confirmed',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  dismissed: 'Not a decision',
};

const MORE_ELSEWHERE = "See them all in Empty Chair's *Home* tab, or run `npm run export`.";

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string) => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const divider = { type: 'divider' };

function isShownIn(decision: DigestDecision, channelId: string | undefined): boolean {
  return decision.channelId === channelId || decision.channelIsPrivate === false;
}

function dateLabel(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' }).format(at);
}

function dateTimeLabel(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** "Nov 16 – Nov 22": the first and last day the period touches, in the digest's zone. */
export function periodLabel(period: { start: Date; end: Date }, timeZone: string): string {
  return `${dateLabel(period.start, timeZone)} – ${dateLabel(new Date(period.end.getTime() - 1), timeZone)}`;
}

export function waitedLabel(ms: number): string {
  if (ms < HOUR_MS) return 'less than an hour';
  if (ms < DAY_MS) return plural(Math.floor(ms / HOUR_MS), 'hour');
  return plural(Math.floor(ms / DAY_MS), 'day');
}

/** `█████░░░░░`: the share of `total`, never empty when the count is not zero. */
export function bar(count: number, total: number): string {
  const filled = total === 0 || count === 0 ? 0 : Math.max(1, Math.round((count / total) * BAR_CELLS));
  return `\`${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}\``;
}

function changeLabel(now: number, before: number): string {
  const delta = now - before;
  if (delta === 0) return 'same as last week';
  return `${delta > 0 ? '+' : ''}${delta} vs last week`;
}

function majorityOf(decision: DigestDecision, question: 1 | 3): string | undefined {
  return majorityChoice(
    question,
    decision.answers.filter((a) => a.question === question).map((a) => a.choice),
  );
}

/** One bar per choice of a question (majority answer of each decision), and one for decisions with none yet. */
function chart(title: string, question: 1 | 3, week: DigestDecision[], previousWeek: DigestDecision[]): string {
  const tally = (list: DigestDecision[]) => {
    const counts = new Map<string | undefined, number>();
    for (const d of list) {
      const choice = majorityOf(d, question);
      counts.set(choice, (counts.get(choice) ?? 0) + 1);
    }
    return counts;
  };
  const current = tally(week);
  const before = tally(previousWeek);
  const rows: { value: string | undefined; label: string }[] = [
    ...ANSWER_CHOICES[question].map((c) => ({ value: c.value as string, label: c.label as string })),
    { value: undefined, label: 'No answer yet' },
  ];
  const lines = rows
    .filter((r) => r.value !== undefined || (current.get(undefined) ?? 0) > 0)
    .map((r) => {
      const n = current.get(r.value) ?? 0;
      return `${bar(n, week.length)} ${n}  ${r.label}  _(${changeLabel(n, before.get(r.value) ?? 0)})_`;
    });
  return [`*${title}*`, ...lines].join('\n');
}

function linkedTitle(decision: DigestDecision, teamUrl: string | undefined): string {
  const title = userText(decision.title, TITLE_MAX);
  const link = decisionLink(teamUrl, decision);
  return link ? `*<${link}|${title}>*` : `*${title}*`;
}

/** One current answer to "What would our typical customer say?", on one line. */
function customerQuote(decision: DigestDecision): string | undefined {
  const text = decision.answers.find((a) => a.question === 2 && a.text?.trim())?.text;
  return text ? userText(text.replace(/\s+/g, ' ').trim(), QUOTE_MAX) : undefined;
}

/**
 * The week's confirmed decisions whose front line is not ready (named where they may be shown, counted
 * otherwise), and how many were confirmed without their customer path mapped.
 */
function frontLineSection(
  week: readonly DigestDecision[],
  channelId: string | undefined,
  teamUrl: string | undefined,
): unknown[] {
  const confirmed = week.filter((d) => d.status === 'confirmed' && d.frontLine);
  const unmapped = confirmed.filter((d) => !d.frontLine?.mapped).length;
  const notReady = confirmed.filter((d) => d.frontLine?.mapped && d.frontLine.ready < d.frontLine.total);
  if (unmapped === 0 && notReady.length === 0) return [];
  const lines = [`*Front line* (${plural(unmapped, 'confirmed decision')} with the customer path not mapped)`];
  const shown = notReady.filter((d) => isShownIn(d, channelId));
  for (const d of shown.slice(0, WAITING_LISTED)) {
    lines.push(
      `• ${linkedTitle(d, teamUrl)}  ·  front line ready: ${d.frontLine?.ready ?? 0} of ${d.frontLine?.total ?? 0}`,
    );
  }
  const unlisted = notReady.length - Math.min(shown.length, WAITING_LISTED);
  if (unlisted > 0) lines.push(`…and ${plural(unlisted, 'more confirmed decision')} whose front line is not ready.`);
  return [divider, section(truncate(lines.join('\n'), SECTION_MAX))];
}

function decisionLine(decision: DigestDecision, teamUrl: string | undefined): string {
  const motive = choiceLabel(3, majorityOf(decision, 3)) ?? 'not answered yet';
  const details = [
    `<@${decision.proposerId}>`,
    categoryLabel(decision.category),
    STATUS_LABELS[decision.status],
    `Motive: ${motive}`,
  ];
  const quote = customerQuote(decision);
  const line = `• ${linkedTitle(decision, teamUrl)}  ·  ${details.join(' · ')}`;
  return quote ? `${line}\n      _Customer would say:_ ${quote}` : line;
}

function unansweredShortNames(decision: DigestDecision): string {
  return unansweredQuestions(answerCounts(decision.answers))
    .map((q) => q.short)
    .join(', ');
}

function waitingLine(decision: DigestDecision, teamUrl: string | undefined, now: Date): string {
  const waited = waitedLabel(now.getTime() - decision.createdAt.getTime());
  return `• ${linkedTitle(decision, teamUrl)}  ·  waiting ${waited}  ·  needs: ${unansweredShortNames(decision)}`;
}

function textLength(blocks: unknown[]): number {
  let n = 0;
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string') n += record.text.length;
    for (const child of Object.values(record)) visit(child);
  };
  for (const block of blocks) visit(block);
  return n;
}

/**
 * Packs lines into as few sections as fit (each within Block Kit's 3000 characters), stopping before the
 * next line would cross either budget. Returns how many lines made it.
 */
function packLines(lines: string[], maxBlocks: number, maxChars: number): { blocks: unknown[]; shown: number } {
  const blocks: unknown[] = [];
  let current = '';
  let used = 0;
  let shown = 0;
  for (const line of lines) {
    const fitsCurrent = current !== '' && current.length + 1 + line.length <= SECTION_MAX;
    const cost = fitsCurrent ? line.length + 1 : line.length;
    if (used + cost > maxChars) break;
    if (fitsCurrent) {
      current += `\n${line}`;
    } else {
      if (blocks.length + (current === '' ? 0 : 1) >= maxBlocks) break;
      if (current !== '') blocks.push(section(current));
      current = line;
    }
    used += cost;
    shown += 1;
  }
  if (current !== '') blocks.push(section(current));
  return { blocks, shown };
}

/** The "+ 2 in private channels" and "…and N more" notes under a list; none when everything was listed. */
function listFooter(hidden: number, more: number): unknown[] {
  const notes: string[] = [];
  if (hidden > 0) notes.push(`+ ${plural(hidden, 'decision')} in private channels, counted but not shown here.`);
  if (more > 0) notes.push(`…and ${more} more. ${MORE_ELSEWHERE}`);
  return notes.length > 0 ? [context(notes.join('\n'))] : [];
}

/**
 * "What customers told us this week": counts by sentiment and topic of every item, and the most cited (or
 * most recent) quotes; feedback from other private channels is only counted.
 */
function feedbackPart(
  items: readonly CitedFeedback[],
  channelId: string | undefined,
  teamUrl: string | undefined,
): unknown[] {
  if (items.length === 0) return [];
  const week = summarizeFeedbackWeek(items, channelId);
  const sentiments = (Object.keys(week.bySentiment) as (keyof typeof week.bySentiment)[])
    .map((s) => `${week.bySentiment[s]} ${SENTIMENT_LABELS[s].toLowerCase()}`)
    .join(' · ');
  const topics = week.byTopic
    .slice(0, 8)
    .map((t) => `${escapeMrkdwn(t.topic)} ${t.count}`)
    .join(' · ');
  const counts = `${plural(week.total, 'piece')} of customer feedback: ${sentiments}${topics ? `\nTopics: ${topics}` : ''}`;
  const blocks: unknown[] = [divider, section(`*What customers told us this week*\n${counts}`)];
  if (week.quotes.length > 0)
    blocks.push(section(week.quotes.map((q) => `• ${feedbackLine(q, teamUrl, QUOTE_MAX * 2)}`).join('\n')));
  if (week.privateCount > 0)
    blocks.push(
      context(
        `+ ${plural(week.privateCount, 'piece')} of feedback from private channels, counted but not quoted here.`,
      ),
    );
  return blocks;
}

/** Reviews named in the digest's list; the rest are counted. */
const REVIEWS_LISTED = 5;

/**
 * The reviews of how customers reacted: each week those due or overdue (a private channel's only counted)
 * and the confirmations that skipped the review; in the month's first digest, the team's calibration.
 */
function reviewsSection(data: DigestData, options: WeeklyDigestOptions): unknown[] {
  const reviews = data.reviews;
  if (!reviews) return [];
  const { timezone, channelId, teamUrl } = options;
  const calibration = options.monthly && reviews.reviewed.rows.length > 0;
  if (reviews.due.length === 0 && reviews.skipped === 0 && !calibration) return [];
  const blocks: unknown[] = [divider];
  if (reviews.due.length > 0) {
    const visible = reviews.due.filter((d) => isShownIn(d, channelId));
    const lines = visible.slice(0, REVIEWS_LISTED).map((d) => {
      const when =
        d.dueAt < data.period.start
          ? `overdue since ${dateLabel(d.dueAt, timezone)}`
          : `due ${dateLabel(d.dueAt, timezone)}`;
      return `• ${linkedTitle(d, teamUrl)}  ·  ${when}  ·  <@${d.proposerId}>`;
    });
    const packed = packLines(lines, 1, SECTION_MAX);
    blocks.push(
      section(
        `*Did customers react as we said?* (${plural(reviews.due.length, 'review')} due or overdue, waiting for an outcome)`,
      ),
      ...packed.blocks,
      ...listFooter(reviews.due.length - visible.length, visible.length - packed.shown),
    );
  }
  if (reviews.skipped > 0)
    blocks.push(
      context(`${plural(reviews.skipped, 'decision')} confirmed this week without a review of how customers reacted.`),
    );
  if (calibration) {
    const report = calibrationReport(reviewedPredictions(reviews.reviewed));
    blocks.push(
      section(
        truncate([`*${CUSTOMER_SENSE_TITLE}* (this month)`, ...customerSenseLines(report)].join('\n'), SECTION_MAX),
      ),
    );
  }
  return blocks;
}

/** Room a list footer can take: the longest one listFooter writes. */
const FOOTER_RESERVE = 200;

/**
 * The weekly digest: the week's numbers, why decisions were made, every decision of the week, and what is
 * still waiting for the empty chair. Fits any week into one message (50 blocks, 3000 characters per
 * section, DIGEST_TEXT_BUDGET in all) by listing what fits and counting the rest.
 */
export function buildWeeklyDigest(data: DigestInput, options: WeeklyDigestOptions): WeeklyDigest {
  const { teamUrl, timezone, channelId, now } = options;
  const { week, previousWeek, waiting, period } = data;
  const count = (status: DigestDecision['status']) => week.filter((d) => d.status === status).length;
  const totals = `${plural(week.length, 'decision')} proposed: ${count('confirmed')} confirmed · ${count('rejected')} rejected · ${count('withdrawn')} withdrawn · ${count('open')} still open`;
  const label = periodLabel(period, timezone);

  const head: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `:chair: Weekly digest: ${label}`, emoji: true } },
    context(
      `Decisions proposed from ${dateTimeLabel(period.start, timezone)} to ${dateTimeLabel(period.end, timezone)} (${escapeMrkdwn(timezone)}).` +
        (options.late
          ? `\n:hourglass: Posted late: Empty Chair was not running at its scheduled time, ${dateTimeLabel(period.end, timezone)}.`
          : ''),
    ),
    section(`*${totals}*`),
  ];
  if (week.length > 0) {
    head.push(
      divider,
      section(chart('Why we decided', 3, week, previousWeek)),
      section(chart('Does it align with our customer’s values?', 1, week, previousWeek)),
    );
  }

  // The repository counted the waiting decisions and read the oldest of those shown in this channel.
  const waitingLines = waiting.oldest.slice(0, WAITING_LISTED).map((d) => waitingLine(d, teamUrl, now));
  const waitingPacked = packLines(waitingLines, 2, SECTION_MAX);
  const waitingPart: unknown[] =
    waiting.total === 0
      ? []
      : [
          divider,
          section(`*Still waiting for the empty chair* (${waiting.total} open with unanswered questions)`),
          ...waitingPacked.blocks,
          ...listFooter(waiting.total - waiting.shown, waiting.shown - waitingPacked.shown),
        ];

  const frontLinePart = frontLineSection(week, channelId, teamUrl);
  const reviewsPart = reviewsSection(data, options);

  const weekHeading = section(
    week.length === 0 ? '_Nothing was proposed this week._' : "*This week's decisions* (oldest first)",
  );
  const visibleWeek = week.filter((d) => isShownIn(d, channelId));
  const customers = feedbackPart(data.feedback ?? [], channelId, teamUrl);
  const fixed = [...head, divider, weekHeading, ...waitingPart, ...frontLinePart, ...reviewsPart, ...customers];
  const footerBlocks = 1;
  const packed = packLines(
    visibleWeek.map((d) => decisionLine(d, teamUrl)),
    DIGEST_MAX_BLOCKS - fixed.length - footerBlocks,
    DIGEST_TEXT_BUDGET - textLength(fixed) - FOOTER_RESERVE,
  );
  const blocks = [
    ...head,
    divider,
    weekHeading,
    ...packed.blocks,
    ...listFooter(week.length - visibleWeek.length, visibleWeek.length - packed.shown),
    ...waitingPart,
    ...frontLinePart,
    ...reviewsPart,
    ...customers,
  ];

  const waitingText = waiting.total > 0 ? ` ${plural(waiting.total, 'decision')} still waiting for answers.` : '';
  return { text: `Empty Chair weekly digest, ${label}: ${totals}.${waitingText}`, blocks };
}

/** Undoes mrkdwn's escaping and markup for a terminal: links become "text (url)", mentions "@U123". */
function mrkdwnToPlain(text: string): string {
  return text
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<([^>]+)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** Renders a message's blocks as plain text, for `npm run digest` in a terminal. */
export function blocksToPlainText(blocks: readonly unknown[]): string {
  const lines: string[] = [];
  for (const block of blocks as { type?: string; text?: { text?: string }; elements?: { text?: string }[] }[]) {
    if (block.type === 'header') {
      const title = block.text?.text ?? '';
      lines.push(title, '='.repeat(title.length));
    } else if (block.type === 'divider') {
      lines.push('');
    } else if (block.type === 'section') {
      lines.push(mrkdwnToPlain(block.text?.text ?? ''));
    } else if (block.type === 'context') {
      lines.push(...(block.elements ?? []).map((e) => mrkdwnToPlain(e.text ?? '')));
    }
  }
  return `${lines.join('\n')}\n`;
}
