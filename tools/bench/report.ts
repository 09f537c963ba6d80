// The shape every benchmark group returns, and its rendering as markdown tables.

import type { RoundRatio } from './statistics.ts';

/** One markdown table: what was measured (title and note), a header row and the rows. */
export type Table = { title: string; note?: string; columns: string[]; rows: string[][] };

/** What a group hands back: its tables for the terminal and README, and raw numbers for the JSON file. */
export type GroupResult = { name: string; tables: Table[]; summary: SummaryRow[]; raw: unknown; seconds: number };

export function renderTable(table: Table): string {
  const lines = [`#### ${table.title}`, ''];
  if (table.note) lines.push(table.note, '');
  lines.push(`| ${table.columns.join(' | ')} |`);
  lines.push(`|${table.columns.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
  for (const row of table.rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** A number with about three significant digits, thousands grouped: 0.0123, 1.23, 123, 12,300. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return '0';
  return value.toPrecision(2);
}

/** `value / baseline` as "1.23×"; the baseline row itself shows "1×". */
export function formatRatio(value: number | undefined, baseline: number | undefined): string {
  if (value === undefined || baseline === undefined || !Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return '–';
  const ratio = value / baseline;
  return ratio === 1 ? '1×' : `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** Decimal units, as npm reports sizes: 1 kB = 1000 B, 1 MB = 10^6 B. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes >= 1e6) return `${formatNumber(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${formatNumber(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** A short reason for a failed measurement, safe for a table cell (one line, no pipes). */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.replace(/\|/g, '/').slice(0, 120);
}

/** One line of the summary: a measure, its baseline (named, with its value), the client and the official SDK's HTTP client. */
export type SummaryRow = { measure: string; baseline: string; client: string; sdk: string };

/**
 * "1,085 µs (1.16×, 1.09–1.24× in 5 rounds)": a value with its unit and its ratio to the baseline,
 * the median of the per-round ratios with their spread when `ratio` is given; "–" when missing.
 * `exact` marks a measure that does not vary between runs (a size), which needs no rounds.
 */
export function summaryCell(
  value: number | undefined,
  baseline: number | undefined,
  format: (value: number) => string,
  ratio?: RoundRatio | 'exact',
): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (ratio !== undefined && ratio !== 'exact') {
    const times = (r: number) => formatRatio(r, 1);
    return `${format(value)} (${times(ratio.median)}, ${times(ratio.min).replace('×', '')}–${times(ratio.max)} in ${ratio.rounds} rounds)`;
  }
  const shown = formatRatio(value, baseline);
  if (shown === '–') return format(value);
  return `${format(value)} (${shown}${ratio === 'exact' ? ', exact' : ', 1 run'})`;
}

export function summaryTable(rows: SummaryRow[]): Table {
  return {
    title: 'Summary',
    note:
      'The headline number of each group below. (n×, a–b× in k rounds) = the median, lowest and highest of the ratios to the baseline column, ' +
      'each measured in one of k interleaved rounds; "exact" = a measure that does not vary; "1 run" = measured once (too slow to repeat).',
    columns: ['measure', 'baseline', '@milvus-rest/client', 'official SDK HttpClient'],
    rows: rows.map((r) => [r.measure, r.baseline, r.client, r.sdk]),
  };
}
