import type { Logger } from '../logger.js';
import { slackErrorCode } from './api.js';

/** The Web API methods that say who is in a channel and who runs the workspace. */
export interface DirectoryApi {
  conversations: {
    members(args: { channel: string; limit: number; cursor?: string }): Promise<{
      members?: string[];
      response_metadata?: { next_cursor?: string };
    }>;
  };
  usergroups: {
    list(args: { include_disabled?: boolean }): Promise<{ usergroups?: { id?: string; handle?: string }[] }>;
    users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> };
  };
  users: {
    info(args: { user: string }): Promise<{
      user?: {
        is_admin?: boolean;
        is_owner?: boolean;
        is_primary_owner?: boolean;
        deleted?: boolean;
        is_bot?: boolean;
        is_app_user?: boolean;
      };
    }>;
  };
}

/** Long enough to spare Slack a call per click, short enough that someone removed loses access soon. */
const MEMBERS_TTL_MS = 60_000;
const ADMIN_TTL_MS = 5 * 60_000;
/** Slack recommends pages of at most 200 members. */
const MEMBERS_PAGE = 200;

interface Cached<T> {
  value: T;
  until: number;
}

/**
 * What Slack says about people: who is in a channel and who administers the workspace. Answers are
 * cached briefly per workspace; a request never gets to claim membership or a role for itself.
 */
export function createSlackDirectory({ now, logger }: { now: () => Date; logger: Logger }) {
  // Promises, so that several requests asking at once share one reading of the channel.
  const members = new Map<string, Cached<Promise<ReadonlySet<string>>>>();
  const admins = new Map<string, Cached<boolean>>();
  const fresh = <T>(entry: Cached<T> | undefined) => (entry && entry.until > now().getTime() ? entry : undefined);

  function channelMembers(client: DirectoryApi, teamId: string, channelId: string) {
    const key = `${teamId}:${channelId}`;
    const cached = fresh(members.get(key));
    if (cached) return cached.value;
    const reading = readMembers(client, channelId);
    const entry = { value: reading, until: now().getTime() + MEMBERS_TTL_MS };
    members.set(key, entry);
    // A failed reading is not remembered: the next question asks Slack again.
    reading.catch(() => {
      if (members.get(key) === entry) members.delete(key);
    });
    return reading;
  }

  async function readMembers(client: DirectoryApi, channelId: string): Promise<ReadonlySet<string>> {
    const found = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await client.conversations.members({
        channel: channelId,
        limit: MEMBERS_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const id of page.members ?? []) found.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return found;
  }

  return {
    /**
     * Whether the person is in the channel; false when Slack cannot say (the bot is not in a private
     * channel, Slack is down), so an unknown answer never opens a private channel's business.
     */
    async isChannelMember(client: DirectoryApi, teamId: string, channelId: string, userId: string): Promise<boolean> {
      try {
        return (await channelMembers(client, teamId, channelId)).has(userId);
      } catch (error) {
        logger.warn(`Could not read the members of ${channelId}: ${slackErrorCode(error)}`);
        return false;
      }
    },

    /** A workspace admin or owner, by Slack's own record; false when Slack cannot say. */
    async isWorkspaceAdmin(client: DirectoryApi, teamId: string, userId: string): Promise<boolean> {
      const key = `${teamId}:${userId}`;
      const cached = fresh(admins.get(key));
      if (cached) return cached.value;
      try {
        const { user } = await client.users.info({ user: userId });
        const admin = Boolean(user && !user.deleted && (user.is_admin || user.is_owner || user.is_primary_owner));
        admins.set(key, { value: admin, until: now().getTime() + ADMIN_TTL_MS });
        return admin;
      } catch (error) {
        logger.warn(`Could not read the role of ${userId}: ${slackErrorCode(error)}`);
        return false;
      }
    },

    /** Everyone in a channel (the bot included), as Slack lists them; throws when Slack cannot say. */
    membersOf(client: DirectoryApi, teamId: string, channelId: string): Promise<ReadonlySet<string>> {
      return channelMembers(client, teamId, channelId);
    },

    /**
     * Whether a person can be briefed: an active human, not a bot, an app or a deactivated account. Throws
     * when Slack cannot say, so that nobody is left out because of an outage.
     */
    async isBriefable(client: DirectoryApi, userId: string): Promise<boolean> {
      try {
        const { user } = await client.users.info({ user: userId });
        return Boolean(user && !user.deleted && !user.is_bot && !user.is_app_user);
      } catch (error) {
        // Someone Slack does not know (removed from the workspace) is not briefed; any other failure is retried.
        if (slackErrorCode(error) === 'user_not_found') return false;
        throw error;
      }
    },

    /** The workspace's user groups by handle (lower case), to read the handles people type. */
    async usergroupsByHandle(client: DirectoryApi): Promise<Map<string, string>> {
      const { usergroups } = await client.usergroups.list({ include_disabled: false });
      return new Map(
        (usergroups ?? []).flatMap((g) => (g.id && g.handle ? [[g.handle.toLowerCase(), g.id] as const] : [])),
      );
    },

    /** Everyone in a user group (Slack lists them all at once); throws when Slack cannot say. */
    async groupMembers(client: DirectoryApi, groupId: string): Promise<string[]> {
      return (await client.usergroups.users.list({ usergroup: groupId })).users ?? [];
    },

    /** Someone joined or left: the next question about this channel asks Slack again. */
    forgetChannel(teamId: string, channelId: string): void {
      members.delete(`${teamId}:${channelId}`);
    },
  };
}

export type SlackDirectory = ReturnType<typeof createSlackDirectory>;
