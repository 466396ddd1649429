import type { BriefingKind, PathStage } from '../db/schema/shared.js';
import { charCount } from './characters.js';

export type { PathStage };

/** The path a customer walks, unless the workspace names its own stages (`/decision touchpoints`). */
export const DEFAULT_STAGES: readonly PathStage[] = [
  { name: 'Discover', hint: 'ads, website, social, signage' },
  { name: 'Buy', hint: 'store, checkout, pricing, promotions and vouchers' },
  { name: 'Use', hint: 'the product, delivery, opening hours' },
  { name: 'Get help', hint: 'support, returns, complaints' },
  { name: 'Recommend', hint: 'reviews, referrals, loyalty' },
];

/** Bounds on what a workspace and a person type: stages fit a modal, notes fit a direct message. */
export const PATH_LIMITS = {
  stages: 10,
  stageName: 40,
  stageHint: 120,
  note: 300,
  reason: 300,
  /** People named on one stage, and user groups and channels. */
  audience: 30,
} as const;

/** More people than this are only briefed once the confirmer agrees. */
export const LARGE_AUDIENCE = 500;

/**
 * Reads `/decision touchpoints Discover: ads, website; Buy; Delivery: couriers`: stages separated by `;`
 * or new lines, each a name and an optional hint after `:`. Undefined when it names no stage, too many,
 * a name twice, or one too long.
 */
export function parseStageList(text: string): PathStage[] | undefined {
  const stages: PathStage[] = [];
  for (const part of text.split(/[;\n]/)) {
    const [rawName = '', ...rest] = part.split(':');
    const name = rawName.trim().replace(/\s+/g, ' ');
    const hint = rest.join(':').trim().replace(/\s+/g, ' ');
    if (name === '') continue;
    if (charCount(name) > PATH_LIMITS.stageName || charCount(hint) > PATH_LIMITS.stageHint) return undefined;
    if (stages.some((s) => s.name.toLowerCase() === name.toLowerCase())) return undefined;
    stages.push({ name, hint });
  }
  return stages.length > 0 && stages.length <= PATH_LIMITS.stages ? stages : undefined;
}

/** One touched stage of a decision and who meets the customer there. */
export interface Touchpoint {
  stage: string;
  note: string | null;
  users: readonly string[];
  usergroups: readonly string[];
  channels: readonly string[];
  nobodyReason: string | null;
}

export function hasAudience(touchpoint: Touchpoint): boolean {
  return touchpoint.users.length + touchpoint.usergroups.length + touchpoint.channels.length > 0;
}

/** The gate's part: touched stages with nobody named to brief and no reason why nobody needs to be told. */
export function unbriefedStages(touchpoints: readonly Touchpoint[]): string[] {
  return touchpoints.filter((t) => !hasAudience(t) && !t.nobodyReason).map((t) => t.stage);
}

/** Who a round of briefings goes to, as rows to store. */
export interface PlannedBriefing {
  recipient: string;
  kind: BriefingKind;
  /** The audience channel of a member or a post. */
  channelId: string | null;
  stages: string[];
}

export interface AudienceLookup {
  /** Members of each named user group, as Slack lists them. */
  groupMembers: ReadonlyMap<string, readonly string[]>;
  /** Members of each named channel. */
  channelMembers: ReadonlyMap<string, readonly string[]>;
  /** People never briefed: bots (the app itself included) and deactivated accounts. */
  skipped: ReadonlySet<string>;
  /**
   * Whether channels may get a post. A private channel's decision is briefed by direct message only, so
   * its business is never shown in another channel.
   */
  channelPosts: boolean;
}

/**
 * Everyone to brief, once each: a person named, or in a named user group, gets a direct message; a member
 * of a named channel is briefed by one post in that channel (by direct message when posts are not allowed),
 * and counts once even when in several. Each person hears of every stage they meet the customer at.
 */
export function planBriefings(touchpoints: readonly Touchpoint[], lookup: AudienceLookup): PlannedBriefing[] {
  const people = new Map<string, PlannedBriefing>();
  const posts = new Map<string, PlannedBriefing>();
  const addStage = (row: PlannedBriefing, stage: string) => {
    if (!row.stages.includes(stage)) row.stages.push(stage);
  };
  const direct = (userId: string, stage: string) => {
    if (lookup.skipped.has(userId)) return;
    const target = people.get(userId) ?? { recipient: userId, kind: 'dm' as const, channelId: null, stages: [] };
    people.set(userId, target);
    addStage(target, stage);
  };
  for (const t of touchpoints) {
    for (const userId of t.users) direct(userId, t.stage);
    for (const group of t.usergroups)
      for (const userId of lookup.groupMembers.get(group) ?? []) direct(userId, t.stage);
  }
  // Channels after people, so that someone named directly (or in a group) is told directly.
  for (const t of touchpoints) {
    for (const channelId of t.channels) {
      const members = (lookup.channelMembers.get(channelId) ?? []).filter((u) => !lookup.skipped.has(u));
      if (lookup.channelPosts && members.length > 0) {
        const post = posts.get(channelId) ?? { recipient: channelId, kind: 'post' as const, channelId, stages: [] };
        posts.set(channelId, post);
        addStage(post, t.stage);
      }
      for (const userId of members) {
        const row = people.get(userId);
        if (row) addStage(row, t.stage);
        else if (lookup.channelPosts)
          people.set(userId, { recipient: userId, kind: 'member', channelId, stages: [t.stage] });
        else direct(userId, t.stage);
      }
    }
  }
  return [...people.values(), ...posts.values()];
}

/** How ready the front line is for a round: people who acknowledged, of everyone briefed. */
export interface Readiness {
  ready: number;
  total: number;
  /** Who has not acknowledged yet. */
  waiting: string[];
}

export function readinessOf(
  rows: readonly { kind: BriefingKind; recipient: string; ackedAt: Date | null }[],
): Readiness {
  const people = rows.filter((r) => r.kind !== 'post');
  const waiting = people.filter((r) => !r.ackedAt).map((r) => r.recipient);
  return { ready: people.length - waiting.length, total: people.length, waiting };
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * When those who have not acknowledged are reminded: a day before the go-live date (its start, UTC), or
 * two days after the confirmation when there is no date.
 */
export function reminderDueAt(decision: { goLive: string | null; decidedAt: Date | null }): Date | undefined {
  if (decision.goLive) return new Date(Date.parse(`${decision.goLive}T00:00:00.000Z`) - DAY_MS);
  return decision.decidedAt ? new Date(decision.decidedAt.getTime() + 2 * DAY_MS) : undefined;
}

/**
 * The same rule as moments the database compares with: go-live dates up to `goLiveBy` are due, and so are
 * decisions without one confirmed before `decidedBefore`.
 */
export function reminderThresholds(now: Date): { goLiveBy: string; decidedBefore: Date } {
  return {
    goLiveBy: new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10),
    decidedBefore: new Date(now.getTime() - 2 * DAY_MS),
  };
}

/** What the person who clicked a briefing's button may do with it. */
export type AckVerdict = { ok: true } | { ok: false; reason: 'not-yours' | 'already' | 'outdated' };

/**
 * Only the person a briefing was for acknowledges it, once, and only the latest round counts: a forwarded
 * message clicked by someone else, a second click, or a button of an earlier round changes nothing.
 */
export function checkAck(row: { round: number; ackedAt: Date | null } | undefined, currentRound: number): AckVerdict {
  if (!row) return { ok: false, reason: 'not-yours' };
  if (row.round !== currentRound) return { ok: false, reason: 'outdated' };
  if (row.ackedAt) return { ok: false, reason: 'already' };
  return { ok: true };
}

/** What a decision's card says of its customer's path. */
export interface PathSummary {
  /** Touched stages, in the order of the path. */
  stages: string[];
  unbriefed: string[];
  /** The latest round's readiness, once briefings were worked out. */
  readiness: Readiness | undefined;
}

export function summarizePath(
  touchpoints: readonly Touchpoint[],
  round: readonly { kind: BriefingKind; recipient: string; ackedAt: Date | null }[],
): PathSummary {
  return {
    stages: touchpoints.map((t) => t.stage),
    unbriefed: unbriefedStages(touchpoints),
    readiness: round.length > 0 ? readinessOf(round) : undefined,
  };
}
