import type { Decision, DecisionsRepo } from '../db/decisionsRepo.js';
import type { Briefing, FrontLineRepo } from '../db/frontLineRepo.js';
import type { OutboxJob, OutboxRepo } from '../db/outboxRepo.js';
import { LARGE_AUDIENCE, planBriefings, reminderThresholds } from '../decisions/customerPath.js';
import {
  type BriefingMessageKind,
  briefingText,
  buildBriefing,
  largeAudienceBlocks,
  largeAudienceText,
} from '../views/briefing.js';
import { type SlackApi, type SlackMessage, slackErrorCode } from './api.js';
import type { Logger } from '../logger.js';
import type { DecisionPosts } from './decisionPosts.js';
import type { DirectoryApi, SlackDirectory } from './directory.js';

/** The Web API methods briefing the front line needs, besides posting. */
export interface BriefingApi extends SlackApi, DirectoryApi {
  conversations: SlackApi['conversations'] &
    DirectoryApi['conversations'] & {
      open(args: { users: string }): Promise<{ channel?: { id?: string } }>;
    };
}

const JOBS = { plan: 'briefing-plan', send: 'briefing', remind: 'briefing-reminder' } as const;
const BRIEFING_EVENT = 'empty_chair_briefing';
/** Reminders queued per pass; the rest wait for the next pass. */
const REMINDER_BATCH = 200;

interface Deps {
  decisions: DecisionsRepo;
  frontLine: FrontLineRepo;
  outbox: OutboxRepo;
  posts: DecisionPosts;
  directory: SlackDirectory;
  linkTo: (decision: Decision) => string | undefined;
  /** The bot's own user in a workspace, which is never briefed. */
  botUserIdOf: (teamId: string) => Promise<string | undefined>;
  now: () => Date;
  logger: Logger;
}

/**
 * Briefs the front line of confirmed decisions. Every step is an outbox job (work out who to brief, one
 * message per person or channel post, one reminder per person), stored before Slack is called and keyed so
 * it is queued once per round however often it is asked for; each message carries its briefing's id in its
 * metadata, so an attempt after a timeout or a crash finds the message that landed instead of sending it again.
 */
export function createBriefings({
  decisions,
  frontLine,
  outbox,
  posts,
  directory,
  linkTo,
  botUserIdOf,
  now,
  logger,
}: Deps) {
  const queue = (teamId: string, kind: string, dedupeKey: string, payload: Record<string, unknown>) =>
    outbox.enqueueOnce({ teamId, kind, dedupeKey, payload, at: now() });

  /** Who each named group and channel holds, and who of all of them is not a person to brief. */
  async function lookUp(
    client: BriefingApi,
    decision: Decision,
    path: Awaited<ReturnType<FrontLineRepo['touchpointsFor']>>,
  ) {
    const groupMembers = new Map<string, string[]>();
    const channelMembers = new Map<string, string[]>();
    for (const group of new Set(path.flatMap((t) => t.usergroups))) {
      groupMembers.set(group, await directory.groupMembers(client, group));
    }
    for (const channel of new Set(path.flatMap((t) => t.channels))) {
      try {
        channelMembers.set(channel, [...(await directory.membersOf(client, decision.teamId, channel))]);
      } catch (error) {
        // A private channel the bot is not in cannot be read, now or later: the others are still briefed.
        if (slackErrorCode(error) !== 'channel_not_found') throw error;
        logger.warn(`Cannot brief the members of ${channel}, which the bot cannot see (decision ${decision.id}).`);
      }
    }
    const everyone = new Set([
      ...path.flatMap((t) => t.users),
      ...[...groupMembers.values()].flat(),
      ...[...channelMembers.values()].flat(),
    ]);
    const botUserId = await botUserIdOf(decision.teamId);
    const skipped = new Set(botUserId ? [botUserId] : []);
    for (const userId of everyone) {
      if (userId !== botUserId && !(await directory.isBriefable(client, userId))) skipped.add(userId);
    }
    return { groupMembers, channelMembers, skipped, channelPosts: decision.channelIsPrivate === false };
  }

  async function plan(client: BriefingApi, job: OutboxJob): Promise<void> {
    const decision = await decisions.findById(job.teamId, Number(job.payload.decisionId));
    if (!decision || decision.status !== 'confirmed' || decision.briefedRound >= decision.confirmations) return;
    const round = decision.confirmations;
    const path = await frontLine.touchpointsFor(decision.teamId, decision.id);
    const planned = planBriefings(path, await lookUp(client, decision, path));
    const people = planned.filter((p) => p.kind !== 'post').length;
    if (people > LARGE_AUDIENCE && decision.briefingApprovedRound < round) {
      await client.chat.postMessage({
        channel: decision.decidedBy ?? decision.proposerId,
        text: largeAudienceText(people),
        blocks: largeAudienceBlocks(decision, round, people),
      });
      return;
    }
    const rows = await frontLine.storeRound(decision.teamId, decision.id, round, planned);
    for (const row of rows) {
      if (row.kind !== 'member') await queue(row.teamId, JOBS.send, `${JOBS.send}:${row.id}`, { briefingId: row.id });
    }
    await posts.refresh(client, decision);
  }

  async function openDm(client: BriefingApi, userId: string): Promise<string> {
    const channel = (await client.conversations.open({ users: userId })).channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    return channel;
  }

  /** A message of this briefing that already landed in `channel` since the attempt began. */
  async function landed(client: BriefingApi, channel: string, since: Date, row: Briefing, part: string) {
    const { messages } = await client.conversations.history({
      channel,
      oldest: (since.getTime() / 1000 - 60).toFixed(6),
      inclusive: true,
      limit: 200,
      include_all_metadata: true,
    });
    const tagged = (m: SlackMessage) =>
      m.metadata?.event_type === BRIEFING_EVENT &&
      Number(m.metadata.event_payload?.briefing_id) === row.id &&
      m.metadata.event_payload?.part === part;
    return (messages ?? []).find(tagged)?.ts;
  }

  /** Posts; a public audience channel the bot is not in is joined and the post tried once more. */
  async function postJoining(client: BriefingApi, message: Parameters<SlackApi['chat']['postMessage']>[0]) {
    try {
      return await client.chat.postMessage(message);
    } catch (error) {
      if (slackErrorCode(error) !== 'not_in_channel') throw error;
      await client.conversations.join({ channel: message.channel });
      return client.chat.postMessage(message);
    }
  }

  async function send(client: BriefingApi, job: OutboxJob): Promise<void> {
    const part = job.kind === JOBS.remind ? 'reminder' : 'briefing';
    const row = await frontLine.find(job.teamId, Number(job.payload.briefingId));
    if (!row || (part === 'briefing' ? row.messageTs : row.reminderTs)) return;
    if (part === 'reminder' && row.ackedAt) return;
    const decision = await decisions.findById(row.teamId, row.decisionId);
    // A newer confirmation (or a reopening) supersedes this round: its own briefing goes out instead.
    if (!decision || decision.status !== 'confirmed' || decision.confirmations !== row.round) return;
    const channel =
      part === 'briefing' && row.kind === 'post' && row.channelId ? row.channelId : await openDm(client, row.recipient);
    const attemptedAt = part === 'briefing' ? row.attemptedAt : row.reminderAttemptedAt;
    let ts = attemptedAt ? await landed(client, channel, attemptedAt, row, part) : undefined;
    if (!ts) {
      await frontLine.markAttempt(row.id, part, now());
      const kind: BriefingMessageKind = part === 'reminder' ? 'reminder' : row.kind === 'post' ? 'post' : 'dm';
      const touchpoints = (await frontLine.touchpointsFor(row.teamId, row.decisionId)).filter((t) =>
        row.stages.includes(t.stage),
      );
      const content = { decision, round: row.round, touchpoints, link: linkTo(decision), kind };
      const message = {
        channel,
        text: briefingText(content),
        blocks: buildBriefing(content),
        unfurl_links: false,
        metadata: { event_type: BRIEFING_EVENT, event_payload: { briefing_id: row.id, part } },
      };
      ts = (await postJoining(client, message)).ts;
      if (!ts) throw new Error('chat.postMessage returned no ts');
    }
    await frontLine.markSent(row.id, part, channel, ts);
  }

  /**
   * Queues the one reminder of each person still to acknowledge whose decision is due (a day before it goes
   * live, or two days after it was confirmed). Queued before it is marked, so a crash in between queues
   * nothing twice: the outbox's key keeps it to one.
   */
  async function queueReminders(teamId: string, at: Date): Promise<void> {
    for (const row of await frontLine.remindable(teamId, reminderThresholds(at), REMINDER_BATCH)) {
      await queue(teamId, JOBS.remind, `${JOBS.remind}:${row.id}`, { briefingId: row.id });
      await frontLine.markReminded(row.id, at);
    }
  }

  const asBriefingApi = (client: SlackApi) => client as BriefingApi;
  posts.handle(JOBS.plan, (client, job) => plan(asBriefingApi(client), job));
  posts.handle(JOBS.send, (client, job) => send(asBriefingApi(client), job));
  posts.handle(JOBS.remind, (client, job) => send(asBriefingApi(client), job));

  const queuePlan = (decision: Decision, suffix = '') =>
    queue(decision.teamId, JOBS.plan, `${JOBS.plan}:${decision.id}:${decision.confirmations}${suffix}`, {
      decisionId: decision.id,
    });

  return {
    /** A decision was confirmed: its front line is worked out and briefed now (or by the next pass, after an outage). */
    async confirmed(client: BriefingApi, decision: Decision): Promise<void> {
      if (decision.status !== 'confirmed') return;
      // An unmapped decision has nobody to brief (its card says so).
      if ((await frontLine.touchpointsFor(decision.teamId, decision.id)).length === 0) return;
      await queuePlan(decision);
      await posts.drainOutbox(client, decision.teamId);
    },

    /**
     * Draws a person's direct message again without its buttons, once they said Got it. Only a courtesy: if
     * Slack refuses, the acknowledgement still counts and a second click says so.
     */
    async markAcknowledged(client: BriefingApi, decision: Decision, row: Briefing): Promise<void> {
      if (row.kind !== 'dm' || !row.messageChannel || !row.messageTs) return;
      const touchpoints = (await frontLine.touchpointsFor(row.teamId, row.decisionId)).filter((t) =>
        row.stages.includes(t.stage),
      );
      const content = { decision, round: row.round, touchpoints, link: linkTo(decision), kind: 'dm' as const };
      try {
        await client.chat.update({
          channel: row.messageChannel,
          ts: row.messageTs,
          text: briefingText(content),
          blocks: buildBriefing({ ...content, acknowledged: true }),
        });
      } catch (error) {
        logger.warn(`Could not mark briefing ${row.id} as acknowledged: ${slackErrorCode(error)}`);
      }
    },

    /** The confirmer agreed to brief a very large audience. False when the round is no longer current. */
    async sendLarge(client: BriefingApi, decision: Decision, round: number): Promise<boolean> {
      if (!(await frontLine.approveLargeRound(decision.teamId, decision.id, round))) return false;
      await queuePlan({ ...decision, confirmations: round }, ':approved');
      await posts.drainOutbox(client, decision.teamId);
      return true;
    },

    /**
     * The background pass of one workspace: rounds a crash or an outage left unplanned, due reminders, and
     * every queued briefing.
     */
    async runPass(client: BriefingApi, teamId: string, at: Date): Promise<void> {
      for (const decision of await frontLine.unplanned(teamId, 50)) await queuePlan(decision);
      await queueReminders(teamId, at);
      await posts.drainOutbox(client, teamId);
    },
  };
}

export type Briefings = ReturnType<typeof createBriefings>;
