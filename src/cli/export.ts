import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { databaseExists, openDatabase } from '../db/client.js';
import { createExportRepo } from '../db/exportRepo.js';
import { DECISION_STATUSES, type DecisionStatus } from '../db/schema.js';
import { type ExportFormat, exportDecisions } from '../decisions/exporter.js';

const USAGE =
  'usage: npm run export -- --format csv|json [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--status S] [--team T] [--out FILE] [--answers]';

class UsageError extends Error {}

/** A calendar date as the start (or, for --until, the end) of that day in UTC. */
function parseDate(flag: string, value: string | undefined, endOfDay: boolean): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  // The round trip catches dates that parse but do not exist, such as 2026-02-30.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--${flag} must be a date written YYYY-MM-DD, such as 2026-11-02.`);
  }
  return endOfDay ? new Date(date.getTime() + 24 * 3600 * 1000 - 1) : date;
}

function readOptions(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string', default: 'csv' },
        since: { type: 'string' },
        until: { type: 'string' },
        status: { type: 'string' },
        team: { type: 'string' },
        out: { type: 'string' },
        answers: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    // parseArgs adds advice about positional arguments that does not apply to this command.
    const problem = (error as Error).message.split('\n')[0]?.split('. ')[0] ?? 'Unreadable options';
    throw new UsageError(`${problem} (${USAGE}).`);
  }
  if (values.format !== 'csv' && values.format !== 'json') {
    throw new UsageError(`--format must be csv or json, not "${values.format}".`);
  }
  if (values.status !== undefined && !DECISION_STATUSES.includes(values.status as DecisionStatus)) {
    throw new UsageError(`--status must be one of ${DECISION_STATUSES.join(', ')}.`);
  }
  const since = parseDate('since', values.since, false);
  const until = parseDate('until', values.until, true);
  if (since && until && since > until) throw new UsageError('--since must not be later than --until.');
  return {
    format: values.format as ExportFormat,
    answers: values.answers ?? false,
    out: values.out,
    filters: { teamId: values.team, status: values.status as DecisionStatus | undefined, since, until },
  };
}

/**
 * Ends the process as soon as the output fails: nothing more can be written, and the exporter may be
 * waiting for a 'drain' that a broken stream never emits.
 */
function stopWhenOutputFails(out: Writable, target: string): void {
  out.on('error', (error: NodeJS.ErrnoException) => {
    // A reader that stops early, like `| head`, already has all it asked for.
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`Could not write the export to ${target}: ${error.message}.\n`);
    process.exit(1);
  });
}

async function main(): Promise<number> {
  loadDotenv();
  let options;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const url = loadDatabaseUrl(process.env);
  if (!databaseExists(url)) {
    process.stderr.write(`There is no database at ${url} to export; check DATABASE_URL.\n`);
    return 2;
  }
  const db = openDatabase(url);
  const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
  stopWhenOutputFails(out, options.out ?? 'standard output');
  try {
    const rows = await exportDecisions(createExportRepo(db), options, out);
    if (options.out) {
      out.end();
      await finished(out);
      process.stderr.write(`Exported ${rows} ${options.answers ? 'answers' : 'decisions'} to ${options.out}.\n`);
    }
    return 0;
  } finally {
    db.$client.close();
  }
}

process.exitCode = await main();
