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

/**
 * The rows as records, counted into `written` as they go. One generator between the database and the
 * writer: each layer of async iteration costs a promise per row, a million times for a big export.
 */
async function* counted<Row>(
  rows: AsyncIterable<Row>,
  toRecord: (row: Row) => ExportRecord,
  written: { rows: number },
): AsyncGenerator<ExportRecord, void, undefined> {
  for await (const row of rows) {
    written.rows += 1;
    yield toRecord(row);
  }
}

function records(repo: ExportRepo, options: ExportOptions, written: { rows: number }) {
  if (options.feedback) return counted(repo.feedback(options.filters), feedbackRecord, written);
  if (options.answers) return counted(repo.answers(options.filters), answerRecord, written);
  return counted(repo.decisions(options.filters), decisionRecord, written);
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
  const written = { rows: 0 };
  // pipeline() carries the reader's backpressure back to the database cursor, and its failures back here.
  if (options.format === 'json') {
    const json = async function* () {
      yield '[';
      for await (const record of records(repo, options, written)) {
        yield `${written.rows === 1 ? '\n' : ',\n'}${JSON.stringify(record)}`;
      }
      yield written.rows === 0 ? ']\n' : '\n]\n';
    };
    await pipeline(Readable.from(json()), out, { end: false });
    return written.rows;
  }
  const columns = [...(options.feedback ? FEEDBACK_COLUMNS : options.answers ? ANSWER_COLUMNS : DECISION_COLUMNS)];
  // csv-stringify's string cast defuses each text cell as it writes it, with no copy of the record.
  const csv = stringify({ header: true, columns, record_delimiter: 'windows', cast: { string: defuseFormula } });
  await pipeline(Readable.from(records(repo, options, written)), csv, out, { end: false });
  return written.rows;
}
