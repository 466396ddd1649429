import type { ServerResponse } from 'node:http';
import {
  type App,
  AuthorizationError,
  type CustomRoute,
  HTTPReceiver,
  type InstallationStore,
  type Logger,
  type LogLevel,
  type ReceiverEvent,
  SocketModeReceiver,
  type SocketModeReceiverOptions,
  type webApi,
} from '@slack/bolt';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { webClientOptions } from './client.js';
import { installerReceiverOptions } from './installer.js';
import { guardRequests } from './requestGuard.js';

/** Slack's payloads are small; anything near this is not from Slack. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** 200 only while the database takes writes; otherwise 503 with what is wrong (locked, read-only, full…). */
export function healthRoute(db: Database, now: () => Date): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res: ServerResponse) => {
      void db.probe(now()).then((database) => {
        const healthy = database === 'ok';
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: healthy, database }));
      });
    },
  };
}

/** What the Socket Mode client hands its `slack_event` listeners. */
interface SocketEnvelope {
  ack: (response?: Record<string, unknown>) => Promise<void>;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * Socket Mode that acknowledges an envelope only once the app has handled it, as HTTP mode answers only
 * then (processBeforeResponse). Bolt acknowledges every Events API envelope before any listener runs, and
 * SocketModeReceiver sends that ack at once: a message the listener then failed to store (the database
 * locked by another process) would be lost, because Slack delivers again only what was not acknowledged.
 * Here the ack (with any response a listener gave) is held until Bolt has processed the envelope, and none
 * is sent when that failed, so Slack delivers it again.
 */
class AckWhenHandledSocketModeReceiver extends SocketModeReceiver {
  private boltApp: App | undefined;

  constructor(options: SocketModeReceiverOptions) {
    super(options);
    this.client.removeAllListeners('slack_event');
    this.client.on('slack_event', (envelope: SocketEnvelope) => void this.handle(envelope));
  }

  override init(app: App): void {
    super.init(app);
    this.boltApp = app;
  }

  private async handle({ ack, body, retry_num: retryNum, retry_reason: retryReason }: SocketEnvelope): Promise<void> {
    let acked = false;
    let response: Record<string, unknown> | undefined;
    const event: ReceiverEvent = {
      body,
      ack: async (given?: unknown) => {
        if (acked) return;
        acked = true;
        response = given as Record<string, unknown> | undefined;
      },
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
      customProperties: {},
    };
    try {
      await this.boltApp?.processEvent(event);
    } catch (error) {
      this.boltApp?.logger.error(
        `Not acknowledging a Socket Mode envelope that failed, so Slack delivers it again: ${error instanceof Error ? error.message : String(error)}`,
      );
      // No installation will ever authorize it: Slack should stop trying, as Bolt's own handler decides.
      if (!(error instanceof AuthorizationError)) return;
      acked = true;
    }
    if (acked) await ack(response).catch(() => {});
  }
}

/**
 * How Slack's requests reach the app: Socket Mode when an app-level token is set, signed HTTP otherwise,
 * with /healthz beside either. In distributed mode (OAuth, HTTP only) the install pages are served too.
 */
export function createReceiver(input: {
  config: Config;
  db: Database;
  now: () => Date;
  logLevel: LogLevel;
  logger?: Logger | undefined;
  clientOptions?: webApi.WebClientOptions | undefined;
  /** Distributed mode's installations, kept in our database. */
  installationStore?: InstallationStore | undefined;
}): HTTPReceiver | SocketModeReceiver {
  const { config, logLevel, logger } = input;
  const customRoutes = [healthRoute(input.db, input.now)];
  if (config.slack.appToken) {
    return new AckWhenHandledSocketModeReceiver({
      appToken: config.slack.appToken,
      customRoutes,
      logLevel,
      ...(logger ? { logger } : {}),
      // The socket client reaches Slack through the same base URL as the bot's Web API calls.
      installerOptions: { port: config.port, clientOptions: webClientOptions(config, input.clientOptions) },
    });
  }
  const receiver = new HTTPReceiver({
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
    ...(config.slack.oauth && input.installationStore
      ? installerReceiverOptions({
          oauth: config.slack.oauth,
          installationStore: input.installationStore,
          apiUrl: config.slack.apiUrl,
          clientOptions: webClientOptions(config, input.clientOptions),
        })
      : {}),
  });
  guardRequests(receiver, BODY_LIMIT_BYTES);
  return receiver;
}
