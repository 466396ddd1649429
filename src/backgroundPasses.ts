import { sendDueNudges } from './slack/reminders.js';
import type { Services } from './services.js';
import type { SlackApi } from './slack/api.js';

/**
 * Queues the reviews due in a workspace (and the one reminder of unanswered ones), then posts them through
 * the outbox, which claims each post for one process.
 */
async function askDueReviews(services: Services, client: SlackApi, teamId: string, at: Date): Promise<void> {
  const { asked, reminded } = await services.predictions.queueDueReviews(teamId, services.reviewTimeZone(teamId), at);
  if (asked + reminded === 0) return;
  services.logger.info(`Asking ${asked} review(s) and reminding ${reminded} in ${teamId}.`);
  await services.posts.runOutbox(client);
}

/** Processed event ids are kept this long; Slack stops retrying an event after minutes. */
const EVENT_IDS_KEPT_MS = 24 * 3600 * 1000;

/**
 * The work nobody asks for: decisions not yet in Slack, queued redraws and thread lines, reminders and
 * old event ids. A pass runs right after the start (work left by a crash or an outage) and then on a
 * timer. A busy, read-only or full database costs a pass one log line per part; the next one tries again.
 */
export function startBackgroundPasses({
  services,
  client,
  intervalMs,
}: {
  services: Services;
  client: SlackApi;
  intervalMs: number;
}) {
  const { defer, now } = services;
  const runPass = () => {
    defer(async () => services.publisher.retryUnposted(client));
    defer(() => services.posts.runOutbox(client));
    defer(() =>
      sendDueNudges({
        repo: services.digest.nudges,
        slack: client,
        teamId: services.bot.teamId,
        teamUrl: services.bot.teamUrl,
        now,
        logger: services.logger,
      }),
    );
    defer(() => askDueReviews(services, client, services.bot.teamId, now()));
    defer(async () => services.events.forgetOlderThan(new Date(now().getTime() - EVENT_IDS_KEPT_MS)));
  };
  // The first pass waits for the app to finish starting, but counts as in flight from now, so waiting
  // for the app to be idle right after a start includes it.
  defer(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    runPass();
  });
  const timer = setInterval(runPass, intervalMs);
  timer.unref();
  return { runPass, stop: () => clearInterval(timer) };
}
