import autocannon from 'autocannon';
import type { FakeSlack } from '../test/rig/fakeSlack.js';
import { sign } from '../test/rig/signedClient.js';
import { SIGNING_SECRET } from '../test/rig/testApp.js';
import type { BenchDatabase } from './db.js';

export const CHANNEL = 'C0BENCH';

export function signed(body: string, contentType: string) {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    method: 'POST' as const,
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(SIGNING_SECRET, timestamp, body),
    },
  };
}

function messageEvent(eventId: string, ts: string, text: string, channel = CHANNEL): string {
  return JSON.stringify({
    type: 'event_callback',
    team_id: 'T0001',
    api_app_id: 'A0BENCH',
    event_id: eventId,
    event_time: 1,
    event: { type: 'message', channel, channel_type: 'channel', user: 'U0BENCH', text, ts },
  });
}

export interface EventLoad {
  eventsPerSecond: number;
  /** The highest p99 of the clients (one per instance). */
  p99: number;
  non2xx: number;
  errors: number;
  /** Events each instance acknowledged. */
  perInstance: number[];
  /** Proposals among the events. */
  proposals: number;
}

/** Which of the events are proposals: every other one, none (chatter), or all. */
export type EventMix = 'half' | 'chatter' | 'proposals';

const isProposal = (mix: EventMix, i: number) => mix === 'proposals' || (mix === 'half' && i % 2 === 0);

export interface DriveOptions {
  connections?: number;
  mix?: EventMix;
  /** The channel the messages are in (one per scenario, so their counts stay apart). */
  channel?: string;
  /** Spread the messages round-robin over this many channels, named `channel` plus a number. */
  channels?: number;
  /** The first second of the messages' ts: runs on the same database need ranges of their own. */
  epoch?: number;
}

/**
 * Sends `events` signed message events, `mix` of them proposals, split evenly between the instances at
 * `urls` (one autocannon client per instance, `connections` shared between them), as a round-robin load
 * balancer would; measures events/s over the whole run.
 */
export async function driveEvents(urls: string[], events: number, options: DriveOptions = {}): Promise<EventLoad> {
  const { connections = 32, mix = 'half', channel = CHANNEL, channels = 1, epoch = 1_800_000_000 } = options;
  const channelOf = (i: number) => (channels > 1 ? `${channel}${i % channels}` : channel);
  const per = Math.floor(events / urls.length);
  const start = performance.now();
  const results = await Promise.all(
    urls.map((url, k) => {
      let n = 0;
      return autocannon({
        url: `${url}/slack/events`,
        connections: Math.max(1, Math.floor(connections / urls.length)),
        amount: per,
        requests: [
          {
            method: 'POST',
            setupRequest: (request: autocannon.Request) => {
              const i = n++;
              // Each instance's events have a second of their own, so no two messages share a ts.
              const ts = `${epoch + k * 1000}.${String(i).padStart(6, '0')}`;
              const text = isProposal(mix, i) ? `Proposal: bench change ${k}-${i}` : `Just chatting ${k}-${i}`;
              const body = messageEvent(`EvBench${epoch}_${k}_${i}`, ts, text, channelOf(i));
              return { ...request, ...signed(body, 'application/json') };
            },
          },
        ],
      });
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  const proposalsPer = Array.from({ length: per }, (_, i) => i).filter((i) => isProposal(mix, i)).length;
  return {
    eventsPerSecond: total / seconds,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    perInstance: results.map((r) => r.requests.total),
    proposals: urls.length * proposalsPer,
  };
}

/**
 * Delivers each of `count` new proposals to every instance at the same moment, as when Slack retries
 * an event that a slow instance has not answered yet and the balancer sends the retry to another.
 * Returns how many deliveries were not answered 2xx.
 */
export async function deliverToAll(urls: string[], count: number): Promise<number> {
  let refused = 0;
  const inFlight = 8;
  for (let from = 0; from < count; from += inFlight) {
    const batch = Array.from({ length: Math.min(inFlight, count - from) }, (_, j) => from + j);
    await Promise.all(
      batch.flatMap((r) => {
        const body = messageEvent(
          `EvRace${r}`,
          `1900000000.${String(r).padStart(6, '0')}`,
          `Proposal: bench race ${r}`,
        );
        return urls.map(async (url) => {
          const { body: text, ...init } = signed(body, 'application/json');
          const response = await fetch(`${url}/slack/events`, { ...init, body: text });
          await response.arrayBuffer();
          if (response.status < 200 || response.status >= 300) refused++;
        });
      }),
    );
  }
  return refused;
}

export interface ExactlyOnce {
  stored: number;
  distinctMessages: number;
  /** Decisions in the bench channel that no bench proposal should have made. */
  strangers: number;
  /** Decisions still without posted_at when the wait ended. */
  unposted: number;
  /** Card and prompt posts (chat.postMessage tagged with a decision id and part) Slack accepted. */
  posts: number;
  /** Parts (a decision's card or one of its prompts) posted more than once, and never posted. */
  twice: number;
  missing: number;
  /** Posts of decisions the database does not hold. */
  unknown: number;
}

/**
 * Waits until every decision in the bench channel is posted (or `timeoutMs` passes), then counts what
 * was stored and what the fake Slack received, by the decision id and part in each post's metadata.
 */
export async function checkExactlyOnce(db: BenchDatabase, fake: FakeSlack, timeoutMs: number): Promise<ExactlyOnce> {
  const deadline = Date.now() + timeoutMs;
  let unposted = Infinity;
  while (Date.now() < deadline) {
    unposted = await db.scalar(
      `select count(*) as n from decisions where channel_id = '${CHANNEL}' and posted_at is null`,
    );
    if (unposted === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const ids = (await db.rows(`select id from decisions where channel_id = '${CHANNEL}'`)).map((r) => Number(r.id));
  const distinctMessages = await db.scalar(
    `select count(distinct message_ts) as n from decisions where channel_id = '${CHANNEL}'`,
  );
  const strangers = await db.scalar(
    `select count(*) as n from decisions where channel_id = '${CHANNEL}' and title not like 'bench %'`,
  );
  const seen = new Map<string, number>();
  let posts = 0;
  for (const call of fake.callsTo('chat.postMessage')) {
    const metadata = call.args.metadata as { event_type?: string; event_payload?: Record<string, unknown> } | undefined;
    if (!call.ok || call.args.channel !== CHANNEL || metadata?.event_type !== 'empty_chair_post') continue;
    posts++;
    const key = `${Number(metadata.event_payload?.decision_id)}:${Number(metadata.event_payload?.part)}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const known = new Set(ids);
  let twice = 0;
  let missing = 0;
  for (const id of ids) {
    for (const part of [0, 1, 2, 3]) {
      const times = seen.get(`${id}:${part}`) ?? 0;
      if (times === 0) missing++;
      if (times > 1) twice++;
    }
  }
  const unknown = [...seen.keys()].filter((key) => !known.has(Number(key.split(':')[0]))).length;
  return { stored: ids.length, distinctMessages, strangers, unposted, posts, twice, missing, unknown };
}
