import { PassThrough, Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { ExportFilters, ExportRepo } from '../db/exportRepo.js';
import {
  ANSWER_COLUMNS,
  answerRecord,
  DECISION_COLUMNS,
  decisionRecord,
  defuseFormula,
  type ExportRecord,
  FEEDBACK_COLUMNS,
  feedbackRecord,
} from './exportRows.js';

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions {
  format: ExportFormat;
  filters: ExportFilters;
  /** One row per answer instead of one per decision. */
  answers: boolean;
  /** One row per customer feedback item instead (team and dates filter them; status does not apply). */
  feedback?: boolean;
}

function records(repo: ExportRepo, options: ExportOptions): AsyncIterable<ExportRecord> {
  if (options.feedback)
    return (async function* () {
      for await (const item of repo.feedback(options.filters)) yield feedbackRecord(item);
    })();
  return options.answers
    ? (async function* () {
        for await (const row of repo.answers(options.filters)) yield answerRecord(row);
      })()
    : (async function* () {
        for await (const row of repo.decisions(options.filters)) yield decisionRecord(row);
      })();
}

/** The export held in memory: for one channel's decisions, small enough to upload as a file. */
export async function exportToBuffer(
  repo: ExportRepo,
  options: ExportOptions,
): Promise<{ data: Buffer; rows: number }> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const rows = await exportDecisions(repo, options, out);
  out.end();
  await finished(out);
  return { data: Buffer.concat(chunks), rows };
}

/**
 * Streams decisions (or answers) as RFC 4180 CSV, through csv-stringify, or as a JSON array. Returns
 * how many rows were written. The caller owns `out` and ends it.
 */
export async function exportDecisions(repo: ExportRepo, options: ExportOptions, out: Writable): Promise<number> {
  let count = 0;
  // pipeline() carries the reader's backpressure back to the database cursor, and its failures back here.
  if (options.format === 'json') {
    const json = async function* () {
      yield '[';
      for await (const record of records(repo, options)) {
        yield `${count === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`;
        count += 1;
      }
      yield count === 0 ? ']\n' : '\n]\n';
    };
    await pipeline(Readable.from(json()), out, { end: false });
    return count;
  }
  const columns = [...(options.feedback ? FEEDBACK_COLUMNS : options.answers ? ANSWER_COLUMNS : DECISION_COLUMNS)];
  const counted = async function* () {
    for await (const record of records(repo, options)) {
      count += 1;
      yield record;
    }
  };
  // csv-stringify's string cast defuses each text cell as it writes it, with no copy of the record.
  const csv = stringify({ header: true, columns, record_delimiter: 'windows', cast: { string: defuseFormula } });
  await pipeline(Readable.from(counted()), csv, out, { end: false });
  return count;
}
