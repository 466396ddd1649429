import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Database, sqliteDatabase } from '../src/db/database.js';
import { createDigestRepo } from '../src/db/digestRepo.js';
import { createAnswersRepo } from '../src/db/answersRepo.js';
import { createDecisionsRepo } from '../src/db/decisionsRepo.js';
import { createDiscussionRepo } from '../src/db/discussionRepo.js';
import { createReviewRepo } from '../src/db/reviewRepo.js';
import { migrateSqlite, openSqlite } from '../src/db/sqlite.js';
import { createReviewService } from '../src/decisions/reviewService.js';
import { composeDigest } from '../src/digest/digestRunner.js';
import { buildHome } from '../src/views/home.js';
import { tempDbPath } from '../test/rig/testApp.js';
import { memoryOf } from './proc.js';
import type { Row } from './run.js';

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

/**
 * A workspace with `decisions` decisions spread over the two years before NOW (the last week holds
 * about 1/104th of them) and three answers each, except open decisions, some of which still wait.
 */
export function seedWorkspace(path: string, decisions: number, withAnswers = true): Database {
  const db = openSqlite(path);
  migrateSqlite(db);
  const raw = db.$client;
  const insertDecision = raw.prepare(
    `insert into decisions (team_id, channel_id, channel_is_private, message_ts, card_ts, thread_ts, source, title, description, category, proposer_id, status, posted_at, created_at)
     values ('T0001', ?, ?, ?, ?, ?, 'command', ?, ?, 'pricing', ?, ?, ?, ?)`,
  );
  const insertAnswer = raw.prepare(
    "insert into answers (team_id, decision_id, question, user_id, choice, text, created_at) values ('T0001', ?, ?, ?, ?, ?, ?)",
  );
  const span = 104 * 7 * 24 * 3600 * 1000;
  raw.transaction(() => {
    for (let i = 1; i <= decisions; i++) {
      const created = NOW.getTime() - span + Math.floor((span * i) / decisions);
      const status = STATUSES[i % STATUSES.length] ?? 'open';
      const ts = `${Math.floor(created / 1000)}.${String(i % 1_000_000).padStart(6, '0')}`;
      const channel = `C${i % 20}`;
      const { lastInsertRowid } = insertDecision.run(
        channel,
        i % 20 === 0 ? 1 : 0,
        ts,
        ts,
        ts,
        `Decision number ${i}, with "quotes", commas, and =formulas`,
        `What changes and why for decision ${i}.\nSecond line.`,
        `U${i % USERS}`,
        status,
        created,
        created,
      );
      if (!withAnswers) continue;
      for (const question of [1, 2, 3] as const) {
        if (status === 'open' && (i + question) % 3 === 0) continue;
        const choices = CHOICES[question];
        insertAnswer.run(
          lastInsertRowid,
          question,
          `U${(i + question) % USERS}`,
          choices[i % choices.length],
          question === 2 ? `Customer ${i} would say fine` : null,
          created + 1000,
        );
      }
    }
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.exec('analyze');
  return sqliteDatabase(db);
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

export async function scenarioDigest(db: Database, decisions: number): Promise<Row[]> {
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
      target: decisions >= 100_000 ? '< 200 ms' : undefined,
      met: decisions >= 100_000 ? ms < 200 : undefined,
      note: `${blocks} blocks`,
    },
  ];
}

export async function scenarioHome(db: Database, decisions: number): Promise<Row[]> {
  const review = createReviewService({
    review: createReviewRepo(db),
    decisions: createDecisionsRepo(db, () => new Date()),
    answers: createAnswersRepo(db),
    discussion: createDiscussionRepo(db),
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
export async function scenarioExport(decisions: number): Promise<Row[]> {
  process.stdout.write(`5. Export of ${decisions} decisions\n`);
  const path = tempDbPath();
  await seedWorkspace(path, decisions, false).close();
  const out = `${path}.csv`;
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--format', 'csv', '--out', out], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: path, DOTENV_CONFIG_PATH: '/nonexistent' },
    stdio: ['ignore', 'ignore', 'inherit'],
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
  return [
    {
      scenario: `Export ${decisions} decisions`,
      metric: 'wall time',
      ours: seconds,
      unit: 's',
      target: big ? '< 15 s' : undefined,
      met: big ? seconds < 15 && code === 0 : undefined,
      note: `exit ${code}, ${(statSync(out).size / 1e6).toFixed(0)} MB CSV`,
    },
    {
      scenario: `Export ${decisions} decisions`,
      metric: 'peak RSS',
      ours: peak,
      unit: 'MB',
      target: big ? '< 200 MB' : undefined,
      met: big ? peak < 200 : undefined,
    },
  ];
}
