import { Cron } from 'croner';

const DAY_MS = 24 * 3600 * 1000;

/** A paused job with no function never sets a timer; it only answers questions about the pattern. */
function pattern(cron: string, timezone: string): Cron {
  return new Cron(cron, { timezone, paused: true });
}

/**
 * The most recent slot at or before `now`, in the pattern's time zone. Croner's previousRuns is strictly
 * before a reference it first cuts to the second, so the reference is the start of the next second:
 * a slot at 09:00:00 is then found from 09:00:00.000 and from 09:00:00.400 alike.
 */
export function latestSlotAtOrBefore(cron: string, timezone: string, now: Date): Date | undefined {
  const reference = new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000);
  return pattern(cron, timezone).previousRuns(1, reference)[0];
}

/** The first slot strictly after `now`. */
export function nextSlotAfter(cron: string, timezone: string, now: Date): Date | undefined {
  return pattern(cron, timezone).nextRun(now) ?? undefined;
}

/** How a slot is stored in digest_runs.slot: its UTC instant, so every process and zone agrees on it. */
export function slotKey(slot: Date): string {
  return slot.toISOString();
}

/** The zone's offset from UTC at an instant, in milliseconds (e.g. +3_600_000 for London in summer). */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wallClockAsUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wallClockAsUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The cron's slot nearest `at`, before or after it. */
function nearestSlot(cron: string, timezone: string, at: Date): Date | undefined {
  const before = latestSlotAtOrBefore(cron, timezone, at);
  const after = nextSlotAfter(cron, timezone, at);
  if (!before || !after) return before ?? after;
  return at.getTime() - before.getTime() <= after.getTime() - at.getTime() ? before : after;
}

/**
 * The week a digest covers: from the same wall-clock time seven days before `end`, in the digest's zone, up
 * to `end`. Across a DST change that week is 167 or 169 hours long, so a Monday 09:00 digest always starts at
 * the previous Monday 09:00 rather than at 08:00 or 10:00.
 *
 * When `end` is one of the cron's slots, the week starts at the cron's slot nearest that instant instead, so
 * each scheduled digest starts exactly where the one before it ended. Wall-clock arithmetic alone does not
 * tile when the change moves a slot: an 01:30 slot runs at the first of two 01:30s in autumn and a 02:30 slot
 * runs at 03:30 on the spring day that has no 02:30, and a week computed back from the next slot would start
 * an hour after that run, leaving the hour in between in no digest.
 */
export function weekBefore(cron: string, timezone: string, end: Date): { start: Date; end: Date } {
  const guess = new Date(end.getTime() - 7 * DAY_MS);
  const sameWallClock = new Date(guess.getTime() + zoneOffsetMs(end, timezone) - zoneOffsetMs(guess, timezone));
  const isSlot = latestSlotAtOrBefore(cron, timezone, end)?.getTime() === end.getTime();
  const start = (isSlot ? nearestSlot(cron, timezone, sameWallClock) : undefined) ?? sameWallClock;
  return { start, end };
}

/**
 * Whether a digest posted at `slot` is the month's first weekly one (its day of the month, in `timeZone`, is
 * one of the first seven): the digest then carries the month's calibration.
 */
export function isFirstWeekOfMonth(slot: Date, timeZone: string): boolean {
  const day = Number(new Intl.DateTimeFormat('en-US', { timeZone, day: 'numeric' }).format(slot));
  return day <= 7;
}
