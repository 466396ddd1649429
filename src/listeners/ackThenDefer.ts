import type { Services } from '../services.js';

/**
 * For listeners that store nothing and only read or call Slack: Slack gets its answer at once (the
 * receiver holds the response until the listener returns) and the work runs right after.
 */
export function ackThenDefer<A extends { ack?: () => Promise<void> }>(
  services: Services,
  work: (args: A) => Promise<void>,
) {
  return async (args: A): Promise<void> => {
    if (args.ack) await args.ack();
    services.defer(() => work(args));
  };
}
