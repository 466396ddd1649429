import { webApi } from '@slack/bolt';
import type { Config } from '../config.js';
import { OperatorError } from '../operatorError.js';
import { slackErrorCode } from './api.js';

/** Who the bot is in its workspace, from auth.test. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
  teamId: string;
  /** The Enterprise Grid org the workspace belongs to, if any. */
  enterpriseId: string | undefined;
  /** The workspace's address (https://example.slack.com/), for links to threads. */
  teamUrl: string;
}

/**
 * A short retry policy: a person waiting on a click should hear about a Slack failure in seconds,
 * not after the client's default half hour of retries.
 */
const DEFAULT_RETRY_CONFIG = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 };

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
  return {
    botId: result.bot_id,
    botUserId: result.user_id,
    teamId: result.team_id,
    enterpriseId: result.enterprise_id || undefined,
    teamUrl: result.url,
  };
}
