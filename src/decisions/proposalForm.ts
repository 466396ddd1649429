import { charCount } from './characters.js';
import { type Category, CATEGORIES, DESCRIPTION_MAX, TITLE_MAX } from './questions.js';
import { isInvisible, storable, withoutBidiControls } from './slackText.js';

export interface RawProposal {
  title: string | null | undefined;
  description: string | null | undefined;
  category: string | null | undefined;
  channelId: string | null | undefined;
  decideBy: string | null | undefined;
  /** Stages of the customer's path ticked (the form shows them when the workspace has stages). */
  touched?: readonly string[] | null | undefined;
  goLive?: string | null | undefined;
  /** The number of the decision this one revisits (supersedes), as typed. */
  revisits?: string | null | undefined;
}

export interface ValidProposal {
  title: string;
  description: string | undefined;
  category: Category;
  channelId: string;
  decideBy: string | undefined;
  touched: string[];
  goLive: string | undefined;
  revisits: number | undefined;
}

/** Today's date as YYYY-MM-DD; people are anywhere, so "today" is allowed to lag a day. */
function earliestDecideBy(now: Date): string {
  return new Date(now.getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A real day of the calendar as YYYY-MM-DD: 2030-02-30 has the right shape but is no date. */
function isCalendarDate(text: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!parts) return false;
  const [year, month, day] = parts.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls an impossible day over (February 30 becomes March 2), so it does not read back the same.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What is wrong with a date picked in a form (a decide-by or go-live date); undefined when nothing. */
export function dateProblem(date: string, now: Date): 'not-a-date' | 'past' | undefined {
  if (!isCalendarDate(date)) return 'not-a-date';
  return date < earliestDecideBy(now) ? 'past' : undefined;
}

/** What is wrong with each field of a proposal; the form says it in words (views/proposeModal.ts). */
export interface ProposalProblems {
  title?: 'missing' | 'too-long';
  description?: 'too-long';
  category?: 'unknown';
  channelId?: 'missing';
  decideBy?: 'not-a-date' | 'past';
  goLive?: 'not-a-date' | 'past';
  touched?: 'unknown';
  revisits?: 'not-a-number';
}

/**
 * Checks a proposal as the "Propose a decision" form sends it. Text is kept exactly as typed, apart from
 * trimming and bidi controls in the title; lengths count characters (charCount).
 */
export function validateProposal(
  raw: RawProposal,
  now: Date,
  stageNames: readonly string[] = [],
): { ok: true; proposal: ValidProposal } | { ok: false; problems: ProposalProblems } {
  const problems: ProposalProblems = {};
  const title = withoutBidiControls(storable(raw.title ?? '')).trim();
  const description = storable(raw.description ?? '').trim() || undefined;
  // Invisible characters alone (zero-width spaces, pasted binary, forged payloads) make no title.
  if (isInvisible(title)) problems.title = 'missing';
  else if (charCount(title) > TITLE_MAX) problems.title = 'too-long';
  if (description && charCount(description) > DESCRIPTION_MAX) problems.description = 'too-long';
  const category = CATEGORIES.find((c) => c.value === (raw.category ?? 'other'))?.value;
  if (!category) problems.category = 'unknown';
  const channelId = raw.channelId ?? '';
  if (!/^[CG][A-Z0-9]+$/.test(channelId)) problems.channelId = 'missing';
  const decideBy = raw.decideBy ?? undefined;
  const decideByProblem = decideBy === undefined ? undefined : dateProblem(decideBy, now);
  if (decideByProblem) problems.decideBy = decideByProblem;
  const goLive = raw.goLive ?? undefined;
  const goLiveProblem = goLive === undefined ? undefined : dateProblem(goLive, now);
  if (goLiveProblem) problems.goLive = goLiveProblem;
  const touched = [...new Set(raw.touched ?? [])];
  if (touched.some((t) => !stageNames.includes(t))) problems.touched = 'unknown';
  const revisitsText = (raw.revisits ?? '').trim().replace(/^#/, '');
  if (revisitsText !== '' && !/^\d{1,12}$/.test(revisitsText)) problems.revisits = 'not-a-number';
  const revisits = revisitsText === '' ? undefined : Number(revisitsText);
  if (Object.keys(problems).length > 0 || !category) return { ok: false, problems };
  return { ok: true, proposal: { title, description, category, channelId, decideBy, touched, goLive, revisits } };
}
