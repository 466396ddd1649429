import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestSlotAtOrBefore, nextSlotAfter, slotKey, weekBefore } from '../../src/digest/slots.js';

const MONDAY_9 = '0 9 * * 1';
const iso = (d: Date | undefined) => d?.toISOString();
const HOUR = 3600 * 1000;

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

  it('covers the seven days before the slot at the same wall-clock time, 167 or 169 hours across a switch', () => {
    const london = weekBefore(new Date('2025-03-31T08:00:00Z'), 'Europe/London');
    expect(iso(london.start)).toBe('2025-03-24T09:00:00.000Z');
    expect(london.end.getTime() - london.start.getTime()).toBe(167 * HOUR);

    const newYork = weekBefore(new Date('2025-11-03T14:00:00Z'), 'America/New_York');
    expect(iso(newYork.start)).toBe('2025-10-27T13:00:00.000Z');
    expect(newYork.end.getTime() - newYork.start.getTime()).toBe(169 * HOUR);

    const utc = weekBefore(new Date('2025-11-24T09:00:00Z'), 'UTC');
    expect(utc.end.getTime() - utc.start.getTime()).toBe(168 * HOUR);
  });

  it('stores a slot as its UTC instant', () => {
    expect(slotKey(new Date('2025-03-31T08:00:00Z'))).toBe('2025-03-31T08:00:00.000Z');
  });
});
