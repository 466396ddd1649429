import type { Logger } from '@slack/bolt';
import type { BotIdentity } from './app.js';
import type { Db } from './db/client.js';
import { createEventsRepo } from './db/eventsRepo.js';

export interface ServiceDeps {
  db: Db;
  now: () => Date;
  logger: Logger;
  bot: BotIdentity;
}

/** Everything listeners may call: repositories and domain services, wired once per app. */
export function createServices({ db, now, logger, bot }: ServiceDeps) {
  return {
    now,
    logger,
    bot,
    events: createEventsRepo(db),
  };
}

export type Services = ReturnType<typeof createServices>;
