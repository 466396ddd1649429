import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { channelSettings, teamSettings } from './schema.js';

export type TeamSettings = typeof teamSettings.$inferSelect;

export function createSettingsRepo(db: Db, now: () => Date) {
  const upsertTeam = (teamId: string, values: Partial<Omit<TeamSettings, 'teamId' | 'updatedAt'>>) => {
    const stamped = { ...values, updatedAt: now() };
    db.insert(teamSettings)
      .values({ teamId, ...stamped })
      .onConflictDoUpdate({ target: teamSettings.teamId, set: stamped })
      .run();
  };

  // Prepared once: every intercepted message and every click reads these.
  const team = db
    .select()
    .from(teamSettings)
    .where(eq(teamSettings.teamId, sql.placeholder('teamId')))
    .prepare();
  const watching = db
    .select({ watching: channelSettings.watching })
    .from(channelSettings)
    .where(
      and(
        eq(channelSettings.teamId, sql.placeholder('teamId')),
        eq(channelSettings.channelId, sql.placeholder('channelId')),
      ),
    )
    .prepare();

  return {
    team(teamId: string): TeamSettings | undefined {
      return team.get({ teamId });
    },

    /** null restores the default triggers. */
    setTriggers(teamId: string, triggers: string[] | null): void {
      upsertTeam(teamId, { triggers });
    },

    setApprovers(teamId: string, approvers: string[]): void {
      upsertTeam(teamId, { approvers });
    },

    setRequiredAnswers(teamId: string, requiredAnswers: number): void {
      upsertTeam(teamId, { requiredAnswers });
    },

    setDigestChannel(teamId: string, digestChannel: string): void {
      upsertTeam(teamId, { digestChannel });
    },

    setCustomerProfile(teamId: string, customerProfile: string, userId: string): void {
      upsertTeam(teamId, { customerProfile, customerProfileBy: userId });
    },

    /** Channels are watched unless someone ran `/decision unwatch` there. */
    isWatching(teamId: string, channelId: string): boolean {
      return watching.get({ teamId, channelId })?.watching ?? true;
    },

    setWatching(teamId: string, channelId: string, watching: boolean, userId: string): void {
      const values = { watching, updatedBy: userId, updatedAt: now() };
      db.insert(channelSettings)
        .values({ teamId, channelId, ...values })
        .onConflictDoUpdate({ target: [channelSettings.teamId, channelSettings.channelId], set: values })
        .run();
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
