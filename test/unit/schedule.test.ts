import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, parseWeeklySchedule, weeklyTime } from '../../src/digest/schedule.js';
import { latestSlotAtOrBefore } from '../../src/digest/slots.js';

describe('a digest schedule as typed', () => {
  it.each([
    ['Monday 09:00 Europe/Berlin', { cron: '0 9 * * 1', timezone: 'Europe/Berlin' }],
    ['fridays 16:30 america/new_york', { cron: '30 16 * * 5', timezone: 'America/New_York' }],
    ['SUN 0:05 UTC', { cron: '5 0 * * 0', timezone: 'UTC' }],
    ['saturday 23:59', { cron: '59 23 * * 6', timezone: 'Asia/Tokyo' }],
  ])('reads %j', (text, schedule) => {
    expect(parseWeeklySchedule(text, 'Asia/Tokyo')).toEqual({ ok: true, schedule });
  });

  it.each([
    ['Mondai 09:00 UTC', 'day', 'Mondai'],
    ['', 'day', ''],
    ['09:00 Monday', 'day', '09:00'],
    ['Monday 9am UTC', 'time', '9am'],
    ['Monday 24:00 UTC', 'time', '24:00'],
    ['Monday 09:60 UTC', 'time', '09:60'],
    ['Monday', 'time', ''],
    ['Monday 09:00 Mars/Olympus', 'zone', 'Mars/Olympus'],
    ['Monday 09:00 Europe/Berlin please', 'words', 'please'],
  ] as const)('refuses %j, naming what is wrong', (text, problem, word) => {
    expect(parseWeeklySchedule(text, 'UTC')).toEqual({ ok: false, problem, word });
  });

  it('describes a weekly pattern by its day and time, and no other', () => {
    expect(weeklyTime('30 9 * * 1')).toEqual({ day: 1, hour: 9, minute: 30 });
    expect(weeklyTime('0 9 * * 7')).toEqual({ day: 0, hour: 9, minute: 0 });
    expect(weeklyTime('0 9 * * 1-5')).toBeUndefined();
    expect(weeklyTime('0 0 9 * * 1')).toBeUndefined();
  });

  it('gives the canonical name of a zone, and none for what is not one', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Nowhere/Special')).toBeUndefined();
  });

  it('makes a pattern whose slots fall on the day and time in the zone', () => {
    const parsed = parseWeeklySchedule('Monday 09:00 Europe/Berlin', 'UTC');
    if (!parsed.ok) throw new Error('not read');
    // Summer: Berlin is UTC+2.
    const slot = latestSlotAtOrBefore(parsed.schedule.cron, parsed.schedule.timezone, new Date('2033-06-15T12:00:00Z'));
    expect(slot?.toISOString()).toBe('2033-06-13T07:00:00.000Z');
  });
});
