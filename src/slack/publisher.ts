import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { Logger } from '../logger.js';
import { type SlackApi, slackErrorCode } from './api.js';
import type { DecisionPosts } from './decisionPosts.js';

export type PublishResult = { ok: true } | { ok: false; code: string };

/** Decisions being posted at once; Slack takes about one post a second per channel anyway. */
const MAX_CONCURRENT_PUBLISHES = 16;

/** Channels a backlog is posted to at once: as many as the Slack client sends requests at once (client.ts). */
const BACKLOG_CHANNELS_AT_ONCE = 8;

/** Errors after which posting again cannot work until a person does something (invites the bot, …). */
export const PERMANENT_POST_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'method_not_supported_for_channel_type',
  'restricted_action',
  'missing_scope',
]);

/**
 * Puts stored decisions into Slack: joins a public channel it is not in, keeps one attempt per decision
 * (in this process by the map below, across processes by the claim in decisionPosts.postMissing), and
 * queues a burst in the database rather than in memory.
 */
export function createPublisher({
  decisions,
  posts,
  defer,
  logger,
}: {
  decisions: DecisionsRepo;
  posts: DecisionPosts;
  /** Runs background work that shutdown waits for. */
  defer: (work: () => Promise<unknown>) => void;
  logger: Logger;
}) {
  const publishing = new Map<number, Promise<PublishResult>>();
  /** Per workspace: whether a drain of its backlog is running, and whether more work arrived meanwhile. */
  const drains = new Map<string, { backlog: boolean }>();

  /**
   * Posts one workspace's decisions that wait in the database: in each channel one at a time, oldest
   * first, so its cards come in the order they were proposed; several channels at once, so a backlog
   * across a company's channels does not queue behind its busiest one. Those that failed for a reason
   * only a person can fix (invite the bot, …) wait for that instead.
   */
  async function postUnposted(client: SlackApi, teamId: string): Promise<void> {
    const channels = await decisions.channelsWithUnposted(teamId, [...PERMANENT_POST_ERRORS]);
    const postChannels = async () => {
      for (let channelId = channels.shift(); channelId; channelId = channels.shift()) {
        await postChannelBacklog(client, teamId, channelId);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BACKLOG_CHANNELS_AT_ONCE, channels.length) }, postChannels));
  }

  async function postChannelBacklog(client: SlackApi, teamId: string, channelId: string, batch = 50): Promise<void> {
    let afterId = 0;
    for (;;) {
      const pending = await decisions.findUnposted(batch, {
        teamId,
        channelId,
        skipErrors: [...PERMANENT_POST_ERRORS],
        afterId,
      });
      for (const decision of pending) await publisher.publish(client, decision);
      const last = pending.at(-1);
      if (!last) return;
      afterId = last.id;
    }
  }

  /** One drain at a time per workspace, going round again while new work arrives during a pass. */
  function drainBacklog(client: SlackApi, teamId: string): void {
    const running = drains.get(teamId);
    if (running) {
      running.backlog = true;
      return;
    }
    const drain = { backlog: true };
    drains.set(teamId, drain);
    defer(async () => {
      try {
        while (drain.backlog) {
          drain.backlog = false;
          await postUnposted(client, teamId);
        }
      } finally {
        drains.delete(teamId);
      }
    });
  }

  async function publishOnce(client: SlackApi, decision: Decision): Promise<PublishResult> {
    try {
      await posts.postMissing(client, decision.teamId, decision.id);
      return { ok: true };
    } catch (error) {
      let code = slackErrorCode(error);
      if (code === 'not_in_channel') {
        try {
          await client.conversations.join({ channel: decision.channelId });
          await posts.postMissing(client, decision.teamId, decision.id);
          return { ok: true };
        } catch (retryError) {
          code = slackErrorCode(retryError);
        }
      }
      await decisions.setPostError(decision.id, code);
      logger.warn(`Could not post decision ${decision.id} in ${decision.channelId}: ${code}`);
      return { ok: false, code };
    }
  }

  const publisher = {
    /**
     * Posts the card and the three questions. A public channel the bot is not in is joined and the
     * post tried once more; any failure leaves the decision stored and is reported, never thrown.
     */
    publish(client: SlackApi, decision: Decision): Promise<PublishResult> {
      // One attempt at a time per decision: a retry racing a slow first attempt would post twice.
      const running = publishing.get(decision.id);
      if (running) return running;
      const attempt = publishOnce(client, decision).finally(() => publishing.delete(decision.id));
      publishing.set(decision.id, attempt);
      return attempt;
    },

    /**
     * Posts a new decision now, unless many posts are already under way: then it waits, stored and
     * unposted, for the backlog to be drained from the database, so a burst of proposals queues on
     * disk rather than in memory. Resolves to undefined when the decision was left for the backlog.
     */
    publishSoon(client: SlackApi, decision: Decision): Promise<PublishResult | undefined> {
      if (publishing.size >= MAX_CONCURRENT_PUBLISHES && !publishing.has(decision.id)) {
        drainBacklog(client, decision.teamId);
        return Promise.resolve(undefined);
      }
      return publisher.publish(client, decision);
    },

    /**
     * Tries again, in the background, to post one workspace's decisions that are not in Slack yet: after
     * an outage, at start after a crash, or when a burst left them waiting.
     */
    retryUnposted(client: SlackApi, teamId: string): void {
      drainBacklog(client, teamId);
    },
  };
  return publisher;
}

export type Publisher = ReturnType<typeof createPublisher>;
