import type { DigestScheduler } from './digest/scheduler.js';
import { sendDueNudges } from './slack/reminders.js';
import type { Services } from './services.js';
import type { Workspace, Workspaces } from './slack/workspaces.js';

/** Processed event ids are kept this long; Slack stops retrying an event after minutes. */
const EVENT_IDS_KEPT_MS = 24 * 3600 * 1000;

/**
 * The work nobody asks for, done for each workspace served with that workspace's own client, on its rows
 * alone: decisions not yet in Slack, queued redraws and thread lines, reminders and the digest; then old
 * event ids. A workspace no longer in the list (uninstalled) gets none of it. A pass runs right after the
 * start (work left by a crash or an outage, and a missed digest) and then on a timer. A busy, read-only or
 * full database costs a pass one log line per part; the next one tries again.
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
  const { defer, now } = services;
  const passFor = (workspace: Workspace, first: boolean) => {
    const { client, teamId, teamUrl } = workspace;
    defer(async () => services.publisher.retryUnposted(client, teamId));
    defer(() => services.posts.runOutbox(client, teamId));
    defer(() =>
      sendDueNudges({ repo: services.digest.nudges, slack: client, teamId, teamUrl, now, logger: services.logger }),
    );
    defer(() => (first ? digest.catchUp(workspace) : digest.runDue(workspace)));
  };
  const pass = (first: boolean) => {
    defer(async () => {
      for (const workspace of await workspaces.list()) passFor(workspace, first);
    });
    defer(async () => services.events.forgetOlderThan(new Date(now().getTime() - EVENT_IDS_KEPT_MS)));
  };
  // The first pass waits for the app to finish starting, but counts as in flight from now, so waiting
  // for the app to be idle right after a start includes it.
  defer(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    pass(true);
  });
  const runPass = () => pass(false);
  const timer = setInterval(runPass, intervalMs);
  timer.unref();
  return { runPass, stop: () => clearInterval(timer) };
}
