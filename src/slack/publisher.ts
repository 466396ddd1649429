import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { Logger } from '../logger.js';
import { type SlackApi, slackErrorCode } from './api.js';
import type { DecisionPosts } from './decisionPosts.js';

export type PublishResult = { ok: true } | { ok: false; code: string };

/** One workspace's backlog being posted. */
interface Drain {
  /** The channels being drained now. */
  channels: Set<string>;
  /**
   * The channels drained since new work last arrived: left alone until more arrives, so decisions that
   * Slack keeps refusing (an outage) are tried once per arrival, not round and round.
   */
  visited: Set<string>;
  /** Channels being drained that were found waiting again when new work arrived: they go round once more. */
  again: Set<string>;
  /** Whether the channels are being looked up, and whether to look once more when that is done. */
  looking: boolean;
  lookAgain: boolean;
  /** Whether new work arrived since the last lookup. */
  newWork: boolean;
  /** Channels left for later because BACKLOG_CHANNELS_AT_ONCE were being drained. */
  moreWaiting: boolean;
}

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
  /** Per workspace: the backlog being drained (see drainBacklog). */
  const drains = new Map<string, Drain>();

  /**
   * Posts what waits in the database for one workspace: in each channel one decision at a time, oldest
   * first, so a backlog's cards come in the order they were proposed (one Slack refused for a while is
   * tried again later, after newer ones); up to BACKLOG_CHANNELS_AT_ONCE channels at once, so a backlog in
   * one busy channel does not hold back the others. New work arriving meanwhile has the channels looked
   * up again. Decisions that failed for a reason only a person can fix (invite the bot, …) wait for that.
   */
  function drainBacklog(client: SlackApi, teamId: string): void {
    let drain = drains.get(teamId);
    if (!drain) {
      drain = {
        channels: new Set(),
        visited: new Set(),
        again: new Set(),
        looking: false,
        lookAgain: false,
        newWork: false,
        moreWaiting: false,
      };
      drains.set(teamId, drain);
    }
    drain.newWork = true;
    lookUpChannels(client, teamId, drain);
  }

  function lookUpChannels(client: SlackApi, teamId: string, drain: Drain): void {
    drain.lookAgain = true;
    if (drain.looking) return;
    drain.looking = true;
    defer(async () => {
      try {
        while (drain.lookAgain) {
          drain.lookAgain = false;
          const newWork = drain.newWork;
          drain.newWork = false;
          if (newWork) drain.visited.clear();
          for (const channelId of await decisions.channelsWithUnposted(teamId, [...PERMANENT_POST_ERRORS])) {
            if (drain.channels.has(channelId)) {
              // Its drain may have read its last batch before the new work came: it goes round once more.
              if (newWork) drain.again.add(channelId);
            } else if (drain.visited.has(channelId)) {
              continue;
            } else if (drain.channels.size >= BACKLOG_CHANNELS_AT_ONCE) {
              drain.moreWaiting = true;
            } else {
              drain.channels.add(channelId);
              drain.visited.add(channelId);
              defer(() => drainChannel(client, teamId, channelId, drain));
            }
          }
        }
      } finally {
        drain.looking = false;
        forgetIfDone(teamId, drain);
      }
    });
  }

  async function drainChannel(client: SlackApi, teamId: string, channelId: string, drain: Drain): Promise<void> {
    try {
      do {
        drain.again.delete(channelId);
        await postChannelBacklog(client, teamId, channelId);
      } while (drain.again.has(channelId));
    } finally {
      drain.channels.delete(channelId);
      drain.again.delete(channelId);
      if (drain.moreWaiting) {
        drain.moreWaiting = false;
        lookUpChannels(client, teamId, drain);
      }
      forgetIfDone(teamId, drain);
    }
  }

  function forgetIfDone(teamId: string, drain: Drain): void {
    if (!drain.looking && drain.channels.size === 0 && drains.get(teamId) === drain) drains.delete(teamId);
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
