import { and, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import type * as pgSchema from './schema/pg.js';

export type TeamSettings = typeof pgSchema.teamSettings.$inferSelect;

export function createSettingsRepo(database: Database, now: () => Date) {
  const { teamSettings, channelSettings } = database.schema;
  const upsertTeam = (teamId: string, values: Partial<Omit<TeamSettings, 'teamId' | 'updatedAt'>>) => {
    const stamped = { ...values, updatedAt: now() };
    return database.run(async (db) => {
      await db
        .insert(teamSettings)
        .values({ teamId, ...stamped })
        .onConflictDoUpdate({ target: teamSettings.teamId, set: stamped });
    });
  };

  return {
    team(teamId: string): Promise<TeamSettings | undefined> {
      return database.run(
        async (db) => (await db.select().from(teamSettings).where(eq(teamSettings.teamId, teamId)))[0],
      );
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

    /** Channels are watched unless someone ran `/decision unwatch` there. */
    isWatching(teamId: string, channelId: string): Promise<boolean> {
      return database.run(async (db) => {
        const [row] = await db
          .select({ watching: channelSettings.watching })
          .from(channelSettings)
          .where(and(eq(channelSettings.teamId, teamId), eq(channelSettings.channelId, channelId)));
        return row?.watching ?? true;
      });
    },

    setWatching(teamId: string, channelId: string, watching: boolean, userId: string): Promise<void> {
      const values = { watching, updatedBy: userId, updatedAt: now() };
      return database.run(async (db) => {
        await db
          .insert(channelSettings)
          .values({ teamId, channelId, ...values })
          .onConflictDoUpdate({ target: [channelSettings.teamId, channelSettings.channelId], set: values });
      });
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
