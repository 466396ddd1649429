import type { DigestRepo } from '../db/digestRepo.js';
import type { Logger } from '../logger.js';
import { type DigestRunResult, type DigestSlackApi, type RetryPolicy, runDigest } from './digestRunner.js';
import type { ChosenSchedule, DigestSchedule } from './schedule.js';
import { latestSlotAtOrBefore, nextSlotAfter, slotKey } from './slots.js';

/** A workspace's digest settings: where it goes (`/decision digest here`) and when (`/decision digest schedule`). */
export interface DigestSettings {
  digestChannel(teamId: string): Promise<string | null>;
  digestSchedule(teamId: string): Promise<ChosenSchedule | undefined>;
}

/** DIGEST_CHANNEL, DIGEST_CRON and DIGEST_TIMEZONE: what a workspace gets until it chooses otherwise. */
export interface DigestDefaults extends DigestSchedule {
  channel: string | undefined;
}

/** The channel a workspace's digest goes to: the one it chose, else DIGEST_CHANNEL, else none. */
export async function digestChannelFor(
  settings: Pick<DigestSettings, 'digestChannel'>,
  teamId: string,
  defaultChannel: string | undefined,
): Promise<string | undefined> {
  return (await settings.digestChannel(teamId)) ?? defaultChannel;
}

/** When a workspace's digest goes out: the schedule it chose, else DIGEST_CRON in DIGEST_TIMEZONE. */
export async function digestScheduleFor(
  settings: Pick<DigestSettings, 'digestSchedule'>,
  teamId: string,
  defaults: DigestSchedule,
): Promise<DigestSchedule & { setAt?: Date }> {
  return (await settings.digestSchedule(teamId)) ?? { cron: defaults.cron, timezone: defaults.timezone };
}

/** The workspace a digest is for: its team, its address for links, and a client speaking with its token. */
export interface DigestWorkspace {
  teamId: string;
  teamUrl: string;
  client: DigestSlackApi;
}

/**
 * A slot found this long after its time is posted as on time; later than that it is a catch-up, marked
 * late. The background passes look for due digests at each slot and at least every minute, so an on-time
 * digest is well inside it.
 */
const ON_TIME_MS = 15 * 60_000;

export interface DigestSchedulerOptions {
  repo: DigestRepo;
  settings: DigestSettings;
  defaults: DigestDefaults;
  now: () => Date;
  logger: Logger;
  retry?: RetryPolicy | undefined;
  staleClaimMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface DigestScheduler {
  /**
   * What every background pass runs for each workspace: posts the workspace's latest slot unless a run of
   * it exists (posted, being posted, or failed: a failed run is tried again by catchUp at the next start).
   * A slot found late is posted marked late, and only if something had been proposed before it.
   */
  runDue(workspace: DigestWorkspace): Promise<DigestRunResult | undefined>;
  /**
   * What the first pass after a start runs: posts the latest slot at or before now (marked late unless it
   * is found on time), unless it was posted already: after downtime only the most recent missed digest goes out, never one per missed
   * week, and a run that failed is tried once more. A slot before anything was ever proposed is not caught
   * up on, so a fresh install does not open with an empty, late digest.
   */
  catchUp(workspace: DigestWorkspace): Promise<DigestRunResult | undefined>;
  /** The workspace's next slot after now, on its own schedule. */
  nextSlot(workspace: DigestWorkspace): Promise<Date | undefined>;
}

/**
 * Posts each workspace's digest at its own schedule and in its own time zone, exactly once per slot whatever
 * the number of instances: the slot is claimed in digest_runs (see runDigest). It keeps no timer and no
 * state of its own (the background passes ask it), so a schedule changed on any instance is followed by all.
 */
export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { repo, settings, defaults, now, logger } = options;

  /** The workspace's latest slot at or before `at`, and where and how it goes; undefined when none is due. */
  const due = async (workspace: DigestWorkspace, at: Date, reportNoChannel: boolean) => {
    const schedule = await digestScheduleFor(settings, workspace.teamId, defaults);
    const slot = latestSlotAtOrBefore(schedule.cron, schedule.timezone, at);
    // A slot from before the schedule was chosen belonged to no schedule the workspace had.
    if (!slot || (schedule.setAt && slot < schedule.setAt)) return undefined;
    const channelId = await digestChannelFor(settings, workspace.teamId, defaults.channel);
    if (!channelId) {
      if (reportNoChannel)
        logger.info(
          `No digest channel for workspace ${workspace.teamId}: set DIGEST_CHANNEL or run \`/decision digest here\` in a channel to get the weekly digest.`,
        );
      return undefined;
    }
    return { slot, channelId, schedule };
  };

  const run = (
    workspace: DigestWorkspace,
    target: { slot: Date; channelId: string; schedule: DigestSchedule },
    late: boolean,
  ) =>
    runDigest({
      repo,
      slack: workspace.client,
      teamId: workspace.teamId,
      teamUrl: workspace.teamUrl,
      channelId: target.channelId,
      slot: target.slot,
      late,
      now,
      cron: target.schedule.cron,
      timezone: target.schedule.timezone,
      logger,
      retry: options.retry,
      staleClaimMs: options.staleClaimMs,
      sleep: options.sleep,
    });

  /** Posts the workspace's due slot once; `retry` also takes up a failed run (or a stale claim) of it. */
  const post = async (workspace: DigestWorkspace, retry: boolean) => {
    const at = now();
    const target = await due(workspace, at, retry);
    if (!target) return undefined;
    const existing = await repo.findRun(workspace.teamId, target.channelId, slotKey(target.slot));
    if (existing && (!retry || existing.status === 'posted')) return undefined;
    const late = at.getTime() - target.slot.getTime() > ON_TIME_MS;
    if (!existing && late && !(await repo.hasDecisionsBefore(workspace.teamId, target.slot))) return undefined;
    return run(workspace, target, late);
  };

  return {
    runDue: (workspace) => post(workspace, false),
    catchUp: (workspace) => post(workspace, true),
    async nextSlot(workspace) {
      const { cron, timezone } = await digestScheduleFor(settings, workspace.teamId, defaults);
      return nextSlotAfter(cron, timezone, now());
    },
  };
}
