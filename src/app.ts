import { App, type Logger, LogLevel, type webApi } from '@slack/bolt';
import { startBackgroundPasses } from './backgroundPasses.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { createDigestScheduler } from './digest/scheduler.js';
import { registerListeners } from './listeners/index.js';
import { createInstallationsRepo } from './db/installationsRepo.js';
import { registerUninstallListeners } from './listeners/events/appUninstalled.js';
import { createServices } from './services.js';
import { type BotIdentity, webClientOptions } from './slack/client.js';
import { createInstallations, installationWorkspaces } from './slack/installations.js';
import { createReceiver } from './slack/receiver.js';
import { singleWorkspace, type Workspaces } from './slack/workspaces.js';
import { createWorkInFlight } from './workInFlight.js';

export interface CreateAppOptions {
  config: Config;
  db: Database;
  /** Overrides for the Web API client, e.g. a short retry policy in tests. */
  clientOptions?: webApi.WebClientOptions;
  /** The clock the domain reads; tests inject a fixed one. */
  now?: () => Date;
  logger?: Logger;
  /** Single-workspace mode: the bot's identity from auth.test, so Bolt need not call it again. */
  bot?: BotIdentity | undefined;
  /** The workspaces served; by default the one of SLACK_BOT_TOKEN. */
  workspaces?: Workspaces;
  /** How often decisions that could not be posted are tried again. */
  retryIntervalMs?: number;
}

export interface EmptyChairApp {
  app: App;
  /** Stops background work and resolves once every request already being handled has finished. */
  drain(): Promise<void>;
  /**
   * Resolves once nothing is being handled or done in the background (Slack calls after an ack
   * included): the point after which "nothing more happened" can be observed.
   */
  idle(): Promise<void>;
  /**
   * Runs the background pass the timer runs (for each workspace: unposted decisions, the outbox,
   * reminders, a due digest; then old event ids) now, and resolves once it and everything else in flight
   * is done.
   */
  runBackgroundPass(): Promise<void>;
}

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Builds the Bolt app and wires it: receiver, listeners, services, and the background passes (digests included). */
export function createApp({
  config,
  db,
  clientOptions,
  now = () => new Date(),
  logger,
  bot,
  workspaces: given,
  retryIntervalMs = 60_000,
}: CreateAppOptions): EmptyChairApp {
  const logLevel = LOG_LEVELS[config.logLevel];
  const slackOptions = webClientOptions(config, clientOptions);
  // Distributed mode (OAuth): installations in our database. Bolt's logger exists only once the app does,
  // and the app is built with a receiver that needs the installations first, so they log through it later.
  const appLog = { info: (line: string) => app.logger.info(line), error: (line: string) => app.logger.error(line) };
  const installations = config.slack.oauth
    ? createInstallations({
        repo: createInstallationsRepo(db),
        oauth: config.slack.oauth,
        now,
        logger: appLog,
        clientOptions: slackOptions,
      })
    : undefined;
  if (!installations && !bot) throw new Error('createApp needs the bot of SLACK_BOT_TOKEN or the OAuth settings');
  const app: App = new App({
    receiver: createReceiver({
      config,
      db,
      now,
      logLevel,
      logger,
      clientOptions,
      installationStore: installations?.store,
    }),
    logLevel,
    ...(logger ? { logger } : {}),
    ...(bot ? { token: config.slack.botToken, botId: bot.botId, botUserId: bot.botUserId } : {}),
    // Bolt's conversation store would run for every request; nothing here uses it.
    convoStore: false,
    clientOptions: slackOptions,
  });

  const workspaces =
    given ??
    (installations
      ? installationWorkspaces(installations, slackOptions, appLog)
      : singleWorkspace(bot as BotIdentity, app.client));
  if (installations) registerUninstallListeners(app, installations);
  const work = createWorkInFlight(app.logger);
  app.use(({ next }) => work.track(next()));
  const services = createServices({
    db,
    digestConfig: config.digest,
    now,
    logger: app.logger,
    workspaces,
    defer: work.defer,
  });
  registerListeners(app, services);

  const digest = createDigestScheduler({
    repo: services.digest.repo,
    settings: services.settings,
    defaults: config.digest,
    now,
    logger: app.logger,
  });
  const passes = startBackgroundPasses({ services, workspaces, digest, intervalMs: retryIntervalMs });

  return {
    app,
    async drain() {
      passes.stop();
      await work.settle();
    },
    idle: work.settle,
    async runBackgroundPass() {
      passes.runPass();
      await work.settle();
    },
  };
}
