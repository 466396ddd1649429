import { readFileSync, writeFileSync } from 'node:fs';

/** Resident memory of a process in MB, read from /proc: now and at its peak (since start or the last resetPeak). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * Starts a new peak for memoryOf: Linux sets a process's peak RSS back to its current RSS when 5 is
 * written to its clear_refs, so each scenario's peak is its own.
 */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
