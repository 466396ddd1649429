import type { Logger } from '@slack/bolt';

/**
 * Runs a write a person is waiting on. When the database refuses it (busy, full, read-only, down), the
 * failure is logged in one line and reported to the caller, which tells the person instead of
 * acknowledging something that was never stored.
 */
export async function tryStore<T>(
  logger: Logger,
  what: string,
  write: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await write() };
  } catch (error) {
    logger.error(`Could not store ${what}: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false };
  }
}
