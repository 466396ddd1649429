/**
 * `npm run bench`: how fast and how lean Empty Chair is, as ratios against the floor (a bare Bolt
 * app, the database's plain driver) measured in the same run on the same machine. On SQLite, and with
 * `--postgres postgres://…` (or BENCH_DATABASE_URL) every scenario also on PostgreSQL, each on a
 * database of its own created on that server and dropped after, plus two app instances sharing one
 * database. Writes bench/results.json and bench/results.md. Not part of `npm test`: timings belong here,
 * never in assertions.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { isPostgresUrl, redactUrl } from '../src/db/postgres.js';
import { FakeSlack } from '../test/rig/fakeSlack.js';
import { FORM } from '../test/rig/signedClient.js';
import { SIGNING_SECRET, type SpawnedApp, spawnApp, testEnv } from '../test/rig/testApp.js';
import { type BenchDatabase, describeServer, dropAll, type Engine, ENGINE_NAMES, freshDatabase } from './db.js';
import { CHANNEL, driveEvents, type EventLoad, signed } from './events.js';
import { postgresInsertFloor, sqliteInsertFloor } from './floors.js';
import { memoryOf, resetPeak } from './proc.js';
import { formatRow, type Measurement, missedTargets, renderTable, type Row } from './report.js';
import { scenarioDigest, scenarioExport, scenarioHome, seedWorkspace } from './scale.js';
import { scenarioTwoInstances } from './twoInstances.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOTES_HEADING = '## Notes (by hand)';

const rows: Row[] = [];
function record(engine: Engine, measurement: Measurement): void {
  const row = { engine, ...measurement };
  rows.push(row);
  process.stdout.write(`${formatRow(row)}\n`);
}

/** The app under test on one engine: its own database and fake Slack. */
interface RunningApp {
  engine: Engine;
  db: BenchDatabase;
  fake: FakeSlack;
  app: SpawnedApp;
  url: string;
  pid: number;
  stopped: boolean;
}

async function startApp(engine: Engine, server: string | undefined): Promise<RunningApp> {
  const db = await freshDatabase(engine, server);
  const fake = await new FakeSlack().start();
  const app = spawnApp(testEnv(fake, db.url, { LOG_LEVEL: 'error' }));
  const port = await app.ready;
  return { engine, db, fake, app, url: `http://127.0.0.1:${port}`, pid: app.pid ?? 0, stopped: false };
}

/** SIGTERM: the app finishes its work in flight (the posts still queued) before it exits. */
async function stopApp(running: RunningApp): Promise<void> {
  if (running.stopped) return;
  running.stopped = true;
  running.app.kill('SIGTERM');
  await running.app.exited;
  await running.fake.stop();
  await running.db.drop();
}

/** `/decision help`: Empty Chair answers it in the ack, as bare Bolt acks (with nothing). */
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

/** The floor: bare Bolt (bench/bareBolt.mjs) on plain node, as the compiled app runs. */
interface BareBolt {
  url: string;
  pid: number;
  stop(): void;
}

async function startBare(fake: FakeSlack): Promise<BareBolt> {
  const child = spawn(process.execPath, ['bench/bareBolt.mjs'], {
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
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}

/** Runs `work` and records the app's peak RSS during it, as one more figure of `scenario`. */
async function withPeakRss<T>(app: RunningApp, scenario: string, work: () => Promise<T>): Promise<T> {
  resetPeak(app.pid);
  const result = await work();
  record(app.engine, { scenario, metric: 'peak RSS', ours: memoryOf(app.pid).peak, unit: 'MB' });
  return result;
}

/** The goal for acks: p99 within 1.25× bare Bolt's, measured right before. */
const ACK_RATIO = 1.25;

async function scenarioAckLatency(apps: RunningApp[], bare: BareBolt, seconds: number) {
  process.stdout.write('1. Ack latency (concurrency 32)\n');
  const first = apps[0] as RunningApp;
  for (const [name, body, type, why] of [
    [
      '/decision command',
      (app: RunningApp) => commandBody(app.fake.responseUrl),
      FORM,
      '`/decision help`, answered in the ack; bare Bolt acks with an empty body',
    ],
    ['block_actions click', () => clickBody(), FORM, 'a refused Confirm: one database read, no Slack call'],
  ] as const) {
    const scenario = `Ack ${name}`;
    // One floor for every engine, measured right before them.
    const floor = await load(bare.url, signed(body(first), type), seconds);
    for (const app of apps) {
      const mine = await withPeakRss(app, scenario, () => load(app.url, signed(body(app), type), seconds));
      const note = mine.non2xx + mine.errors > 0 ? `${mine.non2xx} non-2xx, ${mine.errors} errors` : undefined;
      record(app.engine, { scenario, metric: 'requests/s', ours: mine.rps, baseline: floor.rps, unit: 'req/s', note });
      record(app.engine, { scenario, metric: 'p50', ours: mine.p50, baseline: floor.p50, unit: 'ms' });
      record(app.engine, {
        scenario,
        metric: 'p99',
        ours: mine.p99,
        baseline: floor.p99,
        unit: 'ms',
        target: `≤ ${ACK_RATIO}× bare Bolt and ≪ 3000 ms`,
        met: mine.p99 <= ACK_RATIO * Math.max(floor.p99, 1) && mine.p99 < 3000,
        note: why,
      });
    }
  }
}

/** Each event scenario's messages: a channel and a range of ts of their own, on the same database. */
const CHATTER = { channel: 'C0CHATTER', epoch: 1_700_000_000 };
const MIXED = { channel: CHANNEL, epoch: 1_800_000_000 };
/**
 * A burst of proposals across a company's channels: Slack takes about one message a second in each
 * channel, so how fast one channel's backlog is posted says more about Slack than about us.
 */
const CAPTURE = { channel: 'C0CAPTURE', channels: 16, epoch: 1_600_000_000 };

/**
 * Message events that are not proposals (most of a channel's messages): Empty Chair reads them and
 * stores nothing; bare Bolt, the floor, acks the same events.
 */
async function scenarioChatter(apps: RunningApp[], bare: BareBolt, events: number) {
  process.stdout.write(`2. Chatter: ${events} message events that are not proposals\n`);
  const floor = await driveEvents([bare.url], events, { mix: 'chatter', ...CHATTER });
  for (const app of apps) {
    const mine = await withPeakRss(app, 'Chatter', () =>
      driveEvents([app.url], events, { mix: 'chatter', ...CHATTER }),
    );
    const stored = await app.db.scalar(`select count(*) as n from decisions where channel_id = '${CHATTER.channel}'`);
    record(app.engine, {
      scenario: 'Chatter',
      metric: 'events/s',
      ours: mine.eventsPerSecond,
      baseline: floor.eventsPerSecond,
      unit: 'events/s',
      target: '≥ 0.8× bare Bolt, nothing stored',
      met: mine.eventsPerSecond >= 0.8 * floor.eventsPerSecond && stored === 0 && mine.non2xx === 0,
    });
    record(app.engine, { scenario: 'Chatter', metric: 'p99 ack', ours: mine.p99, baseline: floor.p99, unit: 'ms' });
  }
}

/**
 * Message events at the app, half of them proposals, against bare Bolt acking the same events; then
 * proposals only, until each is stored and its card and three prompts are posted. Then the app is
 * stopped (it posts what is still queued first) and the database floor is measured with nothing else
 * running.
 */
async function scenarioInterception(
  running: RunningApp,
  bareFloor: EventLoad,
  events: number,
  server: string | undefined,
) {
  const { engine, db } = running;
  process.stdout.write(
    `3. Interception on ${ENGINE_NAMES[engine]} (${events} message events, half proposals; then ${Math.min(events, CAPTURED_PROPOSALS)} proposals)\n`,
  );
  const result = await withPeakRss(running, 'Interception', () => driveEvents([running.url], events, MIXED));
  record(engine, {
    scenario: 'Interception',
    metric: 'events/s',
    ours: result.eventsPerSecond,
    baseline: bareFloor.eventsPerSecond,
    unit: 'events/s',
    note: 'floor: bare Bolt acking the same events',
  });
  record(engine, {
    scenario: 'Interception',
    metric: 'p99 ack',
    ours: result.p99,
    baseline: bareFloor.p99,
    unit: 'ms',
    target: '≪ 3000 ms',
    met: result.p99 < 3000,
  });
  const decisions = await db.scalar(`select count(*) as n from decisions where channel_id = '${CHANNEL}'`);
  const wrong = await db.scalar(
    `select count(*) as n from decisions where channel_id = '${CHANNEL}' and title not like 'bench change %'`,
  );
  record(engine, {
    scenario: 'Interception',
    metric: 'proposals stored',
    ours: decisions,
    unit: 'decisions',
    target: `exactly ${result.proposals}, no others`,
    met: decisions === result.proposals && wrong === 0 && result.non2xx === 0,
  });
  // Fewer than the other event scenarios: each proposal also waits for its card and 3 prompts to be posted.
  await scenarioCapture(running, Math.min(events, CAPTURED_PROPOSALS));
  record(engine, {
    scenario: 'Footprint',
    metric: 'RSS after interception',
    ours: memoryOf(running.pid).rss,
    unit: 'MB',
  });
  await stopApp(running);
  const floor = engine === 'sqlite' ? sqliteInsertFloor(events) : await postgresInsertFloor(server ?? '', events);
  record(engine, {
    scenario: 'Interception',
    metric: 'database floor',
    ours: result.eventsPerSecond,
    baseline: floor,
    unit: 'events/s',
    note:
      engine === 'sqlite'
        ? 'raw better-sqlite3, one transaction per event'
        : "raw node-postgres, 10 connections (as the app's pool), one transaction per event",
  });
}

/** How many proposals the capture scenario sends at most. */
const CAPTURED_PROPOSALS = 4000;

/** How long the app gets to post every captured proposal's card and prompts after the load. */
const CAPTURE_TIMEOUT_MS = 5 * 60_000;

/** Proposals only: from the first event until every one is stored and its card and 3 prompts posted. */
async function scenarioCapture(running: RunningApp, events: number) {
  const { engine, db } = running;
  const where = `channel_id like '${CAPTURE.channel}%'`;
  const {
    captured,
    posted,
    seconds,
    load: sent,
  } = await withPeakRss(running, 'Proposals captured', async () => {
    const start = performance.now();
    const sent = await driveEvents([running.url], events, { mix: 'proposals', ...CAPTURE });
    let posted = 0;
    while (performance.now() - start < CAPTURE_TIMEOUT_MS) {
      posted = await db.scalar(`select count(*) as n from decisions where ${where} and posted_at is not null`);
      if (posted >= sent.proposals) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - start) / 1000;
    return {
      captured: await db.scalar(`select count(*) as n from decisions where ${where}`),
      posted,
      seconds,
      load: sent,
    };
  });
  record(engine, {
    scenario: 'Proposals captured',
    metric: 'stored and posted/s',
    ours: posted / seconds,
    unit: 'proposals/s',
    target: '≥ 2000 /s',
    met: posted / seconds >= 2000 && captured === sent.proposals && posted === sent.proposals,
    note: `${captured} stored, ${posted} with card and 3 prompts posted, in ${CAPTURE.channels} channels (fake Slack in the bench process); acked at ${sent.eventsPerSecond.toFixed(0)}/s`,
  });
}

/** `--postgres URL`, `--postgres=URL` or BENCH_DATABASE_URL; undefined runs SQLite only. */
function postgresServer(argv: string[]): string | undefined {
  const at = argv.indexOf('--postgres');
  const given =
    (at >= 0 ? argv[at + 1] : undefined) ??
    argv.find((a) => a.startsWith('--postgres='))?.slice('--postgres='.length) ??
    process.env.BENCH_DATABASE_URL;
  if (given === undefined || given === '') {
    if (at >= 0) throw new Error('--postgres needs a URL: npm run bench -- --postgres postgres://USER@HOST:5432/DB');
    return undefined;
  }
  if (!isPostgresUrl(given)) throw new Error(`--postgres wants a postgres://… URL, not ${redactUrl(given)}`);
  return given;
}

async function main() {
  const quick = process.argv.includes('--quick');
  const server = postgresServer(process.argv);
  const seconds = quick ? 3 : 10;
  const events = quick ? 4000 : 20_000;
  const scale = quick ? 10_000 : 100_000;
  const exportRows = quick ? 100_000 : 1_000_000;
  const raced = quick ? 100 : 500;
  const engines: Engine[] = server ? ['sqlite', 'postgres'] : ['sqlite'];
  const postgres = server ? await describeServer(server) : undefined;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`;
  process.stdout.write(
    `Engines: ${engines.map((e) => ENGINE_NAMES[e]).join(', ')}${postgres ? `; ${postgres}` : ''}\n`,
  );
  const started = performance.now();

  const apps: RunningApp[] = [];
  let bare: BareBolt | undefined;
  try {
    for (const engine of engines) apps.push(await startApp(engine, server));
    bare = await startBare((apps[0] as RunningApp).fake);
    await new Promise((r) => setTimeout(r, 500));
    const bareIdle = memoryOf(bare.pid).rss;
    for (const app of apps) {
      record(app.engine, {
        scenario: 'Footprint',
        metric: 'idle RSS after start',
        ours: memoryOf(app.pid).rss,
        baseline: bareIdle,
        unit: 'MB',
        target: '< 100 MB',
        met: memoryOf(app.pid).rss < 100,
        note: 'floor: bare Bolt idle',
      });
    }
    await scenarioAckLatency(apps, bare, seconds);
    await scenarioChatter(apps, bare, events);
    const bareMixed = await driveEvents([bare.url], events, MIXED);
    bare.stop();
    // One engine at a time, each app stopped (its posts finished) before the next is loaded.
    for (const app of apps) await scenarioInterception(app, bareMixed, events, server);

    for (const engine of engines) {
      process.stdout.write(
        `3-4. Digest and App Home on ${ENGINE_NAMES[engine]}, ${scale} decisions and about ${scale * 3} answers\n`,
      );
      const target = await freshDatabase(engine, server);
      try {
        const database = await seedWorkspace(target, scale);
        try {
          for (const row of await scenarioDigest(database, scale)) record(engine, row);
          for (const row of await scenarioHome(database, scale)) record(engine, row);
        } finally {
          await database.close();
        }
      } finally {
        await target.drop();
      }
    }
    for (const engine of engines) {
      process.stdout.write(`5. Export of ${exportRows} decisions on ${ENGINE_NAMES[engine]}\n`);
      const target = await freshDatabase(engine, server);
      try {
        for (const row of await scenarioExport(target, exportRows)) record(engine, row);
      } finally {
        await target.drop();
      }
    }
    if (server) for (const row of await scenarioTwoInstances(server, events, raced)) record('postgres', row);
  } finally {
    bare?.stop();
    for (const app of apps) await stopApp(app).catch(() => {});
    await dropAll();
  }
  const minutes = (performance.now() - started) / 60_000;

  const date = new Date().toISOString();
  writeFileSync(
    `${ROOT}bench/results.json`,
    `${JSON.stringify({ date, quick, node: process.version, machine, postgres, engines, minutes, rows }, null, 2)}\n`,
  );
  const table = renderTable(rows, engines);
  const missed = missedTargets(rows);
  const previous = existsSync(`${ROOT}bench/results.md`) ? readFileSync(`${ROOT}bench/results.md`, 'utf8') : '';
  const notesAt = previous.indexOf(NOTES_HEADING);
  const notes = notesAt >= 0 ? `\n${previous.slice(notesAt).trimEnd()}\n` : '';
  writeFileSync(
    `${ROOT}bench/results.md`,
    [
      '# Benchmark results',
      '',
      `${date}${quick ? ' (quick run)' : ''}, ${minutes.toFixed(1)} min; Node ${process.version}; ${machine}${postgres ? `; ${postgres}` : '; SQLite only (no --postgres)'}.`,
      '',
      'Written by `npm run bench` (the section of notes at the end is kept from run to run, and says which run it is about).',
      "Each ratio is against a floor measured in the same run: a bare Bolt app, the engine's plain driver, or one instance.",
      '',
      table,
      '',
      '## Targets missed in this run',
      '',
      ...(missed.length > 0 ? missed : ['None.']),
      '',
    ].join('\n') + notes,
  );
  process.stdout.write(`\n${table}\n\n${missed.join('\n')}\nTook ${minutes.toFixed(1)} min.\n`);
}

process.once('SIGINT', () => {
  // The spawned apps get the terminal's SIGINT too; the databases made for this run are dropped.
  void dropAll().finally(() => process.exit(130));
});
await main();
