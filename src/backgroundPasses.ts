import type { SlackApi } from './slack/api.js';
import type { DigestScheduler } from './digest/scheduler.js';
import { sendDueNudges } from './slack/reminders.js';
import type { Services } from './services.js';
import type { Workspace, Workspaces } from './slack/workspaces.js';

/**
 * Queues the reviews due in a workspace (and the one reminder of unanswered ones), then posts them through
 * the outbox, which claims each post for one process.
 */
async function askDueReviews(services: Services, client: SlackApi, teamId: string, at: Date): Promise<void> {
  const timeZone = await services.reviewTimeZone(teamId);
  const { asked, reminded } = await services.predictions.queueDueReviews(teamId, timeZone, at);
  if (asked + reminded === 0) return;
  services.logger.info(`Asking ${asked} review(s) and reminding ${reminded} in ${teamId}.`);
  await services.posts.runOutbox(client, teamId);
}

/** Processed event ids are kept this long; Slack stops retrying an event after minutes. */
const EVENT_IDS_KEPT_MS = 24 * 3600 * 1000;

/** The longest the digest timer sleeps: a schedule changed or a workspace added meanwhile is seen by then. */
const DIGEST_WAKE_MAX_MS = 60_000;

/**
 * The work nobody asks for, done for each workspace served with that workspace's own client, on its rows
 * alone: decisions not yet in Slack, queued redraws and thread lines, reminders and the digest; then old
 * event ids. A workspace no longer in the list (uninstalled) gets none of it. A pass runs right after the
 * start (work left by a crash or an outage, and a missed digest) and then on a timer; a second timer wakes
 * at the next digest slot of any workspace, so each digest goes out at its time. A busy, read-only or full
 * database costs a pass one log line per part; the next one tries again.
 */
export function startBackgroundPasses({
  services,
  workspaces,
  digest,
  intervalMs,
}: {
  services: Services;
  workspaces: Workspaces;
  digest: DigestScheduler;
  intervalMs: number;
}) {
  const { defer, now, logger } = services;
  const forEachWorkspace = (work: (workspace: Workspace) => void) =>
    defer(async () => {
      for (const workspace of await workspaces.list()) work(workspace);
    });
  const pass = (first: boolean) => {
    forEachWorkspace((workspace) => {
      const { client, teamId, teamUrl } = workspace;
      defer(async () => services.publisher.retryUnposted(client, teamId));
      defer(() => services.posts.runOutbox(client, teamId));
      defer(() => sendDueNudges({ repo: services.digest.nudges, slack: client, teamId, teamUrl, now, logger }));
      defer(() => (first ? digest.catchUp(workspace) : digest.runDue(workspace)));
      defer(() => services.briefings.runPass(client, teamId, now()));
      defer(() => askDueReviews(services, client, teamId, now()));
    });
    defer(async () => services.events.forgetOlderThan(new Date(now().getTime() - EVENT_IDS_KEPT_MS)));
  };

  let digestTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** How long until the earliest next slot of any workspace, at most DIGEST_WAKE_MAX_MS. */
  const untilNextSlot = async (): Promise<number> => {
    const slots = await Promise.all((await workspaces.list()).map((workspace) => digest.nextSlot(workspace)));
    const soonest = Math.min(...slots.map((slot) => slot?.getTime() ?? Infinity));
    return Math.max(0, Math.min(soonest - now().getTime(), DIGEST_WAKE_MAX_MS));
  };
  const waitForDigests = async () => {
    const delay = await untilNextSlot().catch((error: unknown) => {
      logger.error(`Could not read the digest schedules: ${error instanceof Error ? error.message : String(error)}`);
      return DIGEST_WAKE_MAX_MS;
    });
    if (stopped) return;
    digestTimer = setTimeout(() => {
      forEachWorkspace((workspace) => defer(() => digest.runDue(workspace)));
      defer(waitForDigests);
    }, delay);
    digestTimer.unref();
  };

  // The first pass waits for the app to finish starting, but counts as in flight from now, so waiting
  // for the app to be idle right after a start includes it.
  defer(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    pass(true);
  });
  defer(waitForDigests);
  const runPass = () => pass(false);
  const timer = setInterval(runPass, intervalMs);
  timer.unref();
  return {
    runPass,
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(digestTimer);
    },
  };
}
