import { expect } from 'vitest';
import type { TestDatabase } from './testDatabase.js';

/**
 * Far from any date the suite is run on, so a timestamp taken from the machine's clock instead of the
 * app's injected one lands years away from every test date and fails the check below.
 */
export const TEST_EPOCH = Date.parse('2033-06-15T10:00:00.000Z');

/**
 * The app's clock in tests: it runs at real speed (timers, backoff and timeouts behave as in
 * production) but from a date the test chooses. `set` jumps to a moment and runs on from there.
 */
export class TestClock {
  private base: number;
  private startedAt = performance.now();
  /** The earliest moment this clock has shown, for the leak check. */
  private earliest: number;

  constructor(start: Date | string | number = TEST_EPOCH) {
    this.base = new Date(start).getTime();
    this.earliest = this.base;
  }

  readonly now = (): Date => new Date(this.base + Math.floor(performance.now() - this.startedAt));

  set(moment: Date | string | number): void {
    this.base = new Date(moment).getTime();
    this.startedAt = performance.now();
    this.earliest = Math.min(this.earliest, this.base);
  }

  advance(ms: number): void {
    this.set(this.now().getTime() + ms);
  }

  /** Every moment this clock has shown lies in this range. */
  range(): { from: number; to: number } {
    return { from: this.earliest, to: this.now().getTime() };
  }
}

/**
 * Every timestamp column (`*_at`) of every table holds a moment the app's clock has shown. A row stamped
 * by the database's default or `new Date()` carries the machine's date and fails here.
 */
export async function expectTimestampsFrom(db: TestDatabase, clock: TestClock): Promise<void> {
  const { from, to: shown } = clock.range();
  // Scheduled moments (an outbox job's next attempt, a claim's end, a review's due date up to 90 days on)
  // may lie ahead of the clock, never by years.
  const to = shown + 91 * 24 * 3600 * 1000;
  for (const { table, column } of await db.timestampColumns()) {
    const range = await db.row(`select min("${column}") as lo, max("${column}") as hi from "${table}"`);
    const outside = [range?.lo, range?.hi]
      .filter((at): at is number => typeof at === 'number')
      .filter((at) => at < from || at > to);
    expect(
      outside.map((at) => new Date(at).toISOString()),
      `${table}.${column} holds moments the app's clock never showed (${new Date(from).toISOString()} – ${new Date(to).toISOString()})`,
    ).toEqual([]);
  }
}
