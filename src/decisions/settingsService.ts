import type { SettingsRepo } from '../db/settingsRepo.js';
import { type ChosenSchedule, parseWeeklySchedule, type ScheduleRequest } from '../digest/schedule.js';
import { mentionedUsers } from './commandText.js';
import { mayChangeSettings } from './settingsPolicy.js';
import { plainSlackText } from './slackText.js';
import { DEFAULT_TRIGGERS, parseTriggerList } from './triggers.js';

/** How many answers each question may be asked to need. */
export const REQUIRED_ANSWERS_RANGE = { min: 1, max: 20 } as const;

export type SettingsCheck = { ok: true } | { ok: false; approvers: readonly string[] };

/** A workspace's settings: reading them is open to all, changing them follows settingsPolicy. */
export function createSettingsService({ settings }: { settings: SettingsRepo }) {
  const team = (teamId: string) => settings.team(teamId);
  const approversFor = async (teamId: string) => (await team(teamId))?.approvers ?? [];

  return {
    triggersFor: async (teamId: string): Promise<readonly string[]> =>
      (await team(teamId))?.triggers ?? DEFAULT_TRIGGERS,
    approversFor,
    requiredAnswers: async (teamId: string): Promise<number> => (await team(teamId))?.requiredAnswers ?? 1,
    customerProfile: async (teamId: string): Promise<string | null> => (await team(teamId))?.customerProfile ?? null,
    digestChannel: async (teamId: string): Promise<string | null> => (await team(teamId))?.digestChannel ?? null,
    /** The schedule the workspace chose; undefined while it follows DIGEST_CRON and DIGEST_TIMEZONE. */
    async digestSchedule(teamId: string): Promise<ChosenSchedule | undefined> {
      const row = await team(teamId);
      if (!row?.digestCron || !row.digestTimezone || !row.digestScheduledAt) return undefined;
      return { cron: row.digestCron, timezone: row.digestTimezone, setAt: row.digestScheduledAt };
    },

    /**
     * Whether this person may change the workspace's settings. Slack is asked whether they are an admin
     * only when being an approver (or writing the first customer description) is not enough.
     */
    async check(
      teamId: string,
      userId: string,
      isWorkspaceAdmin: () => Promise<boolean>,
      options: { firstCustomerProfile?: boolean } = {},
    ): Promise<SettingsCheck> {
      const approvers = await approversFor(teamId);
      const request = { userId, approvers, isAdmin: false, ...options };
      if (mayChangeSettings(request) || mayChangeSettings({ ...request, isAdmin: await isWorkspaceAdmin() })) {
        return { ok: true };
      }
      return { ok: false, approvers };
    },

    setWatching(teamId: string, channelId: string, watching: boolean, userId: string): Promise<void> {
      return settings.setWatching(teamId, channelId, watching, userId);
    },

    /** `default` restores the default openings; otherwise a comma- or line-separated list, as typed. */
    async setTriggers(teamId: string, value: string): Promise<readonly string[]> {
      const triggers = value.trim().toLowerCase() === 'default' ? null : parseTriggerList(plainSlackText(value));
      await settings.setTriggers(teamId, triggers);
      return triggers ?? DEFAULT_TRIGGERS;
    },

    setDigestChannel(teamId: string, channelId: string): Promise<void> {
      return settings.setDigestChannel(teamId, channelId);
    },

    /**
     * `Monday 09:00 Europe/Berlin` as typed (without a zone, `currentZone` stays); nothing changes when the
     * text is not such a schedule.
     */
    async setDigestSchedule(teamId: string, value: string, currentZone: string): Promise<ScheduleRequest> {
      const request = parseWeeklySchedule(plainSlackText(value), currentZone);
      if (request.ok) await settings.setDigestSchedule(teamId, request.schedule);
      return request;
    },

    /** Mentioned people, or `none`; undefined (nothing changed) when the text names nobody. */
    async setApprovers(teamId: string, value: string): Promise<string[] | undefined> {
      const none = value.trim().toLowerCase() === 'none';
      const ids = none ? [] : mentionedUsers(value);
      if (ids.length === 0 && !none) return undefined;
      await settings.setApprovers(teamId, ids);
      return ids;
    },

    /** A whole number in REQUIRED_ANSWERS_RANGE; undefined (nothing changed) otherwise. */
    async setRequiredAnswers(teamId: string, value: string): Promise<number | undefined> {
      const required = Number(value.trim());
      if (!Number.isInteger(required) || required < REQUIRED_ANSWERS_RANGE.min || required > REQUIRED_ANSWERS_RANGE.max)
        return undefined;
      await settings.setRequiredAnswers(teamId, required);
      return required;
    },

    setCustomerProfile(teamId: string, profile: string, userId: string): Promise<void> {
      return settings.setCustomerProfile(teamId, profile, userId);
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
