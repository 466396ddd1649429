import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrateDatabase, openDatabase } from '../../src/db/client.js';
import { createExportRepo, type ExportFilters, exportStatement } from '../../src/db/exportRepo.js';
import { answers, decisions } from '../../src/db/schema.js';
import { type ExportOptions, exportDecisions } from '../../src/decisions/exporter.js';
import { expectOneSentence, runCommand, tempDbPath } from '../rig/testApp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let db: Db;
let dbPath: string;
beforeEach(() => {
  dbPath = tempDbPath();
  db = openDatabase(dbPath);
  migrateDatabase(db);
});
afterEach(() => {
  db.$client.close();
  rmSync(dirname(dbPath), { recursive: true, force: true });
});

function addDecision(values: Partial<typeof decisions.$inferInsert> = {}, into: Db = db): number {
  const [row] = into
    .insert(decisions)
    .values({
      teamId: 'T0001',
      channelId: 'C0GENERAL',
      source: 'command',
      title: 'A decision',
      proposerId: 'U0ALICE',
      ...values,
    })
    .returning()
    .all();
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

function addAnswer(decisionId: number, answer: AnswerSeed) {
  db.insert(answers)
    .values({ teamId: 'T0001', createdAt: new Date('2026-11-10T10:00:00Z'), decisionId, ...answer })
    .run();
}

/** Seeds `count` plain decisions in one transaction, each with a description of `size` characters. */
function seedMany(count: number, size = 100, into: Db = db) {
  const insert = into.$client.prepare(
    "insert into decisions (team_id, channel_id, source, title, description, proposer_id) values ('T0001', 'C1', 'command', ?, ?, 'U1')",
  );
  into.$client.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`Decision ${i}`, 'x'.repeat(size));
  })();
}

/** Collects what the exporter writes; it takes one chunk per event-loop turn, like a slow reader. */
function sink(highWaterMark = 16 * 1024, onChunk: (chunk: string) => void = () => {}): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      onChunk(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/** Runs the export into `out`, then ends it (the caller owns the stream) and waits until all is written. */
async function exportInto(out: Writable, options: Partial<ExportOptions> = {}, from: Db = db): Promise<number> {
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
function seedAnswered(): Record<string, string> {
  const id = addDecision({
    title: tricky,
    description: 'Line one\r\nLine two',
    category: 'pricing',
    status: 'confirmed',
    decidedBy: 'U0BOB',
    decidedAt: new Date('2026-11-12T08:00:00Z'),
    decideBy: '2026-12-01',
    createdAt: new Date('2026-11-09T12:00:00Z'),
  });
  addAnswer(id, { question: 1, userId: 'U1', choice: 'yes' });
  addAnswer(id, { question: 1, userId: 'U2', choice: 'no' });
  addAnswer(id, { question: 1, userId: 'U3', choice: 'no' });
  addAnswer(id, { question: 2, userId: 'U2', choice: 'mixed', text: 'They will grumble, then adapt' });
  addAnswer(id, { question: 2, userId: 'U1', choice: 'positive', text: 'Finally, "cheaper"!' });
  addAnswer(id, { question: 3, userId: 'U1', choice: 'customer_satisfaction', supersededAt: new Date() });
  addAnswer(id, { question: 3, userId: 'U1', choice: 'profit' });
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
  };
}

describe('export', () => {
  it('round-trips every field through RFC 4180 CSV, with current answers summarised', async () => {
    const expected = seedAnswered();
    addDecision({ title: 'Unanswered', createdAt: new Date('2026-11-10T00:00:00Z') });
    const { rows, text } = await exportText();
    expect(rows).toBe(2);
    expect(text.split('\r\n')[0]).toBe(
      'id,team_id,channel_id,title,description,category,status,proposer_id,created_at,decided_by,decided_at,decide_by,values_answers,values_majority,customer_answers,customer_reaction_majority,customer_would_say,motive_answers,motive_majority',
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
      const id = addDecision({ title, description: title });
      addAnswer(id, { question: 2, userId: 'U1', choice: 'negative', text: title });
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
    addDecision({ title: 'early', createdAt: at('2026-11-01T23:59:59.999') });
    addDecision({ title: 'first day', createdAt: at('2026-11-02T00:00:00') });
    addDecision({ title: 'last day', createdAt: at('2026-11-08T23:59:59.999'), status: 'rejected' });
    addDecision({ title: 'late', createdAt: at('2026-11-09T00:00:00') });
    addDecision({ title: 'other team', teamId: 'T0002', channelId: 'C0THEIRS', createdAt: at('2026-11-03T00:00:00') });
    addDecision({ title: 'other channel', channelId: 'C0OTHER', createdAt: at('2026-11-03T00:00:00') });
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
    const id = addDecision({ title: tricky, createdAt: new Date('2026-11-09T00:00:00Z') });
    addAnswer(id, {
      question: 3,
      userId: 'U1',
      choice: 'profit',
      text: 'old view',
      createdAt: new Date('2026-11-10T09:00:00Z'),
      supersededAt: new Date('2026-11-11T00:00:00Z'),
    });
    addAnswer(id, { question: 3, userId: 'U1', choice: 'both', text: 'new, "better" view' });
    addAnswer(id, { question: 1, userId: 'U2', choice: 'partly' });
    const elsewhere = addDecision({ teamId: 'T0002', title: 'Elsewhere' });
    addAnswer(elsewhere, { teamId: 'T0002', question: 1, userId: 'U9', choice: 'yes' });
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
    const expected = seedAnswered();
    addDecision({ title: '=not defused in JSON', createdAt: new Date('2026-11-10T00:00:00Z') });
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

  it.each<ExportFilters>([
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
    for (const kind of ['decisions', 'answers'] as const) {
      const { sql, params } = exportStatement(kind, filters);
      const plan = (db.$client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map(
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
    seedMany(20_000);
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

  it('exports 50k decisions (54 MB) while the heap grows by a small fraction of that', async () => {
    const bigPath = tempDbPath();
    const big = openDatabase(bigPath);
    try {
      migrateDatabase(big);
      seedMany(50_000, 1000, big);
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
      big.$client.close();
      rmSync(dirname(bigPath), { recursive: true, force: true });
    }
  }, 60_000);

  it.each(['csv', 'json'] as const)(
    'leaves the app free to write while a %s export waits on its reader, and exports one snapshot',
    async (format) => {
      seedMany(2_000);
      let writeError: unknown = 'no row reached the reader';
      const out = sink(1024, (chunk) => {
        if (writeError !== 'no row reached the reader' || !chunk.includes('Decision')) return;
        try {
          addDecision({ title: 'Proposed during the export' });
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
    const rest = fc.string({ unit: 'binary', maxLength: 40 });
    const title = fc.oneof(
      fc.tuple(formula, rest).map(([first, more]) => ({ title: `${first}${more}`, cell: `'${first}${more}` })),
      fc.tuple(harmless, rest).map(([first, more]) => ({ title: `${first}${more}`, cell: `${first}${more}` })),
      fc.constant({ title: '', cell: '' }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(title, { minLength: 1, maxLength: 5 }), async (titles) => {
        db.$client.exec('delete from decisions');
        for (const { title } of titles) addDecision({ title });
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
    DATABASE_URL: dbPath,
    DOTENV_CONFIG_PATH: join(ROOT, 'test', 'no-such.env'),
  });
  const run = (...args: string[]) => runCommand('export', args, { DATABASE_URL: dbPath });

  it('writes the file given with --out, and says how many rows in the right number', async () => {
    addDecision({ title: 'Exported by the CLI' });
    const out = `${dbPath}.csv`;
    const result = await run('--format', 'csv', '--out', out);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`Exported 1 decision to ${out}.\n`);
    expect(records(readFileSync(out, 'utf8')).map((r) => r.title)).toEqual(['Exported by the CLI']);
    addDecision({ title: 'A second one' });
    expect((await run('--format', 'csv', '--out', `${dbPath}.2.csv`)).stderr).toBe(
      `Exported 2 decisions to ${dbPath}.2.csv.\n`,
    );
  });

  it('refuses to write after the banner `npm run` puts on a redirected output, and says how to avoid it', async () => {
    addDecision({ title: 'Through npm' });
    const banner = await runCommand('export', ['--format', 'json'], { DATABASE_URL: dbPath }, { npm: [] });
    expect(banner.status).toBe(2);
    expect(banner.stderr).toContain(
      'npm has written its "> empty-chair export" banner into the output; run `npm run -s export -- …` or pass --out FILE.',
    );
    expect(banner.stdout).not.toContain('Through npm');
    const silent = await runCommand('export', ['--format', 'json'], { DATABASE_URL: dbPath }, { npm: ['-s'] });
    expect(silent.status).toBe(0);
    expect((JSON.parse(silent.stdout) as { title: string }[]).map((r) => r.title)).toEqual(['Through npm']);
  });

  it('refuses a DATABASE_URL where there is no database, and creates none', async () => {
    const missing = join(dirname(dbPath), 'typo.db');
    const result = await runCommand('export', [], { DATABASE_URL: missing });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`There is no database at ${missing} to export; check DATABASE_URL.\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('turns --team, --status and whole UTC days from --since to --until into filters', async () => {
    const at = (d: string) => new Date(`${d}Z`);
    addDecision({ title: 'day before', createdAt: at('2026-11-01T23:59:59.999') });
    addDecision({ title: 'first moment', createdAt: at('2026-11-02T00:00:00') });
    addDecision({ title: 'closed', status: 'confirmed', createdAt: at('2026-11-03T00:00:00') });
    addDecision({ title: 'other team', teamId: 'T0002', createdAt: at('2026-11-03T00:00:00') });
    addDecision({ title: 'last moment', createdAt: at('2026-11-08T23:59:59.999') });
    addDecision({ title: 'day after', createdAt: at('2026-11-09T00:00:00') });
    const out = `${dbPath}.json`;
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
    addDecision();
    const result = await run('--out', join(dirname(dbPath), 'missing-folder', 'export.csv'));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Could not write the export to .*missing-folder.*: ENOENT/);
    expectOneSentence(result.stderr);
  });

  it.each(['csv', 'json'])('stops quietly when the %s reader goes away, as `| head` does', async (format) => {
    seedMany(20_000);
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
