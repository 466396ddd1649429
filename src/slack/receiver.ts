import type { ServerResponse } from 'node:http';
import {
  type CustomRoute,
  HTTPReceiver,
  type Logger,
  type LogLevel,
  SocketModeReceiver,
  type webApi,
} from '@slack/bolt';
import type { Config } from '../config.js';
import { type Db, probeDatabase } from '../db/client.js';
import { webClientOptions } from './client.js';
import { guardRequests } from './requestGuard.js';

/** Slack's payloads are small; anything near this is not from Slack. */
const BODY_LIMIT_BYTES = 1024 * 1024;

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

/**
 * How Slack's requests reach the app: Socket Mode when an app-level token is set, signed HTTP otherwise,
 * with /healthz beside either.
 */
export function createReceiver(input: {
  config: Config;
  db: Db;
  now: () => Date;
  logLevel: LogLevel;
  logger?: Logger | undefined;
  clientOptions?: webApi.WebClientOptions | undefined;
}): HTTPReceiver | SocketModeReceiver {
  const { config, logLevel, logger } = input;
  const customRoutes = [healthRoute(input.db, input.now)];
  if (config.slack.appToken) {
    return new SocketModeReceiver({
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
  });
  guardRequests(receiver, BODY_LIMIT_BYTES);
  return receiver;
}
