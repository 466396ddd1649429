import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database, sqliteDatabase } from '../../src/db/database.js';
import { createExportRepo, type ExportFilters, exportStatement } from '../../src/db/exportRepo.js';
import type * as pgSchema from '../../src/db/schema/pg.js';
import { openWritableSqlite } from '../../src/db/sqlite.js';
import { type ExportOptions, exportDecisions } from '../../src/decisions/exporter.js';
import { expectOneSentence, runCommand, tempDbPath } from '../rig/testApp.js';
import { createTestDatabase, type TestDatabase, testEngine } from '../rig/testDatabase.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The suite's engine: a SQLite file, or with TEST_DATABASE_URL a PostgreSQL database of this test's own. */
let testDb: TestDatabase;
let db: Database;
/** DATABASE_URL for the export command. */
let dbUrl: string;
/** A folder for the files the command writes. */
let outDir: string;
beforeEach(async () => {
  testDb = await createTestDatabase();
  dbUrl = testDb.url;
  db = await connectDatabase(dbUrl);
  outDir = mkdtempSync(join(tmpdir(), 'empty-chair-export-'));
});
afterEach(async () => {
  await db.close();
  await testDb.drop();
  rmSync(outDir, { recursive: true, force: true });
});

async function addDecision(
  values: Partial<typeof pgSchema.decisions.$inferInsert> = {},
  into: Database = db,
): Promise<number> {
  const [row] = await into.run((q) =>
    q
      .insert(into.schema.decisions)
      .values({
        teamId: 'T0001',
        channelId: 'C0GENERAL',
        source: 'command',
        title: 'A decision',
        proposerId: 'U0ALICE',
        ...values,
      })
      .returning(),
  );
  return row?.id ?? 0;
}

interface AnswerSeed {
  question: number;
  userId: string;
  choice: string;
  text?: string;
  supersededAt?: Date;
  createdAt?: Date;
  teamId?: string;
}

async function addAnswer(decisionId: number, answer: AnswerSeed): Promise<void> {
  await db.run((q) =>
    q
      .insert(db.schema.answers)
      .values({ teamId: 'T0001', createdAt: new Date('2026-11-10T10:00:00Z'), decisionId, ...answer }),
  );
}

/** Seeds `count` plain decisions in one transaction, each with a description of `size` characters. */
async function seedMany(count: number, size = 100, into: Database = db): Promise<void> {
  const { decisions } = into.schema;
  const BATCH = 1000;
  await into.transaction(async (tx) => {
    for (let from = 0; from < count; from += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, i) => ({
        teamId: 'T0001',
        channelId: 'C1',
        source: 'command' as const,
        title: `Decision ${from + i}`,
        description: 'x'.repeat(size),
        proposerId: 'U1',
      }));
      await tx.insert(decisions).values(rows);
    }
  });
}

/**
 * Collects what the exporter writes; it takes one chunk per event-loop turn, like a slow reader, and
 * not before `onChunk` has finished with it.
 */
function sink(
  highWaterMark = 16 * 1024,
  onChunk: (chunk: string) => void | Promise<void> = () => {},
): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      void Promise.resolve(onChunk(chunk.toString('utf8'))).then(() => setImmediate(done), done);
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/** Runs the export into `out`, then ends it (the caller owns the stream) and waits until all is written. */
async function exportInto(out: Writable, options: Partial<ExportOptions> = {}, from: Database = db): Promise<number> {
  const rows = await exportDecisions(
    createExportRepo(from),
    { format: 'csv', filters: {}, answers: false, ...options },
    out,
  );
  out.end();
  await finished(out);
  return rows;
}

async function exportText(options: Partial<ExportOptions> = {}): Promise<{ rows: number; text: string }> {
  const out = sink();
  const rows = await exportInto(out, options);
  return { rows, text: out.text() };
}

const records = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

const tricky = 'Comma, "quotes", newline\nand unicode 日本語 🎉';

/** One decided decision with current and replaced answers, and the CSV record it should export as. */
async function seedAnswered(): Promise<Record<string, string>> {
  const id = await addDecision({
    title: tricky,
    description: 'Line one\r\nLine two',
    category: 'pricing',
    status: 'confirmed',
    decidedBy: 'U0BOB',
    decidedAt: new Date('2026-11-12T08:00:00Z'),
    decideBy: '2026-12-01',
    createdAt: new Date('2026-11-09T12:00:00Z'),
  });
  await addAnswer(id, { question: 1, userId: 'U1', choice: 'yes' });
  await addAnswer(id, { question: 1, userId: 'U2', choice: 'no' });
  await addAnswer(id, { question: 1, userId: 'U3', choice: 'no' });
  await addAnswer(id, { question: 2, userId: 'U2', choice: 'mixed', text: 'They will grumble, then adapt' });
  await addAnswer(id, { question: 2, userId: 'U1', choice: 'positive', text: 'Finally, "cheaper"!' });
  await addAnswer(id, { question: 3, userId: 'U1', choice: 'customer_satisfaction', supersededAt: new Date() });
  await addAnswer(id, { question: 3, userId: 'U1', choice: 'profit' });
  return {
    id: String(id),
    team_id: 'T0001',
    channel_id: 'C0GENERAL',
    title: tricky,
    description: 'Line one\r\nLine two',
    category: 'Pricing',
    status: 'confirmed',
    proposer_id: 'U0ALICE',
    created_at: '2026-11-09T12:00:00.000Z',
    decided_by: 'U0BOB',
    decided_at: '2026-11-12T08:00:00.000Z',
    decide_by: '2026-12-01',
    values_answers: '3',
    values_majority: 'No',
    customer_answers: '2',
    customer_reaction_majority: 'Positive',
    customer_would_say: 'They will grumble, then adapt | Finally, "cheaper"!',
    motive_answers: '1',
    motive_majority: 'Profit',
    ...NO_REVIEW,
  };
}

/** The prediction, outcome and link columns of a decision confirmed without them. */
const NO_REVIEW = Object.fromEntries(
  [
    'prediction_expected',
    'prediction_confidence',
    'prediction_signal',
    'review_skipped',
    'review_due',
    'outcome_reaction',
    'outcome_evidence',
    'outcome_decide_again',
    'outcome_recorded_by',
    'outcome_recorded_at',
    'prediction_matched',
    'revisits',
    'revisited_by',
  ].map((column) => [column, '']),
);

describe('export', () => {
  it('round-trips every field through RFC 4180 CSV, with current answers summarised', async () => {
    const expected = await seedAnswered();
    await addDecision({ title: 'Unanswered', createdAt: new Date('2026-11-10T00:00:00Z') });
    const { rows, text } = await exportText();
    expect(rows).toBe(2);
    expect(text.split('\r\n')[0]).toBe(
      'id,team_id,channel_id,title,description,category,status,proposer_id,created_at,decided_by,decided_at,decide_by,values_answers,values_majority,customer_answers,customer_reaction_majority,customer_would_say,motive_answers,motive_majority,' +
        'prediction_expected,prediction_confidence,prediction_signal,review_skipped,review_due,outcome_reaction,outcome_evidence,outcome_decide_again,outcome_recorded_by,outcome_recorded_at,prediction_matched,revisits,revisited_by',
    );
    const [answered, unanswered] = records(text);
    expect(answered).toEqual(expected);
    expect(unanswered).toMatchObject({
      title: 'Unanswered',
      category: 'Other',
      status: 'open',
      decided_at: '',
      values_answers: '0',
      values_majority: '',
      customer_would_say: '',
      motive_majority: '',
    });
  });

  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])(
    'defuses a cell starting %j',
    async (title) => {
      const id = await addDecision({ title, description: title });
      await addAnswer(id, { question: 2, userId: 'U1', choice: 'negative', text: title });
      const [row] = records((await exportText()).text);
      expect(row?.title).toBe(`'${title}`);
      expect(row?.description).toBe(`'${title}`);
      expect(row?.customer_would_say).toBe(`'${title}`);
      const [answer] = records((await exportText({ answers: true })).text);
      expect(answer?.text).toBe(`'${title}`);
    },
  );

  it('filters by date (inclusive, UTC), status, team and channel; in id order, or team and creation order with --team', async () => {
    const at = (d: string) => new Date(`${d}Z`);
    await addDecision({ title: 'early', createdAt: at('2026-11-01T23:59:59.999') });
    await addDecision({ title: 'first day', createdAt: at('2026-11-02T00:00:00') });
    await addDecision({ title: 'last day', createdAt: at('2026-11-08T23:59:59.999'), status: 'rejected' });
    await addDecision({ title: 'late', createdAt: at('2026-11-09T00:00:00') });
    await addDecision({
      title: 'other team',
      teamId: 'T0002',
      channelId: 'C0THEIRS',
      createdAt: at('2026-11-03T00:00:00'),
    });
    await addDecision({ title: 'other channel', channelId: 'C0OTHER', createdAt: at('2026-11-03T00:00:00') });
    const titles = async (filters: ExportFilters) => records((await exportText({ filters })).text).map((r) => r.title);
    expect(await titles({ since: at('2026-11-02T00:00:00'), until: at('2026-11-08T23:59:59.999') })).toEqual([
      'first day',
      'last day',
      'other team',
      'other channel',
    ]);
    expect(await titles({ teamId: 'T0001', since: at('2026-11-02T00:00:00') })).toEqual([
      'first day',
      'other channel',
      'last day',
      'late',
    ]);
    expect(await titles({ status: 'rejected' })).toEqual(['last day']);
    expect(await titles({ teamId: 'T0002' })).toEqual(['other team']);
    expect(await titles({ teamId: 'T0001', channelId: 'C0OTHER' })).toEqual(['other channel']);
    expect(await titles({ channelId: 'C0GENERAL', status: 'open', until: at('2026-11-05T00:00:00') })).toEqual([
      'early',
      'first day',
    ]);
  });

  it('writes one row per answer with --answers, replaced answers marked, filtered like decisions', async () => {
    const id = await addDecision({ title: tricky, createdAt: new Date('2026-11-09T00:00:00Z') });
    await addAnswer(id, {
      question: 3,
      userId: 'U1',
      choice: 'profit',
      text: 'old view',
      createdAt: new Date('2026-11-10T09:00:00Z'),
      supersededAt: new Date('2026-11-11T00:00:00Z'),
    });
    await addAnswer(id, { question: 3, userId: 'U1', choice: 'both', text: 'new, "better" view' });
    await addAnswer(id, { question: 1, userId: 'U2', choice: 'partly' });
    const elsewhere = await addDecision({ teamId: 'T0002', title: 'Elsewhere' });
    await addAnswer(elsewhere, { teamId: 'T0002', question: 1, userId: 'U9', choice: 'yes' });
    const { rows, text } = await exportText({ answers: true, filters: { teamId: 'T0001' } });
    const motive = 'What is our motivation for making this change? (customer satisfaction or profit?)';
    expect(rows).toBe(3);
    expect(records(text)).toEqual([
      {
        decision_id: String(id),
        title: tricky,
        question: '3',
        question_text: motive,
        user_id: 'U1',
        choice: 'Profit',
        text: 'old view',
        answered_at: '2026-11-10T09:00:00.000Z',
        replaced_at: '2026-11-11T00:00:00.000Z',
      },
      {
        decision_id: String(id),
        title: tricky,
        question: '3',
        question_text: motive,
        user_id: 'U1',
        choice: 'Both',
        text: 'new, "better" view',
        answered_at: '2026-11-10T10:00:00.000Z',
        replaced_at: '',
      },
      {
        decision_id: String(id),
        title: tricky,
        question: '1',
        question_text: 'Does this align with the values of our customer?',
        user_id: 'U2',
        choice: 'Partly',
        text: '',
        answered_at: '2026-11-10T10:00:00.000Z',
        replaced_at: '',
      },
    ]);
  });

  it('writes a JSON array holding the same records as the CSV, formulas left as they are', async () => {
    const expected = await seedAnswered();
    await addDecision({ title: '=not defused in JSON', createdAt: new Date('2026-11-10T00:00:00Z') });
    const out = sink();
    const count = await exportInto(out, { format: 'json' });
    const parsed = JSON.parse(out.text()) as Record<string, string | number>[];
    expect(count).toBe(2);
    expect(parsed[0]).toEqual({
      ...expected,
      id: Number(expected.id),
      values_answers: 3,
      customer_answers: 2,
      motive_answers: 1,
    });
    expect(parsed[1]?.title).toBe('=not defused in JSON');
    const csv = records((await exportText()).text);
    expect(parsed.map((r) => Object.keys(r))).toEqual(csv.map((r) => Object.keys(r)));
    const empty = sink();
    await exportInto(empty, { format: 'json', filters: { teamId: 'nobody' } });
    expect(JSON.parse(empty.text())).toEqual([]);
  });

  // SQLite's query plan for the statement its export streams (PostgreSQL's export reads pages instead).
  it
    .skipIf(testEngine() === 'postgres')
    .each<ExportFilters>([
      {},
      { teamId: 'T' },
      { teamId: 'T', since: new Date(0), until: new Date('2026-12-31T23:59:59.999Z') },
      { teamId: 'T', status: 'open' },
      { teamId: 'T', channelId: 'C' },
      { teamId: 'T', channelId: 'C', status: 'open' },
      { since: new Date(0) },
      { status: 'open' },
      { channelId: 'C' },
    ])('hands rows over as it finds them, never sorting in a temporary B-tree, filtered by %j', (filters) => {
    const sqlite = db.sqlite;
    if (!sqlite) throw new Error('no SQLite connection');
    for (const kind of ['decisions', 'answers'] as const) {
      const { sql, params } = exportStatement(kind, filters);
      const plan = (sqlite.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map(
        (step) => step.detail,
      );
      expect(plan.join('\n')).not.toContain('TEMP B-TREE');
      // Every decisions index starts with team_id, so only a team's export can search one.
      expect(plan.filter((step) => /^(SCAN|SEARCH) d\b/.test(step))).toEqual([
        filters.teamId === undefined
          ? expect.stringMatching(/^SCAN d\b/)
          : expect.stringMatching(/^SEARCH d USING (COVERING )?INDEX decisions_team_\w+ \(team_id=\?/),
      ]);
      expect(plan.filter((step) => /^(SCAN|SEARCH) a\b/.test(step))).toEqual([
        expect.stringMatching(/^SEARCH a USING (COVERING )?INDEX answers_\w+ \(team_id=\? AND decision_id=\?\)/),
      ]);
    }
  });

  it('streams with backpressure: a slow reader never has more than a little buffered', async () => {
    await seedMany(20_000);
    const out = sink(1024);
    let mostBuffered = 0;
    const write = out.write.bind(out) as (...args: unknown[]) => boolean;
    out.write = ((...args: unknown[]) => {
      const ok = write(...args);
      mostBuffered = Math.max(mostBuffered, out.writableLength);
      return ok;
    }) as typeof out.write;
    const rows = await exportInto(out);
    const text = out.text();
    expect(rows).toBe(20_000);
    expect(records(text)).toHaveLength(20_000);
    // About 2.7 MB went through a reader that takes one chunk per event-loop turn.
    expect(text.length).toBeGreaterThan(2_500_000);
    expect(mostBuffered).toBeLessThan(128 * 1024);
  });

  // How SQLite's streaming export (one row at a time through its own connection) uses memory.
  it.skipIf(testEngine() === 'postgres')(
    'exports 50k decisions (54 MB) while the heap grows by a small fraction of that',
    async () => {
      const bigPath = tempDbPath();
      const big = sqliteDatabase(openWritableSqlite(bigPath));
      try {
        await seedMany(50_000, 1000, big);
        const base = process.memoryUsage().heapUsed;
        let bytes = 0;
        let rowsSeen = 0;
        let mostHeap = 0;
        const counting = new Writable({
          write(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            rowsSeen += chunk.toString('utf8').split('\r\n').length - 1;
            mostHeap = Math.max(mostHeap, process.memoryUsage().heapUsed - base);
            setImmediate(done);
          },
        });
        expect(await exportInto(counting, {}, big)).toBe(50_000);
        expect(rowsSeen).toBe(50_001);
        expect(bytes).toBeGreaterThan(50_000_000);
        // Holding the rows (or the CSV) at once would take more than the 54 MB written; streaming takes ~5 MB.
        expect(mostHeap).toBeLessThan(20_000_000);
      } finally {
        await big.close();
        rmSync(dirname(bigPath), { recursive: true, force: true });
      }
    },
    60_000,
  );

  it.each(['csv', 'json'] as const)(
    'leaves the app free to write while a %s export waits on its reader, and exports one snapshot',
    async (format) => {
      await seedMany(2_000);
      let writeError: unknown = 'no row reached the reader';
      // The reader takes no more until the write is done: the export waits on it meanwhile.
      const out = sink(1024, async (chunk) => {
        if (writeError !== 'no row reached the reader' || !chunk.includes('Decision')) return;
        try {
          await addDecision({ title: 'Proposed during the export' });
          writeError = undefined;
        } catch (error) {
          writeError = error;
        }
      });
      const rows = await exportInto(out, { format });
      expect(writeError).toBeUndefined();
      expect(rows).toBe(2_000);
      expect(out.text()).not.toContain('Proposed during the export');
    },
  );

  it('writes any text as CSV that parses back to the same text, defusing only formulas (property)', async () => {
    // OWASP's list of what makes a spreadsheet read a cell as a formula, and starts that do not, made on purpose
    // (a string drawn at random would almost never start with one): the expected cell is known by construction.
    const formula = fc.constantFrom('=', '+', '-', '@', '\t', '\r');
    const harmless = fc.constantFrom('a', ' ', "'", '"', ',', '\n', '#', '0', '*', '%', '(', '🎉', '日', '\u00A0');
    // Any text the app stores: every code point but NUL, which it drops on arrival (decisions/slackText.ts
    // storable) because PostgreSQL refuses it.
    const rest = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replaceAll('\u0000', ''));
    const title = fc.oneof(
      fc.tuple(formula, rest).map(([first, more]) => ({ title: `${first}${more}`, cell: `'${first}${more}` })),
      fc.tuple(harmless, rest).map(([first, more]) => ({ title: `${first}${more}`, cell: `${first}${more}` })),
      fc.constant({ title: '', cell: '' }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(title, { minLength: 1, maxLength: 5 }), async (titles) => {
        await db.run((q) => q.delete(db.schema.decisions));
        for (const { title } of titles) await addDecision({ title });
        const parsed = records((await exportText()).text).map((r) => r.title);
        expect(parsed).toEqual(titles.map(({ cell }) => cell));
      }),
      { numRuns: 60 },
    );
  });
});

describe('npm run export', () => {
  const env = () => ({
    PATH: process.env.PATH ?? '',
    DATABASE_URL: dbUrl,
    DOTENV_CONFIG_PATH: join(ROOT, 'test', 'no-such.env'),
  });
  const run = (...args: string[]) => runCommand('export', args, { DATABASE_URL: dbUrl });

  it('writes the file given with --out, and says how many rows in the right number', async () => {
    await addDecision({ title: 'Exported by the CLI' });
    const out = join(outDir, 'export.csv');
    const result = await run('--format', 'csv', '--out', out);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`Exported 1 decision to ${out}.\n`);
    expect(records(readFileSync(out, 'utf8')).map((r) => r.title)).toEqual(['Exported by the CLI']);
    await addDecision({ title: 'A second one' });
    const second = join(outDir, 'export.2.csv');
    expect((await run('--format', 'csv', '--out', second)).stderr).toBe(`Exported 2 decisions to ${second}.\n`);
  });

  it('refuses to write after the banner `npm run` puts on a redirected output, and says how to avoid it', async () => {
    await addDecision({ title: 'Through npm' });
    const banner = await runCommand('export', ['--format', 'json'], { DATABASE_URL: dbUrl }, { npm: [] });
    expect(banner.status).toBe(2);
    expect(banner.stderr).toContain(
      'npm has written its "> empty-chair export" banner into the output; run `npm run -s export -- …` or pass --out FILE.',
    );
    expect(banner.stdout).not.toContain('Through npm');
    const silent = await runCommand('export', ['--format', 'json'], { DATABASE_URL: dbUrl }, { npm: ['-s'] });
    expect(silent.status).toBe(0);
    expect((JSON.parse(silent.stdout) as { title: string }[]).map((r) => r.title)).toEqual(['Through npm']);
  });

  // A SQLite file that is not there (a missing PostgreSQL database is the server's to report).
  it.skipIf(testEngine() === 'postgres')(
    'refuses a DATABASE_URL where there is no database, and creates none',
    async () => {
      const missing = join(outDir, 'typo.db');
      const result = await runCommand('export', [], { DATABASE_URL: missing });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`There is no database at ${missing} to export; check DATABASE_URL.\n`);
      expect(existsSync(missing)).toBe(false);
    },
  );

  it('turns --team, --status and whole UTC days from --since to --until into filters', async () => {
    const at = (d: string) => new Date(`${d}Z`);
    await addDecision({ title: 'day before', createdAt: at('2026-11-01T23:59:59.999') });
    await addDecision({ title: 'first moment', createdAt: at('2026-11-02T00:00:00') });
    await addDecision({ title: 'closed', status: 'confirmed', createdAt: at('2026-11-03T00:00:00') });
    await addDecision({ title: 'other team', teamId: 'T0002', createdAt: at('2026-11-03T00:00:00') });
    await addDecision({ title: 'last moment', createdAt: at('2026-11-08T23:59:59.999') });
    await addDecision({ title: 'day after', createdAt: at('2026-11-09T00:00:00') });
    const out = join(outDir, 'export.json');
    const args = ['--team', 'T0001', '--status', 'open', '--since', '2026-11-02', '--until', '2026-11-08'];
    const result = await run('--format', 'json', ...args, '--out', out);
    expect(result.status).toBe(0);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as { title: string }[];
    expect(rows.map((r) => r.title)).toEqual(['first moment', 'last moment']);
  });

  it.each([
    [['--format', 'xml'], '--format must be csv or json'],
    [['--since', '2026-13-45'], '--since must be a date written YYYY-MM-DD'],
    [['--since', '2026-02-30'], '--since must be a date written YYYY-MM-DD'],
    [['--until', 'yesterday'], '--until must be a date written YYYY-MM-DD'],
    [['--since', '2026-11-10', '--until', '2026-11-01'], '--since must not be later than --until'],
    [['--status', 'maybe'], '--status must be one of open, confirmed'],
    [['--colour', 'blue'], "Unknown option '--colour'"],
    [['--team'], "Option '--team <value>' argument missing"],
    [['stray'], "Unexpected argument 'stray'"],
    [['--help'], "Unknown option '--help'"],
  ])('refuses %j with one sentence and exit code 2', async (args, message) => {
    const result = await run(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expectOneSentence(result.stderr);
  });

  it('says in one sentence when it cannot write the --out file, and exits 1', async () => {
    await addDecision();
    const result = await run('--out', join(outDir, 'missing-folder', 'export.csv'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Could not write the export to .*missing-folder.*: ENOENT/);
    expectOneSentence(result.stderr);
  });

  it.each(['csv', 'json'])('stops quietly when the %s reader goes away, as `| head` does', async (format) => {
    await seedMany(20_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', '--format', format], {
      cwd: ROOT,
      env: env(),
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
