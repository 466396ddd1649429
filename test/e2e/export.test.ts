import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrateDatabase, openDatabase } from '../../src/db/client.js';
import { createExportRepo } from '../../src/db/exportRepo.js';
import { answers, decisions } from '../../src/db/schema.js';
import { type ExportOptions, exportDecisions } from '../../src/decisions/exporter.js';
import { tempDbPath } from '../rig/testApp.js';

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
});

function addDecision(values: Partial<typeof decisions.$inferInsert> = {}): number {
  const [row] = db
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

function addAnswer(
  decisionId: number,
  question: number,
  userId: string,
  choice: string,
  text: string | null = null,
  supersededAt: Date | null = null,
) {
  db.insert(answers)
    .values({
      teamId: 'T0001',
      decisionId,
      question,
      userId,
      choice,
      text,
      supersededAt,
      createdAt: new Date('2026-11-10T10:00:00Z'),
    })
    .run();
}

/** Collects what the exporter writes, as a Writable that also counts how often it was asked to wait. */
function sink(highWaterMark = 16 * 1024): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      setImmediate(done);
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/** Runs the export into `out`, then ends it (the caller owns the stream) and waits until all is written. */
async function exportInto(out: Writable, options: Partial<ExportOptions> = {}): Promise<number> {
  const rows = await exportDecisions(
    createExportRepo(db),
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

describe('export', () => {
  it('round-trips every field through RFC 4180 CSV, with answers summarised', async () => {
    const tricky = 'Comma, "quotes", newline\nand unicode 日本語 🎉';
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
    addAnswer(id, 1, 'U1', 'yes');
    addAnswer(id, 1, 'U2', 'no');
    addAnswer(id, 1, 'U3', 'no');
    addAnswer(id, 2, 'U1', 'mixed', 'They will grumble, then adapt');
    addAnswer(id, 2, 'U2', 'positive', 'Finally!');
    addAnswer(id, 3, 'U1', 'profit', null);
    addAnswer(id, 3, 'U1', 'customer_satisfaction', null, new Date('2026-11-09T13:00:00Z'));
    const { rows, text } = await exportText();
    expect(rows).toBe(1);
    expect(text.split('\r\n')[0]).toBe(
      'id,team_id,channel_id,created_at,title,description,category,status,proposer_id,decide_by,decided_by,decided_at,values_answers,values_majority,customer_answers,customer_reaction_majority,customer_would_say,motive_answers,motive_majority',
    );
    expect(records(text)).toEqual([
      {
        id: String(id),
        team_id: 'T0001',
        channel_id: 'C0GENERAL',
        created_at: '2026-11-09T12:00:00.000Z',
        title: tricky,
        description: 'Line one\r\nLine two',
        category: 'Pricing',
        status: 'confirmed',
        proposer_id: 'U0ALICE',
        decide_by: '2026-12-01',
        decided_by: 'U0BOB',
        decided_at: '2026-11-12T08:00:00.000Z',
        values_answers: '3',
        values_majority: 'No',
        customer_answers: '2',
        customer_reaction_majority: 'Positive',
        customer_would_say: 'They will grumble, then adapt | Finally!',
        motive_answers: '1',
        motive_majority: 'Profit',
      },
    ]);
  });

  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'])(
    'defuses a cell starting %j',
    async (title) => {
      addDecision({ title, description: title });
      const [row] = records((await exportText()).text);
      expect(row?.title).toBe(`'${title}`);
      expect(row?.description).toBe(`'${title}`);
    },
  );

  it('filters by date (inclusive, UTC), status, team and channel', async () => {
    const at = (d: string) => new Date(`${d}Z`);
    addDecision({ title: 'early', createdAt: at('2026-11-01T23:59:59') });
    addDecision({ title: 'first day', createdAt: at('2026-11-02T00:00:00') });
    addDecision({ title: 'last day', createdAt: at('2026-11-08T23:59:59'), status: 'rejected' });
    addDecision({ title: 'late', createdAt: at('2026-11-09T00:00:00') });
    addDecision({ title: 'other team', teamId: 'T0002', createdAt: at('2026-11-03T00:00:00') });
    addDecision({ title: 'other channel', channelId: 'C0OTHER', createdAt: at('2026-11-03T00:00:00') });
    const titles = async (filters: ExportOptions['filters']) =>
      records((await exportText({ filters })).text).map((r) => r.title);
    expect(await titles({ since: at('2026-11-02T00:00:00'), until: at('2026-11-08T23:59:59.999') })).toEqual([
      'first day',
      'last day',
      'other team',
      'other channel',
    ]);
    expect(await titles({ status: 'rejected' })).toEqual(['last day']);
    expect(await titles({ teamId: 'T0002' })).toEqual(['other team']);
    expect(await titles({ channelId: 'C0OTHER' })).toEqual(['other channel']);
  });

  it('writes one row per answer with --answers, replaced answers marked', async () => {
    const id = addDecision({ title: 'Answered' });
    addAnswer(id, 3, 'U1', 'profit', 'old view', new Date('2026-11-11T00:00:00Z'));
    addAnswer(id, 3, 'U1', 'both', 'new view');
    const rows = records((await exportText({ answers: true })).text);
    expect(rows.map((r) => [r.question, r.user_id, r.choice, r.text, r.replaced_at])).toEqual([
      ['3', 'U1', 'Profit', 'old view', '2026-11-11T00:00:00.000Z'],
      ['3', 'U1', 'Both', 'new view', ''],
    ]);
    expect(rows[0]?.question_text).toBe(
      'What is our motivation for making this change? (customer satisfaction or profit?)',
    );
  });

  it('writes valid JSON with the same records', async () => {
    addDecision({ title: '=not defused in JSON' });
    addDecision({ title: 'second' });
    const out = sink();
    const count = await exportInto(out, { format: 'json' });
    const parsed = JSON.parse(out.text()) as { title: string }[];
    expect(count).toBe(2);
    expect(parsed.map((r) => r.title)).toEqual(['=not defused in JSON', 'second']);
    const empty = sink();
    await exportInto(empty, { format: 'json', filters: { teamId: 'nobody' } });
    expect(JSON.parse(empty.text())).toEqual([]);
  });

  it('streams with backpressure: a slow reader never has more than a little buffered', async () => {
    const insert = db.$client.prepare(
      "insert into decisions (team_id, channel_id, source, title, proposer_id) values ('T0001', 'C1', 'command', ?, 'U1')",
    );
    db.$client.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`Decision ${i} ${'x'.repeat(100)}`);
    })();
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

  it('writes any text as CSV that parses back to the same text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 5 }),
        async (titles) => {
          db.$client.exec('delete from decisions');
          for (const title of titles) addDecision({ title });
          const parsed = records((await exportText()).text).map((r) => r.title);
          expect(parsed).toEqual(titles.map((t) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t)));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('npm run export', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/export.ts', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: dbPath,
        DOTENV_CONFIG_PATH: join(ROOT, 'test', 'no-such.env'),
      },
      encoding: 'utf8',
    });

  it('writes the file given with --out', () => {
    addDecision({ title: 'Exported by the CLI' });
    const out = `${dbPath}.csv`;
    const result = run('--format', 'csv', '--out', out);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`Exported 1 decisions to ${out}`);
    expect(records(readFileSync(out, 'utf8')).map((r) => r.title)).toEqual(['Exported by the CLI']);
  });

  it.each([
    [['--format', 'xml'], '--format must be csv or json'],
    [['--since', '2026-13-45'], '--since must be a date written YYYY-MM-DD'],
    [['--until', 'yesterday'], '--until must be a date written YYYY-MM-DD'],
    [['--since', '2026-11-10', '--until', '2026-11-01'], '--since must not be later than --until'],
    [['--status', 'maybe'], '--status must be one of open, confirmed'],
    [['--colour', 'blue'], "Unknown option '--colour'"],
  ])('refuses %j with one sentence and exit code 2', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
