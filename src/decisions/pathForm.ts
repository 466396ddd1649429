import type { NewTouchpoint } from '../db/frontLineRepo.js';
import { charCount } from './characters.js';
import { PATH_LIMITS } from './customerPath.js';
import { dateProblem } from './proposalForm.js';
import { storable } from './slackText.js';

/** One stage's fields of the "Map the customer's path" form, as Slack sends them. */
export interface RawStageFields {
  note?: string | null | undefined;
  users?: readonly string[] | null | undefined;
  /** User group handles as typed: `@frontdesk, @support`. */
  groups?: string | null | undefined;
  channels?: readonly string[] | null | undefined;
  reason?: string | null | undefined;
}

export interface RawPathForm {
  /** The stages the form showed, in order. */
  stages: readonly string[];
  touched: readonly string[];
  goLive: string | null | undefined;
  fields: readonly RawStageFields[];
}

export type PathField = 'note' | 'users' | 'groups' | 'channels' | 'reason';
export type PathProblem =
  | { field: PathField; index: number; problem: 'too-long' | 'too-many' | 'unknown-group'; detail?: string }
  | { field: 'goLive'; problem: 'not-a-date' | 'past' };

/** Handles typed into the user groups field: `@frontdesk, support` gives frontdesk and support. */
export function groupHandles(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((h) => h.replace(/^@/, '').trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

const text = (value: string | null | undefined) => storable(value ?? '').trim() || null;

/**
 * Reads the form: a stage is touched when ticked or when anything is written or picked for it. User group
 * handles become their ids through `groupsByHandle` (Slack's usergroups.list); an unknown one is a problem.
 */
export function validatePathForm(
  raw: RawPathForm,
  groupsByHandle: ReadonlyMap<string, string>,
  now: Date,
): { ok: true; goLive: string | null; stages: NewTouchpoint[] } | { ok: false; problems: PathProblem[] } {
  const problems: PathProblem[] = [];
  const stages: NewTouchpoint[] = [];
  raw.stages.forEach((stage, index) => {
    const f = raw.fields[index] ?? {};
    const note = text(f.note);
    const reason = text(f.reason);
    const users = (f.users ?? []).filter((u) => /^[UW][A-Z0-9]+$/.test(u));
    const channels = (f.channels ?? []).filter((c) => /^[CG][A-Z0-9]+$/.test(c));
    const handles = groupHandles(f.groups ?? '');
    if (note && charCount(note) > PATH_LIMITS.note) problems.push({ field: 'note', index, problem: 'too-long' });
    if (reason && charCount(reason) > PATH_LIMITS.reason)
      problems.push({ field: 'reason', index, problem: 'too-long' });
    if (users.length > PATH_LIMITS.audience) problems.push({ field: 'users', index, problem: 'too-many' });
    if (channels.length > PATH_LIMITS.audience) problems.push({ field: 'channels', index, problem: 'too-many' });
    if (handles.length > PATH_LIMITS.audience) problems.push({ field: 'groups', index, problem: 'too-many' });
    const unknown = handles.filter((h) => !groupsByHandle.has(h));
    if (unknown.length > 0)
      problems.push({
        field: 'groups',
        index,
        problem: 'unknown-group',
        detail: unknown.map((h) => `@${h}`).join(', '),
      });
    const usergroups = handles.flatMap((h) => groupsByHandle.get(h) ?? []);
    const touched =
      raw.touched.includes(stage) || Boolean(note || reason) || users.length + channels.length + handles.length > 0;
    if (touched) stages.push({ stage, position: index, note, users, usergroups, channels, nobodyReason: reason });
  });
  const goLive = raw.goLive ?? null;
  const goLiveProblem = goLive === null ? undefined : dateProblem(goLive, now);
  if (goLiveProblem) problems.push({ field: 'goLive', problem: goLiveProblem });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, goLive, stages };
}
