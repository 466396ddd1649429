/**
 * `npm run bench`: how fast and how lean Empty Chair is, as ratios against the floor (a bare Bolt
 * app, raw better-sqlite3) measured in the same run on the same machine. Writes bench/results.json
 * and bench/results.md. Not part of `npm test`: timings belong here, never in assertions.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { migrateSqlite, openSqlite } from '../src/db/sqlite.js';
import { FakeSlack } from '../test/rig/fakeSlack.js';
import { FORM, sign } from '../test/rig/signedClient.js';
import { SIGNING_SECRET, spawnApp, tempDbPath, testEnv } from '../test/rig/testApp.js';
import { memoryOf } from './proc.js';
import { scenarioDigest, scenarioExport, scenarioHome, seedWorkspace } from './scale.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface Row {
  scenario: string;
  metric: string;
  ours: number;
  baseline?: number | undefined;
  unit: string;
  target?: string | undefined;
  met?: boolean | undefined;
  note?: string | undefined;
}

const rows: Row[] = [];
function record(row: Row): void {
  rows.push(row);
  const vs =
    row.baseline !== undefined
      ? ` (floor ${row.baseline.toFixed(2)} ${row.unit}, ratio ${(row.ours / row.baseline).toFixed(2)})`
      : '';
  process.stdout.write(
    `  ${row.scenario} · ${row.metric}: ${row.ours.toFixed(2)} ${row.unit}${vs}${row.target ? ` — target ${row.target}: ${row.met ? 'met' : 'MISSED'}` : ''}\n`,
  );
}

function signed(body: string, contentType: string) {
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

/** `/decision help`: Empty Chair answers it through the response_url, here the fake Slack's. */
const commandBody = (responseUrl: string) =>
  new URLSearchParams({
    team_id: 'T0001',
    channel_id: 'C0BENCH',
    user_id: 'U0BENCH',
    command: '/decision',
    text: 'help',
    trigger_id: '1.2.3',
    response_url: responseUrl,
  }).toString();
const clickBody = () =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      team: { id: 'T0001' },
      user: { id: 'U0BENCH' },
      trigger_id: '1.2.3',
      channel: { id: 'C0BENCH' },
      container: { type: 'message', message_ts: '1.000001', channel_id: 'C0BENCH' },
      actions: [{ type: 'button', action_id: 'confirm_decision', value: '999999999', action_ts: '1.1' }],
    }),
  }).toString();

async function load(url: string, request: ReturnType<typeof signed>, seconds: number) {
  const result = await autocannon({ url: `${url}/slack/events`, connections: 32, duration: seconds, ...request });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function startBare(fake: FakeSlack): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bareBolt.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: fake.apiUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      const m = /port (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function scenarioAckLatency(fake: FakeSlack, ours: string, seconds: number) {
  process.stdout.write('1. Ack latency (concurrency 32)\n');
  const bare = await startBare(fake);
  try {
    for (const [name, body, type, why] of [
      [
        '/decision command',
        commandBody(fake.responseUrl),
        FORM,
        'each command also posts its answer to the response_url (the fake Slack, on the same 2 cores as the load); bare Bolt only acks',
      ],
      ['block_actions click', clickBody(), FORM, 'a refused Confirm: one database read, no Slack call'],
    ] as const) {
      const floor = await load(bare.url, signed(body, type), seconds);
      const mine = await load(ours, signed(body, type), seconds);
      const note = mine.non2xx + mine.errors > 0 ? `${mine.non2xx} non-2xx, ${mine.errors} errors` : undefined;
      record({
        scenario: `Ack ${name}`,
        metric: 'requests/s',
        ours: mine.rps,
        baseline: floor.rps,
        unit: 'req/s',
        note,
      });
      record({ scenario: `Ack ${name}`, metric: 'p50', ours: mine.p50, baseline: floor.p50, unit: 'ms' });
      record({
        scenario: `Ack ${name}`,
        metric: 'p99',
        ours: mine.p99,
        baseline: floor.p99,
        unit: 'ms',
        target: '≤ 1.5× bare Bolt and ≪ 3000 ms',
        met: mine.p99 <= 1.5 * Math.max(floor.p99, 1) && mine.p99 < 3000,
        note: why,
      });
    }
  } finally {
    bare.stop();
  }
}

/** The rows one intercepted proposal writes, inserted with raw better-sqlite3 in one transaction each. */
function rawInsertFloor(events: number): number {
  const path = tempDbPath();
  const drizzleDb = openSqlite(path);
  migrateSqlite(drizzleDb);
  drizzleDb.$client.close();
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const seen = raw.prepare('insert into processed_events (team_id, event_id) values (?, ?)');
  const decision = raw.prepare(
    "insert into decisions (team_id, channel_id, message_ts, thread_ts, source, title, description, proposer_id) values ('T0001', 'C0BENCH', ?, ?, 'message', ?, ?, 'U0BENCH') returning id",
  );
  const audit = raw.prepare(
    "insert into status_changes (team_id, decision_id, to_status, user_id) values ('T0001', ?, 'open', 'U0BENCH')",
  );
  const one = raw.transaction((i: number) => {
    seen.run('T0001', `Ev${i}`);
    if (i % 2 === 0) {
      const ts = `1700000000.${String(i).padStart(6, '0')}`;
      const { id } = decision.get(ts, ts, `Proposal ${i}`, `Proposal: ${i}`) as { id: number };
      audit.run(id);
    }
  });
  const start = performance.now();
  for (let i = 0; i < events; i++) one(i);
  const seconds = (performance.now() - start) / 1000;
  raw.close();
  return events / seconds;
}

async function scenarioInterception(url: string, dbPath: string, events: number) {
  process.stdout.write(`2. Interception throughput (${events} message events, half proposals)\n`);
  let i = 0;
  const start = performance.now();
  const result = await autocannon({
    url: `${url}/slack/events`,
    connections: 32,
    amount: events,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: autocannon.Request) => {
          const n = i++;
          const ts = `1800000000.${String(n).padStart(6, '0')}`;
          const text = n % 2 === 0 ? `Proposal: bench change ${n}` : `Just chatting ${n}`;
          const body = JSON.stringify({
            type: 'event_callback',
            team_id: 'T0001',
            api_app_id: 'A0BENCH',
            event_id: `EvBench${n}`,
            event_time: 1,
            event: { type: 'message', channel: 'C0BENCH', channel_type: 'channel', user: 'U0BENCH', text, ts },
          });
          return { ...request, ...signed(body, 'application/json') };
        },
      },
    ],
  });
  const seconds = (performance.now() - start) / 1000;
  const eventsPerSecond = result.requests.total / seconds;
  record({
    scenario: 'Interception',
    metric: 'events/s',
    ours: eventsPerSecond,
    unit: 'events/s',
    target: '≥ 1000 events/s',
    met: eventsPerSecond >= 1000,
  });
  record({
    scenario: 'Interception',
    metric: 'p99 ack',
    ours: result.latency.p99,
    unit: 'ms',
    target: '≪ 3000 ms',
    met: result.latency.p99 < 3000,
  });
  const db = new Database(dbPath);
  const decisions = (
    db.prepare("select count(*) as n from decisions where channel_id = 'C0BENCH'").get() as { n: number }
  ).n;
  const wrong = (
    db
      .prepare("select count(*) as n from decisions where channel_id = 'C0BENCH' and title not like 'bench change %'")
      .get() as { n: number }
  ).n;
  db.close();
  const exact = decisions === events / 2 && wrong === 0 && result.non2xx === 0;
  record({
    scenario: 'Interception',
    metric: 'proposals stored',
    ours: decisions,
    unit: 'decisions',
    target: `exactly ${events / 2}, no others`,
    met: exact,
  });
  const floor = rawInsertFloor(events);
  record({
    scenario: 'Interception',
    metric: 'database floor',
    ours: eventsPerSecond,
    baseline: floor,
    unit: 'events/s',
    note: 'raw better-sqlite3, one transaction per event',
  });
}

async function main() {
  const quick = process.argv.includes('--quick');
  const seconds = quick ? 3 : 10;
  const events = quick ? 4000 : 20_000;
  const scale = quick ? 10_000 : 100_000;
  const exportRows = quick ? 100_000 : 1_000_000;

  const fake = await new FakeSlack().start();
  const dbPath = tempDbPath();
  const app = spawnApp(testEnv(fake, dbPath, { LOG_LEVEL: 'error' }));
  const port = await app.ready;
  const url = `http://127.0.0.1:${port}`;
  await new Promise((r) => setTimeout(r, 500));
  const pid = app.pid ?? 0;
  record({ scenario: 'Footprint', metric: 'idle RSS after start', ours: memoryOf(pid).rss, unit: 'MB' });
  try {
    await scenarioAckLatency(fake, url, seconds);
    await scenarioInterception(url, dbPath, events);
    record({ scenario: 'Footprint', metric: 'RSS after interception', ours: memoryOf(pid).rss, unit: 'MB' });
  } finally {
    app.kill('SIGTERM');
    await app.exited;
    await fake.stop();
  }

  process.stdout.write(`3-5. Seeding a workspace with ${scale} decisions and ${scale * 3} answers\n`);
  const scaleDb = seedWorkspace(tempDbPath(), scale);
  for (const row of await scenarioDigest(scaleDb, scale)) record(row);
  for (const row of await scenarioHome(scaleDb, scale)) record(row);
  await scaleDb.close();
  for (const row of await scenarioExport(exportRows)) record(row);

  writeFileSync(
    `${ROOT}bench/results.json`,
    `${JSON.stringify({ date: new Date().toISOString(), quick, rows }, null, 2)}\n`,
  );
  const table = [
    '| Scenario | Metric | Empty Chair | Floor | Ratio | Target | Met | Note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.metric} | ${r.ours.toFixed(2)} ${r.unit} | ${r.baseline !== undefined ? `${r.baseline.toFixed(2)} ${r.unit}` : ''} | ${r.baseline ? (r.ours / r.baseline).toFixed(2) : ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} | ${r.note ?? ''} |`,
    ),
  ].join('\n');
  writeFileSync(
    `${ROOT}bench/results.md`,
    `# Benchmark results\n\n${new Date().toISOString()}${quick ? ' (quick run)' : ''}, ${process.version}\n\n${table}\n`,
  );
  process.stdout.write(`\n${table}\n`);
}

await main();
