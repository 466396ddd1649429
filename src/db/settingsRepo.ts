import { and, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import type * as pgSchema from './schema/pg.js';

export type TeamSettings = typeof pgSchema.teamSettings.$inferSelect;

/**
 * How long this process trusts what it read about whether a channel is watched and which openings mark
 * a proposal. Every message event in a channel asks both, and most are chatter, so reading them from the
 * database each time was most of a chatter event's work. A change made in this process forgets them at
 * once; a change made by another instance on the same PostgreSQL database is seen within this time, so
 * for a few seconds after `/decision unwatch` or `/decision triggers` there a message may be caught (or
 * not) as before the change. Nothing else reads these: the gate, approvers and the digest read afresh.
 */
export const CAPTURE_SETTINGS_TTL_MS = 5_000;
/** Past this many remembered channels the memory starts again empty (a bound, not a working size). */
const REMEMBERED_MAX = 10_000;

export function createSettingsRepo(database: Database, now: () => Date) {
  const { teamSettings, channelSettings } = database.schema;
  const remembered = new Map<string, { value: unknown; at: number }>();
  /** `read`'s answer as this process last read it, when that was less than CAPTURE_SETTINGS_TTL_MS ago. */
  async function recall<T>(key: string, read: () => Promise<T>): Promise<T> {
    const at = now().getTime();
    const kept = remembered.get(key);
    if (kept && at - kept.at >= 0 && at - kept.at < CAPTURE_SETTINGS_TTL_MS) return kept.value as T;
    const value = await read();
    if (remembered.size >= REMEMBERED_MAX) remembered.clear();
    remembered.set(key, { value, at });
    return value;
  }
  /** A change in this process is seen by its next read. */
  const forgetTeam = (teamId: string) => {
    for (const key of remembered.keys()) if (key.startsWith(`${teamId}:`)) remembered.delete(key);
  };
  const readTeam = (teamId: string): Promise<TeamSettings | undefined> =>
    database.run(async (db) => (await db.select().from(teamSettings).where(eq(teamSettings.teamId, teamId)))[0]);
  const upsertTeam = async (teamId: string, values: Partial<Omit<TeamSettings, 'teamId' | 'updatedAt'>>) => {
    const stamped = { ...values, updatedAt: now() };
    await database.run(async (db) => {
      await db
        .insert(teamSettings)
        .values({ teamId, ...stamped })
        .onConflictDoUpdate({ target: teamSettings.teamId, set: stamped });
    });
    forgetTeam(teamId);
  };

  return {
    team: readTeam,

    /** The workspace's own proposal openings (null: the defaults), for reading messages (see CAPTURE_SETTINGS_TTL_MS). */
    triggers(teamId: string): Promise<string[] | null> {
      return recall(`${teamId}:`, async () => (await readTeam(teamId))?.triggers ?? null);
    },

    /** null restores the default stages of the customer's path. */
    setPathStages(teamId: string, pathStages: TeamSettings['pathStages']): Promise<void> {
      return upsertTeam(teamId, { pathStages });
    },

    /** null restores the default triggers. */
    setTriggers(teamId: string, triggers: string[] | null): Promise<void> {
      return upsertTeam(teamId, { triggers });
    },

    setApprovers(teamId: string, approvers: string[]): Promise<void> {
      return upsertTeam(teamId, { approvers });
    },

    setRequiredAnswers(teamId: string, requiredAnswers: number): Promise<void> {
      return upsertTeam(teamId, { requiredAnswers });
    },

    setDigestChannel(teamId: string, digestChannel: string): Promise<void> {
      return upsertTeam(teamId, { digestChannel });
    },

    /** The cron and zone of `/decision digest schedule`, stamped with when they were set. */
    setDigestSchedule(teamId: string, schedule: { cron: string; timezone: string }): Promise<void> {
      return upsertTeam(teamId, {
        digestCron: schedule.cron,
        digestTimezone: schedule.timezone,
        digestScheduledAt: now(),
      });
    },

    setCustomerProfile(teamId: string, customerProfile: string, userId: string): Promise<void> {
      return upsertTeam(teamId, { customerProfile, customerProfileBy: userId });
    },

    setFeedbackEmoji(teamId: string, feedbackEmoji: string): Promise<void> {
      return upsertTeam(teamId, { feedbackEmoji });
    },

    /** Channels are watched unless someone ran `/decision unwatch` there (see CAPTURE_SETTINGS_TTL_MS). */
    isWatching(teamId: string, channelId: string): Promise<boolean> {
      return recall(`${teamId}:${channelId}`, () =>
        database.run(async (db) => {
          const [row] = await db
            .select({ watching: channelSettings.watching })
            .from(channelSettings)
            .where(and(eq(channelSettings.teamId, teamId), eq(channelSettings.channelId, channelId)));
          return row?.watching ?? true;
        }),
      );
    },

    async setWatching(teamId: string, channelId: string, watching: boolean, userId: string): Promise<void> {
      const values = { watching, updatedBy: userId, updatedAt: now() };
      await database.run(async (db) => {
        await db
          .insert(channelSettings)
          .values({ teamId, channelId, ...values })
          .onConflictDoUpdate({ target: [channelSettings.teamId, channelSettings.channelId], set: values });
      });
      forgetTeam(teamId);
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
