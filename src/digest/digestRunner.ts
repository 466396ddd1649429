import type { DigestRepo } from '../db/digestRepo.js';
import type { Logger } from '../logger.js';
import { type SlackApi, slackErrorCode } from '../slack/api.js';
import { buildWeeklyDigest, WAITING_LISTED, type WeeklyDigest } from '../views/digest.js';
import { isFirstWeekOfMonth, slotKey, weekBefore } from './slots.js';

/** The one Web API method a digest needs; Bolt's WebClient and SlackApi both satisfy it. */
export interface DigestSlackApi {
  chat: Pick<SlackApi['chat'], 'postMessage'>;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; it doubles for each try after that. */
  baseDelayMs: number;
}

/** About half a minute of retries: long enough to ride out a short Slack outage, short enough to finish on stop. */
export const DEFAULT_DIGEST_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2000 };

/**
 * A claimed run whose process died before it ever called Slack may be taken over after this long. It only
 * needs to outlast the moment between claiming and the first try, which is immediate in a live process.
 */
export const DEFAULT_STALE_CLAIM_MS = 10 * 60 * 1000;

export interface ComposeDigestInput {
  repo: DigestRepo;
  teamId: string;
  /** Where the digest will be read; decides which private decisions are counted rather than named. */
  channelId: string | undefined;
  slot: Date;
  late: boolean;
  now: Date;
  teamUrl: string | undefined;
  /** The workspace's schedule, so that a scheduled digest's week starts where the one before it ended. */
  cron: string;
  timezone: string;
}

/** Reads the week before `slot` and builds its digest. */
export async function composeDigest(input: ComposeDigestInput): Promise<WeeklyDigest> {
  const period = weekBefore(input.cron, input.timezone, input.slot);
  const previous = weekBefore(input.cron, input.timezone, period.start);
  const data = await input.repo.gather(input.teamId, period, previous.start, {
    channelId: input.channelId,
    limit: WAITING_LISTED,
  });
  const feedback = await input.repo.feedbackSaved(input.teamId, period);
  return buildWeeklyDigest(
    { ...data, feedback },
    {
      teamUrl: input.teamUrl,
      timezone: input.timezone,
      channelId: input.channelId,
      now: input.now,
      late: input.late,
      monthly: isFirstWeekOfMonth(period.end, input.timezone),
    },
  );
}

export interface RunDigestInput {
  repo: DigestRepo;
  slack: DigestSlackApi;
  teamId: string;
  channelId: string;
  slot: Date;
  late: boolean;
  now: () => Date;
  teamUrl: string;
  cron: string;
  timezone: string;
  logger: Logger;
  retry?: RetryPolicy | undefined;
  staleClaimMs?: number | undefined;
  /** Waits between tries; tests pass one that does not wait. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
}

export type DigestRunResult =
  | { status: 'posted'; runId: number; ts: string | null }
  | { status: 'skipped'; existing: 'claimed' | 'posted' | 'failed' | undefined }
  | { status: 'failed'; runId: number; error: string };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Platform errors Slack uses for trouble on its side, worth another try. */
const TRANSIENT_SLACK_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable']);

/**
 * Whether trying again may work: rate limits, Slack's 5xx answers and network errors. Anything else
 * (not_in_channel, invalid_blocks, …) fails the same way every time until a person changes something.
 */
export function isRetryable(error: unknown): boolean {
  const e = error as { code?: string; statusCode?: number; message?: string };
  if (e?.code === 'slack_webapi_http_error') return (e.statusCode ?? 0) >= 500;
  if (e?.code === 'slack_webapi_request_error' || e?.code === 'slack_webapi_rate_limited_error') return true;
  // With retries left the WebClient waits out a 429's Retry-After itself and, when out of retries, rejects
  // with a plain Error that carries no code, only this message.
  if (e?.message?.startsWith('A rate limit was exceeded')) return true;
  return TRANSIENT_SLACK_ERRORS.has(slackErrorCode(error));
}

function describeError(error: unknown): string {
  const code = slackErrorCode(error);
  if (code === 'http_error') return `http_error ${(error as { statusCode?: number }).statusCode ?? ''}`.trim();
  if (code !== 'unknown_error') return code;
  return error instanceof Error ? error.message : String(error);
}

/** Waits at least as long as a rate limit asks (Retry-After), otherwise base × 2^(try − 1). */
function delayBefore(nextTry: number, error: unknown, policy: RetryPolicy): number {
  const backoff = policy.baseDelayMs * 2 ** (nextTry - 2);
  const retryAfterSec = (error as { retryAfter?: number }).retryAfter ?? 0;
  return Math.max(backoff, retryAfterSec * 1000);
}

/**
 * Posts the digest of one slot to one channel, at most once whatever the number of processes or restarts:
 * the slot is claimed in digest_runs before anything is built or posted (see DigestRepo.claimRun), tries
 * are counted before each call to Slack, and the run ends 'posted' (with the message's ts) or 'failed'
 * (with the last error; the scheduler tries a failed run again on its next start).
 *
 * One duplicate this cannot rule out: a request that reached Slack but whose answer was lost (a timeout)
 * is a network error and is tried again, as a rate limit or a 5xx is.
 */
export async function runDigest(input: RunDigestInput): Promise<DigestRunResult> {
  const { repo, slack, teamId, channelId, slot, logger } = input;
  const policy = input.retry ?? DEFAULT_DIGEST_RETRY;
  const sleep = input.sleep ?? realSleep;
  const key = slotKey(slot);
  const claimedAt = input.now();
  const staleBefore = new Date(claimedAt.getTime() - (input.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS));
  const run = await repo.claimRun({ teamId, channelId, slot: key, late: input.late, at: claimedAt, staleBefore });
  if (!run) {
    const existing = await repo.findRun(teamId, channelId, key);
    if (existing?.status === 'claimed' && existing.attempts > 0 && existing.createdAt < staleBefore) {
      logger.warn(
        `The digest for ${key} in ${channelId} was being posted when its process stopped, so it may or may not be in the channel. It is not posted again automatically; if it is missing, run \`npm run digest -- --post\`.`,
      );
    } else {
      logger.info(`Digest for ${key} in ${channelId} is already ${existing?.status ?? 'taken'}; not posting it.`);
    }
    return { status: 'skipped', existing: existing?.status };
  }

  let digest: WeeklyDigest;
  try {
    digest = await composeDigest({ ...input, now: input.now() });
  } catch (error) {
    const message = describeError(error);
    await repo.markFailed(run.id, message);
    logger.error(`Could not build the digest for ${key}: ${message}`);
    return { status: 'failed', runId: run.id, error: message };
  }

  for (let attempt = 1; ; attempt++) {
    await repo.startAttempt(run.id);
    try {
      const posted = await slack.chat.postMessage({
        channel: channelId,
        text: digest.text,
        blocks: digest.blocks,
        unfurl_links: false,
      });
      // A post Slack accepted is recorded as posted even without a ts, so it is never sent again.
      await repo.markPosted(run.id, posted.ts ?? null, input.now());
      logger.info(`Posted the digest for ${key} in ${channelId}${input.late ? ' (late)' : ''}.`);
      return { status: 'posted', runId: run.id, ts: posted.ts ?? null };
    } catch (error) {
      const message = describeError(error);
      if (attempt >= policy.attempts || !isRetryable(error)) {
        await repo.markFailed(run.id, message);
        logger.error(`Could not post the digest for ${key} in ${channelId} after ${attempt} tries: ${message}`);
        return { status: 'failed', runId: run.id, error: message };
      }
      logger.warn(`Digest for ${key} in ${channelId}: try ${attempt} failed (${message}); trying again.`);
      await sleep(delayBefore(attempt + 1, error, policy));
    }
  }
}
