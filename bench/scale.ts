import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectDatabase, type Database, sqliteDatabase } from '../src/db/database.js';
import { createDigestRepo } from '../src/db/digestRepo.js';
import { createAnswersRepo } from '../src/db/answersRepo.js';
import { createDecisionsRepo } from '../src/db/decisionsRepo.js';
import { createDiscussionRepo } from '../src/db/discussionRepo.js';
import { createPredictionsRepo } from '../src/db/predictionsRepo.js';
import { createReviewRepo } from '../src/db/reviewRepo.js';
import { migrateSqlite, openSqlite } from '../src/db/sqlite.js';
import { calibrationReport } from '../src/decisions/calibration.js';
import { createReviewService } from '../src/decisions/reviewService.js';
import { composeDigest } from '../src/digest/digestRunner.js';
import { buildHome } from '../src/views/home.js';
import { type BenchDatabase, ENGINE_NAMES } from './db.js';
import { memoryOf } from './proc.js';
import type { Measurement } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NOW = new Date('2026-11-23T09:00:00Z');
const USERS = 50;
const STATUSES = [
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'confirmed',
  'rejected',
  'withdrawn',
  'open',
] as const;
const CHOICES = {
  1: ['yes', 'partly', 'no'],
  2: ['positive', 'mixed', 'negative'],
  3: ['customer_satisfaction', 'profit', 'both', 'other'],
} as const;

interface SeedDecision {
  id: number;
  channel: string;
  isPrivate: boolean;
  ts: string;
  title: string;
  description: string;
  proposer: string;
  status: (typeof STATUSES)[number];
  created: number;
}

interface SeedAnswer {
  decisionId: number;
  question: 1 | 2 | 3;
  userId: string;
  choice: string;
  text: string | null;
  created: number;
}

/** Decision `i` of `decisions` (ids from 1), the same on both engines. */
function seedDecision(i: number, decisions: number): SeedDecision {
  const span = 104 * 7 * 24 * 3600 * 1000;
  const created = NOW.getTime() - span + Math.floor((span * i) / decisions);
  return {
    id: i,
    channel: `C${i % 20}`,
    isPrivate: i % 20 === 0,
    ts: `${Math.floor(created / 1000)}.${String(i % 1_000_000).padStart(6, '0')}`,
    title: `Decision number ${i}, with "quotes", commas, and =formulas`,
    description: `What changes and why for decision ${i}.\nSecond line.`,
    proposer: `U${i % USERS}`,
    status: STATUSES[i % STATUSES.length] ?? 'open',
    created,
  };
}

/** Three answers, except for open decisions, some of which still wait. */
function seedAnswers(d: SeedDecision): SeedAnswer[] {
  const answers: SeedAnswer[] = [];
  for (const question of [1, 2, 3] as const) {
    if (d.status === 'open' && (d.id + question) % 3 === 0) continue;
    const choices = CHOICES[question];
    answers.push({
      decisionId: d.id,
      question,
      userId: `U${(d.id + question) % USERS}`,
      choice: choices[d.id % choices.length] ?? 'other',
      text: question === 2 ? `Customer ${d.id} would say fine` : null,
      created: d.created + 1000,
    });
  }
  return answers;
}

/**
 * A workspace with `decisions` decisions spread over the two years before NOW (the last week holds
 * about 1/104th of them) and three answers each, except open decisions, some of which still wait.
 * Stored in bulk, not through the app: SQLite in one transaction of prepared inserts, PostgreSQL in
 * multi-row inserts of 10,000 rows (unnest of arrays) in one transaction, then analysed on both.
 */
export async function seedWorkspace(target: BenchDatabase, decisions: number, withAnswers = true): Promise<Database> {
  const start = performance.now();
  const database =
    target.engine === 'sqlite'
      ? seedSqlite(target.url, decisions, withAnswers)
      : await seedPostgres(target.url, decisions, withAnswers);
  process.stdout.write(
    `  seeded ${decisions} decisions${withAnswers ? ' with answers' : ''} on ${ENGINE_NAMES[target.engine]} in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
  );
  return database;
}

function seedSqlite(path: string, decisions: number, withAnswers: boolean): Database {
  const db = openSqlite(path);
  migrateSqlite(db);
  const raw = db.$client;
  const insertDecision = raw.prepare(
    `insert into decisions (id, team_id, channel_id, channel_is_private, message_ts, card_ts, thread_ts, source, title, description, category, proposer_id, status, posted_at, created_at)
     values (?, 'T0001', ?, ?, ?, ?, ?, 'command', ?, ?, 'pricing', ?, ?, ?, ?)`,
  );
  const insertAnswer = raw.prepare(
    "insert into answers (team_id, decision_id, question, user_id, choice, text, created_at) values ('T0001', ?, ?, ?, ?, ?, ?)",
  );
  raw.transaction(() => {
    for (let i = 1; i <= decisions; i++) {
      const d = seedDecision(i, decisions);
      insertDecision.run(
        d.id,
        d.channel,
        d.isPrivate ? 1 : 0,
        d.ts,
        d.ts,
        d.ts,
        d.title,
        d.description,
        d.proposer,
        d.status,
        d.created,
        d.created,
      );
      if (!withAnswers) continue;
      for (const a of seedAnswers(d)) {
        insertAnswer.run(a.decisionId, a.question, a.userId, a.choice, a.text, a.created);
      }
    }
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.exec('analyze');
  return sqliteDatabase(db);
}

const BATCH = 10_000;

async function seedPostgres(url: string, decisions: number, withAnswers: boolean): Promise<Database> {
  // Connecting migrates the new database; the rows then go in through a plain client.
  const database = await connectDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const iso = (ms: number) => new Date(ms).toISOString();
  try {
    await client.query('begin');
    for (let from = 1; from <= decisions; from += BATCH) {
      const batch: SeedDecision[] = [];
      for (let i = from; i < Math.min(from + BATCH, decisions + 1); i++) batch.push(seedDecision(i, decisions));
      await client.query(
        `insert into decisions (id, team_id, channel_id, channel_is_private, message_ts, card_ts, thread_ts, source, title, description, category, proposer_id, status, posted_at, created_at)
         select id, 'T0001', channel, private, ts, ts, ts, 'command', title, description, 'pricing', proposer, status, created, created
           from unnest($1::int[], $2::text[], $3::bool[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
             as t(id, channel, private, ts, title, description, proposer, status, created)`,
        [
          batch.map((d) => d.id),
          batch.map((d) => d.channel),
          batch.map((d) => d.isPrivate),
          batch.map((d) => d.ts),
          batch.map((d) => d.title),
          batch.map((d) => d.description),
          batch.map((d) => d.proposer),
          batch.map((d) => d.status),
          batch.map((d) => iso(d.created)),
        ],
      );
      if (!withAnswers) continue;
      const answers = batch.flatMap(seedAnswers);
      await client.query(
        `insert into answers (team_id, decision_id, question, user_id, choice, text, created_at)
         select 'T0001', decision_id, question, user_id, choice, text, created
           from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
             as t(decision_id, question, user_id, choice, text, created)`,
        [
          answers.map((a) => a.decisionId),
          answers.map((a) => a.question),
          answers.map((a) => a.userId),
          answers.map((a) => a.choice),
          answers.map((a) => a.text),
          answers.map((a) => iso(a.created)),
        ],
      );
    }
    // Explicit ids leave the identity's sequence behind; new decisions continue after them.
    await client.query(
      "select setval(pg_get_serial_sequence('decisions', 'id'), coalesce(max(id), 0) + 1, false) from decisions",
    );
    await client.query('commit');
    // As autovacuum would have by then: statistics for the planner, the visibility map for index-only scans.
    await client.query('vacuum (analyze) decisions, answers');
  } finally {
    await client.end();
  }
  return database;
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timeIt(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function scenarioDigest(db: Database, decisions: number): Promise<Measurement[]> {
  const repo = createDigestRepo(db);
  let blocks = 0;
  const ms = await timeIt(10, async () => {
    const digest = await composeDigest({
      repo,
      teamId: 'T0001',
      channelId: 'C1',
      slot: NOW,
      late: false,
      now: NOW,
      teamUrl: 'https://bench.slack.com/',
      cron: '0 9 * * 1',
      timezone: 'UTC',
    });
    blocks = digest.blocks.length;
  });
  return [
    {
      scenario: `Digest at ${decisions} decisions`,
      metric: 'median build (10 runs)',
      ours: ms,
      unit: 'ms',
      target: decisions >= 100_000 ? '< 100 ms' : undefined,
      met: decisions >= 100_000 ? ms < 100 : undefined,
      note: `${blocks} blocks`,
    },
  ];
}

export async function scenarioHome(db: Database, decisions: number): Promise<Measurement[]> {
  const review = createReviewService({
    review: createReviewRepo(db),
    decisions: createDecisionsRepo(db, () => new Date()),
    answers: createAnswersRepo(db),
    discussion: createDiscussionRepo(db),
    predictions: createPredictionsRepo(db, () => new Date()),
    calibration: async () => calibrationReport([]),
    approversFor: async () => [],
    now: () => new Date(),
    linkTo: () => 'https://bench.slack.com/archives/C1/p1',
  });
  let blocks = 0;
  const ms = await timeIt(10, async () => {
    blocks = buildHome(await review.home('T0001', { userId: 'U7', hiddenChannels: [] }, 'all')).blocks.length;
  });
  return [
    {
      scenario: `App Home at ${decisions} decisions`,
      metric: 'median build (10 runs)',
      ours: ms,
      unit: 'ms',
      target: decisions >= 100_000 ? '< 50 ms' : undefined,
      met: decisions >= 100_000 ? ms < 50 : undefined,
      note: `${blocks} blocks`,
    },
  ];
}

/** Runs the export CLI on a database of `decisions` decisions; measures wall time and the process's peak RSS. */
export async function scenarioExport(target: BenchDatabase, decisions: number): Promise<Measurement[]> {
  await (await seedWorkspace(target, decisions, false)).close();
  const folder = mkdtempSync(join(tmpdir(), 'empty-chair-export-'));
  const out = join(folder, 'export.csv');
  try {
    const start = performance.now();
    const child = spawn(process.execPath, ['dist/cli/export.js', '--format', 'csv', '--out', out], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: target.url, DOTENV_CONFIG_PATH: '/nonexistent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let said = '';
    child.stderr.on('data', (d) => {
      said += String(d);
      process.stderr.write(d);
    });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        peak = Math.max(peak, memoryOf(child.pid ?? 0).peak);
      } catch {
        // The process has exited.
      }
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(poll);
    const seconds = (performance.now() - start) / 1000;
    const big = decisions >= 1_000_000;
    const exported = Number(/Exported (\d+) decisions/.exec(said)?.[1] ?? 0);
    const mb = (statSync(out, { throwIfNoEntry: false })?.size ?? 0) / 1e6;
    return [
      {
        scenario: `Export ${decisions} decisions`,
        metric: 'wall time',
        ours: seconds,
        unit: 's',
        target: big ? '< 10 s' : undefined,
        met: big ? seconds < 10 && code === 0 && exported === decisions : undefined,
        note: `exit ${code}, ${exported} decisions exported, ${mb.toFixed(0)} MB CSV`,
      },
      {
        scenario: `Export ${decisions} decisions`,
        metric: 'peak RSS',
        ours: peak,
        unit: 'MB',
        target: big ? '< 150 MB' : undefined,
        met: big ? peak < 150 : undefined,
      },
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
