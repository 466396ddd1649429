import { Cron } from 'croner';
import type { DigestRepo } from '../db/digestRepo.js';
import type { Logger } from '../logger.js';
import { type DigestRunResult, type DigestSlackApi, type RetryPolicy, runDigest } from './digestRunner.js';
import { latestSlotAtOrBefore, slotKey } from './slots.js';

/** Where a workspace chose to get its digest (`/decision digest here`), if it did. */
export interface DigestChannelSettings {
  digestChannel(teamId: string): Promise<string | null>;
}

/** The channel a workspace's digest goes to: the one it chose, else DIGEST_CHANNEL, else none. */
export async function digestChannelFor(
  settings: DigestChannelSettings,
  teamId: string,
  defaultChannel: string | undefined,
): Promise<string | undefined> {
  return (await settings.digestChannel(teamId)) ?? defaultChannel;
}

export interface DigestSchedulerOptions {
  repo: DigestRepo;
  settings: DigestChannelSettings;
  slack: DigestSlackApi;
  /** The bot's workspace: the app serves one. */
  teamId: string;
  teamUrl: string;
  cron: string;
  timezone: string;
  /** DIGEST_CHANNEL, used when the workspace chose none. */
  defaultChannel: string | undefined;
  now: () => Date;
  logger: Logger;
  retry?: RetryPolicy | undefined;
  staleClaimMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface DigestScheduler {
  /** Catches up on the latest slot (see catchUp), then posts every future slot when it comes. */
  start(): Promise<void>;
  /** Stops scheduling and resolves once a digest being posted has finished. */
  stop(): Promise<void>;
  /** When the schedule will next post a digest; undefined when it is not running. */
  nextRun(): Date | undefined;
  /** Posts the slot due at `at` (the latest at or before it), on time; what the cron job runs. */
  runDue(at?: Date): Promise<DigestRunResult | undefined>;
  /**
   * Posts the latest slot at or before now, marked late, unless it was posted already: after downtime only
   * the most recent missed digest goes out, never one per missed week, and a run that failed is tried once
   * more. A slot before anything was ever proposed is not caught up on, so a fresh install does not open
   * with an empty, late digest.
   */
  catchUp(): Promise<DigestRunResult | undefined>;
}

export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { repo, teamId, cron, timezone, now, logger } = options;
  const inFlight = new Set<Promise<unknown>>();
  let job: Cron | undefined;

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  };

  const channel = () => digestChannelFor(options.settings, teamId, options.defaultChannel);

  const run = (channelId: string, slot: Date, late: boolean) =>
    track(
      runDigest({
        repo,
        slack: options.slack,
        teamId,
        channelId,
        slot,
        late,
        now,
        teamUrl: options.teamUrl,
        cron,
        timezone,
        logger,
        retry: options.retry,
        staleClaimMs: options.staleClaimMs,
        sleep: options.sleep,
      }),
    );

  /** The slot due at `at` and the channel it goes to, or undefined (logged) when there is nothing to post. */
  const due = async (at: Date): Promise<{ slot: Date; channelId: string } | undefined> => {
    const slot = latestSlotAtOrBefore(cron, timezone, at);
    if (!slot) return undefined;
    const channelId = await channel();
    if (!channelId) {
      logger.info(
        'No digest channel: set DIGEST_CHANNEL or run `/decision digest here` in a channel to get the weekly digest.',
      );
      return undefined;
    }
    return { slot, channelId };
  };

  const scheduler: DigestScheduler = {
    async runDue(at = now()) {
      const target = await due(at);
      return target ? run(target.channelId, target.slot, false) : undefined;
    },

    async catchUp() {
      const target = await due(now());
      if (!target) return undefined;
      const existing = await repo.findRun(teamId, target.channelId, slotKey(target.slot));
      if (existing?.status === 'posted') return undefined;
      if (!existing && !(await repo.hasDecisionsBefore(teamId, target.slot))) return undefined;
      return run(target.channelId, target.slot, true);
    },

    async start() {
      if (job) return;
      job = new Cron(
        cron,
        {
          timezone,
          // A slow post (retries after a rate limit) never overlaps the next slot's run.
          protect: true,
          // The app's server keeps the process alive; the schedule alone should not.
          unref: true,
          catch: (error) => logger.error(`The digest schedule failed: ${String(error)}`),
        },
        async () => {
          await scheduler.runDue();
        },
      );
      await scheduler.catchUp();
    },

    nextRun() {
      return job?.nextRun() ?? undefined;
    },

    async stop() {
      job?.stop();
      job = undefined;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
  return scheduler;
}
