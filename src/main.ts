import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, webApi } from '@slack/bolt';
import { createApp } from './app.js';
import { verifyBotToken } from './slack/client.js';
import type { Workspaces } from './slack/workspaces.js';
import type { Config } from './config.js';
import { releaseClaimsOfTheDead } from './db/claims.js';
import { connectDatabase } from './db/database.js';
import { REQUEST_BUSY_TIMEOUT_MS } from './db/sqlite.js';

export interface RunningEmptyChair {
  /** The HTTP port actually bound (useful when PORT=0 asked for any free port); undefined in Socket Mode. */
  port: number | undefined;
  stop(): Promise<void>;
  /** Resolves when no request or background work is in flight (see EmptyChairApp.idle). */
  idle(): Promise<void>;
  /** Runs the periodic background pass now and waits for it (see EmptyChairApp.runBackgroundPass). */
  runBackgroundPass(): Promise<void>;
}

export interface StartOptions {
  clientOptions?: webApi.WebClientOptions;
  now?: () => Date;
  logger?: Logger;
  retryIntervalMs?: number;
  /** The workspaces served, instead of the one of SLACK_BOT_TOKEN. */
  workspaces?: Workspaces;
}

/**
 * Opens and migrates the database, then starts the Bolt app. `npm start` and the end-to-end tests both
 * come through here, so what the tests drive is what users run.
 */
export async function startEmptyChair(config: Config, options: StartOptions = {}): Promise<RunningEmptyChair> {
  const db = await connectDatabase(config.databaseUrl, {
    busyTimeoutMs: REQUEST_BUSY_TIMEOUT_MS,
    poolSize: config.databasePoolSize,
  });
  try {
    await releaseClaimsOfTheDead(db);
    // Distributed mode has no bot of its own: each workspace's comes with its installation.
    const bot = config.slack.oauth ? undefined : await verifyBotToken(config, options.clientOptions);
    const { app, drain, idle, runBackgroundPass } = createApp({ config, db, bot, ...options });
    const started: unknown = await app.start(config.port);
    const port = config.slack.appToken ? undefined : ((started as Server).address() as AddressInfo).port;
    let stopping: Promise<void> | undefined;
    return {
      port,
      idle,
      runBackgroundPass,
      stop() {
        stopping ??= (async () => {
          await app.stop();
          await drain();
          await db.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
