import type { ServerResponse } from 'node:http';
import { App, type CustomRoute, HTTPReceiver, type Logger, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Config } from './config.js';
import { type Db, probeDatabase } from './db/client.js';
import { sendDueNudges } from './decisions/nudges.js';
import { slackErrorCode } from './decisions/slackApi.js';
import { createDigestScheduler } from './digest/scheduler.js';
import { registerListeners } from './listeners/index.js';
import { OperatorError } from './operatorError.js';
import { createServices } from './services.js';
import { guardRequests } from './slack/requestGuard.js';

export interface CreateAppOptions {
  config: Config;
  db: Db;
  /** Overrides for the Web API client, e.g. a short retry policy in tests. */
  clientOptions?: webApi.WebClientOptions;
  /** The clock the domain reads; tests inject a fixed one. */
  now?: () => Date;
  logger?: Logger;
  /** The bot's identity from auth.test, so Bolt need not call it again. */
  bot: BotIdentity;
  /** How often decisions that could not be posted are tried again. */
  retryIntervalMs?: number;
}

export interface BotIdentity {
  botId: string;
  botUserId: string;
  teamId: string;
  /** The workspace's address (https://example.slack.com/), for links to threads. */
  teamUrl: string;
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
   * Runs the background pass the timer runs (unposted decisions, the outbox, reminders, old event ids)
   * now, and resolves once it and everything else in flight is done.
   */
  runBackgroundPass(): Promise<void>;
}

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Slack's payloads are small; anything near this is not from Slack. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A short retry policy: a person waiting on a click should hear about a Slack failure in seconds,
 * not after the client's default half hour of retries.
 */
const DEFAULT_RETRY_CONFIG = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 };

/** 200 only while the database takes writes; otherwise 503 with what is wrong (locked, read-only, full…). */
export function healthRoute(db: Db, now: () => Date): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res: ServerResponse) => {
      const database = probeDatabase(db, now());
      const healthy = database === 'ok';
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: healthy, database }));
    },
  };
}

/** No single Slack call may hold a listener (or shutdown) for longer than this. */
const SLACK_TIMEOUT_MS = 10_000;

export function webClientOptions(config: Config, overrides: webApi.WebClientOptions = {}): webApi.WebClientOptions {
  const timeout = overrides.timeout ?? SLACK_TIMEOUT_MS;
  return {
    retryConfig: DEFAULT_RETRY_CONFIG,
    timeout,
    // Slack allows about one post a second per channel; more requests in flight than this only
    // take CPU from acknowledging new requests while they wait for their turn.
    maxRequestConcurrency: 8,
    // Bolt's respond() posts to response_url with this fetch, which has no timeout of its own.
    fetch: (input, init) => globalThis.fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeout) }),
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    ...overrides,
  };
}

/** Slack's answers to auth.test that mean the token itself is wrong, not that Slack is unwell. */
const REJECTED_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/** What an operator can do when auth.test fails: the Web API's own messages name neither the setting nor a fix. */
function explainAuthTestError(config: Config, error: unknown): unknown {
  const code = slackErrorCode(error);
  if (REJECTED_TOKEN.has(code)) {
    return new OperatorError(
      `Slack rejected SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token from your Slack app again.`,
    );
  }
  if (code === 'request_error' || code === 'http_error') {
    const where = config.slack.apiUrl ?? 'https://slack.com/api/';
    return new OperatorError(
      `Could not reach Slack at ${where} (${code === 'http_error' ? `HTTP ${(error as { statusCode?: number }).statusCode}` : 'no connection'}): check the network${config.slack.apiUrl ? ' and SLACK_API_URL' : ''}, then try again.`,
    );
  }
  if (code === 'unknown_error') return error;
  return new OperatorError(`Slack refused to check SLACK_BOT_TOKEN (${code}): try again in a few minutes.`);
}

/** Checks the bot token once at start, so a wrong token stops the app with a clear message. */
export async function verifyBotToken(config: Config, overrides?: webApi.WebClientOptions): Promise<BotIdentity> {
  const client = new webApi.WebClient(config.slack.botToken, webClientOptions(config, overrides));
  const result = await client.auth.test().catch((error: unknown) => {
    throw explainAuthTestError(config, error);
  });
  if (!result.bot_id || !result.user_id || !result.team_id || !result.url) {
    throw new OperatorError(
      'SLACK_BOT_TOKEN is not a bot token: use the Bot User OAuth Token (xoxb-) of your Slack app.',
    );
  }
  return { botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id, teamUrl: result.url };
}

export function createApp({
  config,
  db,
  clientOptions,
  now = () => new Date(),
  logger,
  bot,
  retryIntervalMs = 60_000,
}: CreateAppOptions): EmptyChairApp {
  const logLevel = LOG_LEVELS[config.logLevel];
  const customRoutes = [healthRoute(db, now)];
  const receiver = config.slack.appToken
    ? new SocketModeReceiver({
        appToken: config.slack.appToken,
        customRoutes,
        logLevel,
        ...(logger ? { logger } : {}),
        // The socket client reaches Slack through the same base URL as the bot's Web API calls.
        installerOptions: { port: config.port, clientOptions: webClientOptions(config, clientOptions) },
      })
    : new HTTPReceiver({
        signingSecret: config.slack.signingSecret ?? '',
        endpoints: '/slack/events',
        port: config.port,
        customRoutes,
        logLevel,
        ...(logger ? { logger } : {}),
        bodyLimit: BODY_LIMIT_BYTES,
        // Slack gets its 200 only once the listener has stored what the request carried, so an
        // acknowledged proposal or answer survives a crash. Listeners defer their Slack calls.
        processBeforeResponse: true,
      });
  if (receiver instanceof HTTPReceiver) guardRequests(receiver, BODY_LIMIT_BYTES);
  const app = new App({
    token: config.slack.botToken,
    receiver,
    logLevel,
    ...(logger ? { logger } : {}),
    botId: bot.botId,
    botUserId: bot.botUserId,
    // Bolt's conversation store would run for every request; nothing here uses it.
    convoStore: false,
    clientOptions: webClientOptions(config, clientOptions),
  });

  const inFlight = new Set<Promise<void>>();
  /** Runs work after the request is answered; drain() waits for it, so SIGTERM loses none of it. */
  const defer = (work: () => Promise<unknown>) => {
    // Run as an async function so that work which throws at once is logged like work which rejects.
    const done = (async () => work())().then(
      () => undefined,
      (error: unknown) =>
        app.logger.error(`Background work failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });

  const settle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  const services = createServices({ db, digestConfig: config.digest, now, logger: app.logger, bot, defer });
  registerListeners(app, services);

  const digest = createDigestScheduler({
    repo: services.digest.repo,
    settings: services.settings,
    slack: app.client,
    teamId: bot.teamId,
    teamUrl: bot.teamUrl,
    cron: config.digest.cron,
    timezone: config.digest.timezone,
    defaultChannel: config.digest.channel,
    now,
    logger: app.logger,
  });
  defer(() => digest.start());

  // Catch up at start (work left by a crash or an outage), then keep retrying in the background.
  // A busy, read-only or full database costs these passes one log line each; the next tick tries again.
  const retryPending = () => {
    defer(async () => services.decisions.retryUnposted(app.client));
    defer(() => services.posts.runOutbox(app.client));
    defer(() =>
      sendDueNudges({
        repo: services.digest.nudges,
        slack: app.client,
        teamId: bot.teamId,
        teamUrl: bot.teamUrl,
        now,
        logger: app.logger,
      }),
    );
    defer(async () => services.events.forgetOlderThan(new Date(now().getTime() - 24 * 3600 * 1000)));
  };
  // The first pass waits for the app to finish starting, but counts as in flight from now, so idle()
  // right after a start or a restart includes it.
  defer(async () => {
    await new Promise((resolve) => setImmediate(resolve));
    retryPending();
  });
  const retryTimer = setInterval(retryPending, retryIntervalMs);
  retryTimer.unref();

  return {
    app,
    async drain() {
      clearInterval(retryTimer);
      await digest.stop();
      await settle();
    },
    idle: settle,
    async runBackgroundPass() {
      retryPending();
      await settle();
    },
  };
}
