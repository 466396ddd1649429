import type { Logger } from './logger.js';

/**
 * Everything the app is doing: requests being handled and work deferred until after Slack was
 * answered. Shutdown drains it, so SIGTERM loses none of it, and tests wait for it to settle.
 */
export function createWorkInFlight(logger: Logger) {
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  };
  return {
    track,
    /** Runs work after the request is answered; a failure costs one log line, never the process. */
    defer(work: () => Promise<unknown>): void {
      // Run as an async function so that work which throws at once is logged like work which rejects.
      void track(
        (async () => work())().catch((error: unknown) =>
          logger.error(`Background work failed: ${error instanceof Error ? error.message : String(error)}`),
        ),
      );
    },
    /** Resolves once nothing is in flight, including work started while waiting. */
    async settle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

export type WorkInFlight = ReturnType<typeof createWorkInFlight>;
