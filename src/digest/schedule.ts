/** When a workspace's weekly digest goes out: a cron pattern read in an IANA time zone. */
export interface DigestSchedule {
  cron: string;
  timezone: string;
}

/** A schedule a workspace chose with `/decision digest schedule`, and when it did. */
export interface ChosenSchedule extends DigestSchedule {
  setAt: Date;
}

/** A weekly slot: a day (0 = Sunday, as in cron) at a time of day. */
export interface WeeklyTime {
  day: number;
  hour: number;
  minute: number;
}

export type ScheduleRequest =
  { ok: true; schedule: DigestSchedule } | { ok: false; problem: 'day' | 'time' | 'zone' | 'words'; word: string };

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The zone's canonical IANA name (`europe/berlin` gives Europe/Berlin); undefined when it is none. */
export function canonicalTimeZone(value: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export const isTimeZone = (value: string): boolean => canonicalTimeZone(value) !== undefined;

/** `Monday`, `mondays` or `mon`; undefined for anything else. */
function dayOfWeek(word: string): number | undefined {
  const lower = word.toLowerCase().replace(/s$/, '');
  const day = DAYS.findIndex((name) => name === lower || (lower.length === 3 && name.startsWith(lower)));
  return day === -1 ? undefined : day;
}

/** `09:00` or `9:00` on a 24-hour clock. */
function timeOfDay(word: string): { hour: number; minute: number } | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(word);
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : undefined;
}

/**
 * Reads `Monday 09:00 Europe/Berlin`: a day, a 24-hour time and, optionally, an IANA zone (without one,
 * `currentZone` stays). The first word that is not what it should be is named in the answer.
 */
export function parseWeeklySchedule(text: string, currentZone: string): ScheduleRequest {
  const [dayWord = '', timeWord = '', zoneWord, ...extra] = text.trim().split(/\s+/);
  const day = dayOfWeek(dayWord);
  if (day === undefined) return { ok: false, problem: 'day', word: dayWord };
  const time = timeOfDay(timeWord);
  if (!time) return { ok: false, problem: 'time', word: timeWord };
  const timezone = zoneWord === undefined ? currentZone : canonicalTimeZone(zoneWord);
  if (!timezone) return { ok: false, problem: 'zone', word: zoneWord ?? '' };
  if (extra.length > 0) return { ok: false, problem: 'words', word: extra.join(' ') };
  return { ok: true, schedule: { cron: `${time.minute} ${time.hour} * * ${day}`, timezone } };
}

/** The day and time of a once-a-week cron such as `30 9 * * 1`; undefined for any other pattern. */
export function weeklyTime(cron: string): WeeklyTime | undefined {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* ([0-7])$/.exec(cron.trim());
  if (!match) return undefined;
  const [minute, hour, day] = [Number(match[1]), Number(match[2]), Number(match[3]) % 7];
  return minute < 60 && hour < 24 ? { day, hour, minute } : undefined;
}
