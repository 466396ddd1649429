import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isFirstWeekOfMonth,
  latestSlotAtOrBefore,
  nextSlotAfter,
  slotKey,
  weekBefore,
} from '../../src/digest/slots.js';

const MONDAY_9 = '0 9 * * 1';
const iso = (d: Date | undefined) => d?.toISOString();
const HOUR = 3600 * 1000;

/** The days on which a zone's offset from UTC changes, found by comparing each noon UTC with the next. */
function dstSwitches(zone: string, fromYear: number, toYear: number): Date[] {
  const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const name = (at: Date) => offset.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  const found: Date[] = [];
  for (let t = Date.UTC(fromYear, 0, 1, 12); t < Date.UTC(toYear, 0, 1, 12); t += 24 * HOUR) {
    if (name(new Date(t)) !== name(new Date(t + 24 * HOUR))) found.push(new Date(t));
  }
  return found;
}

describe('digest slots', () => {
  it('finds a Monday 09:00 slot in UTC and counts the slot itself as at-or-before', () => {
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'UTC', new Date('2025-11-24T09:00:00.000Z')))).toBe(
      '2025-11-24T09:00:00.000Z',
    );
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'UTC', new Date('2025-11-24T09:00:00.400Z')))).toBe(
      '2025-11-24T09:00:00.000Z',
    );
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'UTC', new Date('2025-11-24T08:59:59.999Z')))).toBe(
      '2025-11-17T09:00:00.000Z',
    );
    expect(iso(nextSlotAfter(MONDAY_9, 'UTC', new Date('2025-11-24T09:00:00.000Z')))).toBe('2025-12-01T09:00:00.000Z');
    expect(iso(nextSlotAfter(MONDAY_9, 'UTC', new Date('2025-11-24T08:59:59.000Z')))).toBe('2025-11-24T09:00:00.000Z');
  });

  it('reads the time in the digest’s zone, not the server’s', () => {
    expect(iso(nextSlotAfter(MONDAY_9, 'Asia/Tokyo', new Date('2025-11-22T00:00:00Z')))).toBe(
      '2025-11-24T00:00:00.000Z',
    );
    expect(iso(nextSlotAfter(MONDAY_9, 'America/Los_Angeles', new Date('2025-11-22T00:00:00Z')))).toBe(
      '2025-11-24T17:00:00.000Z',
    );
  });

  it('keeps 09:00 London time across the March and October switches', () => {
    // Clocks go forward on Sunday 30 March 2025 and back on Sunday 26 October 2025.
    expect(iso(nextSlotAfter(MONDAY_9, 'Europe/London', new Date('2025-03-24T09:00:00Z')))).toBe(
      '2025-03-31T08:00:00.000Z',
    );
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'Europe/London', new Date('2025-03-31T07:59:59Z')))).toBe(
      '2025-03-24T09:00:00.000Z',
    );
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'Europe/London', new Date('2025-03-31T08:00:00Z')))).toBe(
      '2025-03-31T08:00:00.000Z',
    );
    expect(iso(nextSlotAfter(MONDAY_9, 'Europe/London', new Date('2025-10-20T08:00:00Z')))).toBe(
      '2025-10-27T09:00:00.000Z',
    );
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'Europe/London', new Date('2025-10-27T08:30:00Z')))).toBe(
      '2025-10-20T08:00:00.000Z',
    );
  });

  it('keeps 09:00 New York time across the March and November switches', () => {
    // Clocks go forward on Sunday 9 March 2025 and back on Sunday 2 November 2025.
    expect(iso(nextSlotAfter(MONDAY_9, 'America/New_York', new Date('2025-03-03T14:00:00Z')))).toBe(
      '2025-03-10T13:00:00.000Z',
    );
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'America/New_York', new Date('2025-11-03T13:59:59Z')))).toBe(
      '2025-10-27T13:00:00.000Z',
    );
    expect(iso(latestSlotAtOrBefore(MONDAY_9, 'America/New_York', new Date('2025-11-03T14:00:00Z')))).toBe(
      '2025-11-03T14:00:00.000Z',
    );
  });

  it('runs a slot that falls in the skipped hour once, an hour later, and a repeated hour’s slot once', () => {
    const daily0130 = '30 1 * * *';
    // 01:30 does not exist in London on 30 March 2025: the slot moves to 02:30 BST (01:30Z).
    expect(iso(nextSlotAfter(daily0130, 'Europe/London', new Date('2025-03-29T12:00:00Z')))).toBe(
      '2025-03-30T01:30:00.000Z',
    );
    // 01:30 happens twice on 26 October 2025 (BST, then GMT): one slot only.
    const first = nextSlotAfter(daily0130, 'Europe/London', new Date('2025-10-25T12:00:00Z'));
    expect(iso(first)).toBe('2025-10-26T00:30:00.000Z');
    expect(iso(nextSlotAfter(daily0130, 'Europe/London', first ?? new Date(0)))).toBe('2025-10-27T01:30:00.000Z');
    expect(iso(latestSlotAtOrBefore(daily0130, 'Europe/London', new Date('2025-10-26T01:45:00Z')))).toBe(
      '2025-10-26T00:30:00.000Z',
    );
  });

  it('never leaves a slot between the latest one and now, in any zone, around any instant', () => {
    const patterns = [MONDAY_9, '30 1 * * *', '30 2 * * *', '0 0 1 * *', '*/15 * * * *', '0 23 * * 0'];
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.constantFrom(...zones),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        (cron, zone, now) => {
          const latest = latestSlotAtOrBefore(cron, zone, now);
          const next = nextSlotAfter(cron, zone, now);
          expect(latest).toBeDefined();
          expect(next).toBeDefined();
          if (!latest || !next) return;
          expect(latest.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          // Nothing in between: the slot after the latest is already past now.
          expect(nextSlotAfter(cron, zone, latest)?.getTime()).toBe(next.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a slot from anywhere within its own second', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(MONDAY_9, '*/15 * * * *', '30 1 * * *'),
        fc.constantFrom('UTC', 'Europe/London', 'America/New_York'),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (cron, zone, from, ms) => {
          const slot = nextSlotAfter(cron, zone, from);
          if (!slot) throw new Error('no slot');
          expect(latestSlotAtOrBefore(cron, zone, new Date(slot.getTime() + ms))?.getTime()).toBe(slot.getTime());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('covers the seven days before an instant at the same wall-clock time, 167 or 169 hours across a switch', () => {
    const london = weekBefore(MONDAY_9, 'Europe/London', new Date('2025-03-31T08:00:00Z'));
    expect(iso(london.start)).toBe('2025-03-24T09:00:00.000Z');
    expect(london.end.getTime() - london.start.getTime()).toBe(167 * HOUR);

    const newYork = weekBefore(MONDAY_9, 'America/New_York', new Date('2025-11-03T14:00:00Z'));
    expect(iso(newYork.start)).toBe('2025-10-27T13:00:00.000Z');
    expect(newYork.end.getTime() - newYork.start.getTime()).toBe(169 * HOUR);

    // Not a slot (a preview asked for on a Wednesday): seven days back, whatever the cron.
    const preview = weekBefore(MONDAY_9, 'UTC', new Date('2025-11-26T15:20:00Z'));
    expect(iso(preview.start)).toBe('2025-11-19T15:20:00.000Z');
  });

  it('starts a preview’s week at the same wall-clock time seven calendar days before, in the digest’s zone', () => {
    /** Wall-clock date and time in a zone, read by Intl (not by the code under test). */
    const wallClock = (at: Date, timeZone: string) => {
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
      const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
      return { day: Date.UTC(n('year'), n('month') - 1, n('day')), time: [n('hour'), n('minute'), n('second')] };
    };
    const zones = [
      'UTC',
      'Asia/Kolkata',
      'Europe/London',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-01-01T00:00:00Z'), noInvalidDate: true }),
        (zone, at) => {
          // 17 seconds past the minute is never a slot of the Monday 09:00 cron, so this is a preview's week.
          const end = new Date(Math.floor(at.getTime() / 60_000) * 60_000 + 17_000);
          const local = wallClock(end, zone);
          // Clocks change at night everywhere listed; by day the same wall-clock time exists a week before.
          fc.pre(local.time[0]! >= 4 && local.time[0]! <= 22);
          const week = weekBefore(MONDAY_9, zone, end);
          expect(week.end).toEqual(end);
          const start = wallClock(week.start, zone);
          expect(start.time).toEqual(local.time);
          expect(local.day - start.day).toBe(7 * 24 * HOUR);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves no hour of the New York DST switches out of a 01:00–02:59 weekly digest', () => {
    // 02:30 does not exist on 8 March 2026, so that slot runs at 03:30 EDT (07:30Z): its week must start at
    // the 02:30 EST slot of 1 March (07:30Z), not an hour later.
    const spring = '30 2 * * 0';
    expect(iso(nextSlotAfter(spring, 'America/New_York', new Date('2026-03-02T00:00:00Z')))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(iso(weekBefore(spring, 'America/New_York', new Date('2026-03-08T07:30:00Z')).start)).toBe(
      '2026-03-01T07:30:00.000Z',
    );
    // 01:30 happens twice on 1 November 2026 and the slot runs at the first (05:30Z): the next week starts there.
    const autumn = '30 1 * * 0';
    expect(iso(nextSlotAfter(autumn, 'America/New_York', new Date('2026-10-26T00:00:00Z')))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(iso(weekBefore(autumn, 'America/New_York', new Date('2026-11-08T06:30:00Z')).start)).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('tiles weekly digests across DST switches: each week starts exactly where the one before ended', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Europe/Berlin',
      'Australia/Sydney',
      'Australia/Lord_Howe',
      'America/Santiago',
      'Pacific/Chatham',
    ];
    const switches = zones.flatMap((zone) => dstSwitches(zone, 2024, 2028).map((at) => ({ zone, at })));
    expect(switches.length).toBeGreaterThanOrEqual(zones.length * 8);
    fc.assert(
      fc.property(
        fc.constantFrom(...switches),
        // The hours a switch moves or repeats, and any other hour.
        fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
        fc.constantFrom(0, 1, 15, 30, 45, 59),
        fc.integer({ min: 0, max: 6 }),
        // From up to three weeks before the switch, so the slots compared straddle it.
        fc.integer({ min: -21 * 24, max: 24 }),
        ({ zone, at }, hour, minute, weekday, hoursFromSwitch) => {
          const cron = `${minute} ${hour} * * ${weekday}`;
          const from = new Date(at.getTime() + hoursFromSwitch * HOUR);
          const first = nextSlotAfter(cron, zone, from);
          const second = first && nextSlotAfter(cron, zone, first);
          const third = second && nextSlotAfter(cron, zone, second);
          if (!first || !second || !third) throw new Error(`no slots for ${cron} in ${zone}`);
          expect(weekBefore(cron, zone, second)).toEqual({ start: first, end: second });
          expect(weekBefore(cron, zone, third)).toEqual({ start: second, end: third });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stores a slot as its UTC instant', () => {
    expect(slotKey(new Date('2025-03-31T08:00:00Z'))).toBe('2025-03-31T08:00:00.000Z');
  });
});

describe('isFirstWeekOfMonth', () => {
  it('is true for the first seven days of the month on the time zone’s calendar', () => {
    expect(isFirstWeekOfMonth(new Date('2033-08-01T09:00:00Z'), 'UTC')).toBe(true);
    expect(isFirstWeekOfMonth(new Date('2033-08-07T23:59:59Z'), 'UTC')).toBe(true);
    expect(isFirstWeekOfMonth(new Date('2033-08-08T00:00:00Z'), 'UTC')).toBe(false);
    expect(isFirstWeekOfMonth(new Date('2033-07-31T09:00:00Z'), 'UTC')).toBe(false);
    // July 31, 23:00 UTC is already August 1 in Berlin, and still July 31 in New York.
    expect(isFirstWeekOfMonth(new Date('2033-07-31T23:00:00Z'), 'Europe/Berlin')).toBe(true);
    expect(isFirstWeekOfMonth(new Date('2033-07-31T23:00:00Z'), 'America/New_York')).toBe(false);
  });
});
