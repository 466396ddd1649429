import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadDatabaseUrl, loadDotenv } from '../config.js';
import { connectDatabase, databaseMissing } from '../db/database.js';
import { createExportRepo } from '../db/exportRepo.js';
import { DECISION_STATUSES, type DecisionStatus } from '../db/schema/shared.js';
import { type ExportFormat, exportDecisions } from '../decisions/exporter.js';
import { OperatorError } from '../operatorError.js';
import { plural } from '../views/plural.js';
import { runCommand } from './runCommand.js';

const USAGE =
  'usage: npm run export -- --format csv|json [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--status S] [--team T] [--out FILE] [--answers | --feedback]';

/** A mistake in how the command was called: exit code 2, as for any usage error. */
const usageError = (message: string) => new OperatorError(message, 2);

/** A calendar date as the start (or, for --until, the end) of that day in UTC. */
function parseDate(flag: string, value: string | undefined, endOfDay: boolean): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  // The round trip catches dates that parse but do not exist, such as 2026-02-30.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw usageError(`--${flag} must be a date written YYYY-MM-DD, such as 2026-11-02.`);
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
        feedback: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    // parseArgs adds advice about positional arguments that does not apply to this command.
    const problem = (error as Error).message.split('\n')[0]?.split('. ')[0] ?? 'Unreadable options';
    throw usageError(`${problem} (${USAGE}).`);
  }
  if (values.format !== 'csv' && values.format !== 'json') {
    throw usageError(`--format must be csv or json, not "${values.format}".`);
  }
  if (values.status !== undefined && !DECISION_STATUSES.includes(values.status as DecisionStatus)) {
    throw usageError(`--status must be one of ${DECISION_STATUSES.join(', ')}.`);
  }
  if (values.feedback && values.answers) throw usageError('Export --answers or --feedback, not both.');
  if (values.feedback && values.status !== undefined)
    throw usageError('--status filters decisions; customer feedback has no status.');
  const since = parseDate('since', values.since, false);
  const until = parseDate('until', values.until, true);
  if (since && until && since > until) throw usageError('--since must not be later than --until.');
  return {
    format: values.format as ExportFormat,
    answers: values.answers ?? false,
    feedback: values.feedback ?? false,
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

/**
 * `npm run` prints a banner ("> empty-chair@… export") on standard output before the command starts, unless
 * run with -s. On a terminal that is harmless; in a file or a pipe it would come before the CSV or JSON.
 */
function npmBannerPrecedesOutput(env: NodeJS.ProcessEnv): boolean {
  return (
    env.npm_lifecycle_event === 'export' &&
    env.npm_config_loglevel !== 'silent' &&
    env.npm_config_json !== 'true' &&
    !process.stdout.isTTY
  );
}

await runCommand(async () => {
  loadDotenv();
  const options = readOptions(process.argv.slice(2));
  if (!options.out && npmBannerPrecedesOutput(process.env)) {
    throw usageError(
      'npm has written its "> empty-chair export" banner into the output; run `npm run -s export -- …` or pass --out FILE.',
    );
  }
  const url = loadDatabaseUrl(process.env);
  if (databaseMissing(url)) throw usageError(`There is no database at ${url} to export; check DATABASE_URL.`);
  const db = await connectDatabase(url);
  // Chunks of 256 KB rather than 16 KB: a big export's time went largely into the system calls writing it.
  const out: Writable = options.out ? createWriteStream(options.out, { highWaterMark: 256 * 1024 }) : process.stdout;
  stopWhenOutputFails(out, options.out ?? 'standard output');
  try {
    const rows = await exportDecisions(createExportRepo(db), options, out);
    if (options.out) {
      out.end();
      await finished(out);
      process.stderr.write(
        `Exported ${plural(rows, options.feedback ? 'feedback item' : options.answers ? 'answer' : 'decision')} to ${options.out}.\n`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
});
