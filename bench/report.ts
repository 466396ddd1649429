import { type Engine, ENGINE_NAMES } from './db.js';

/** One figure of a scenario; `baseline` is the floor (or the reference) measured in the same run. */
export interface Measurement {
  scenario: string;
  metric: string;
  ours: number;
  baseline?: number | undefined;
  unit: string;
  target?: string | undefined;
  met?: boolean | undefined;
  note?: string | undefined;
}

export interface Row extends Measurement {
  engine: Engine;
}

export function formatRow(row: Row): string {
  const vs =
    row.baseline !== undefined
      ? ` (floor ${row.baseline.toFixed(2)} ${row.unit}, ratio ${(row.ours / row.baseline).toFixed(2)})`
      : '';
  const target = row.target ? ` — target ${row.target}: ${row.met ? 'met' : 'MISSED'}` : '';
  return `  [${ENGINE_NAMES[row.engine]}] ${row.scenario} · ${row.metric}: ${row.ours.toFixed(2)} ${row.unit}${vs}${target}`;
}

const value = (r: Row | undefined) => (r ? `${r.ours.toFixed(2)} ${r.unit}` : '');
const floor = (r: Row | undefined) => (r?.baseline !== undefined ? `${r.baseline.toFixed(2)} ${r.unit}` : '');
const ratio = (r: Row | undefined) => (r?.baseline ? (r.ours / r.baseline).toFixed(2) : '');
const met = (r: Row | undefined) => (r?.met === undefined ? '' : r.met ? 'yes' : '**no**');

/**
 * The figures as a Markdown table, the engines side by side: one line per scenario and metric, each
 * engine's figure with its floor and ratio, and with both engines PostgreSQL's figure over SQLite's.
 */
export function renderTable(rows: Row[], engines: Engine[]): string {
  const lines = new Map<string, Partial<Record<Engine, Row>>>();
  for (const row of rows) {
    const key = `${row.scenario}\u0000${row.metric}`;
    lines.set(key, { ...lines.get(key), [row.engine]: row });
  }
  const both = engines.length > 1;
  const header = [
    'Scenario',
    'Metric',
    ...engines.flatMap((e) => [ENGINE_NAMES[e], 'Floor', 'Ratio']),
    ...(both ? ['PostgreSQL ÷ SQLite'] : []),
    'Target',
    both ? `Met (${engines.map((e) => ENGINE_NAMES[e]).join(' / ')})` : 'Met',
    'Note',
  ];
  const body = [...lines.values()].map((byEngine) => {
    const present = engines.map((e) => byEngine[e]).filter((r): r is Row => r !== undefined);
    const first = present[0] as Row;
    const sqlite = byEngine.sqlite;
    const postgres = byEngine.postgres;
    const notes = new Set(present.map((r) => r.note).filter(Boolean));
    const note =
      notes.size <= 1
        ? ([...notes][0] ?? '')
        : present
            .filter((r) => r.note)
            .map((r) => `${ENGINE_NAMES[r.engine]}: ${r.note}`)
            .join('; ');
    return [
      first.scenario,
      first.metric,
      ...engines.flatMap((e) => [value(byEngine[e]), floor(byEngine[e]), ratio(byEngine[e])]),
      ...(both ? [sqlite && postgres && sqlite.ours ? (postgres.ours / sqlite.ours).toFixed(2) : ''] : []),
      first.target ?? '',
      both
        ? present.some((r) => r.met !== undefined)
          ? engines.map((e) => met(byEngine[e]) || '–').join(' / ')
          : ''
        : met(first),
      note,
    ];
  });
  return [header, header.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Every target a figure missed, one line each. */
export function missedTargets(rows: Row[]): string[] {
  return rows
    .filter((r) => r.target && r.met === false)
    .map(
      (r) =>
        `- ${r.scenario} · ${r.metric} on ${ENGINE_NAMES[r.engine]}: ${r.ours.toFixed(2)} ${r.unit}, target ${r.target}`,
    );
}
