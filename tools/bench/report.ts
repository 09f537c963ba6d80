// The shape every benchmark group returns, and its rendering as markdown tables.

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

/** "1,085 µs (1.16×)": a value with its unit and its ratio to the baseline; "–" when missing. */
export function summaryCell(value: number | undefined, baseline: number | undefined, format: (value: number) => string): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  const ratio = formatRatio(value, baseline);
  return ratio === '–' ? format(value) : `${format(value)} (${ratio})`;
}

export function summaryTable(rows: SummaryRow[]): Table {
  return {
    title: 'Summary',
    note: 'The headline number of each group below; (n×) = ratio to the baseline column.',
    columns: ['measure', 'baseline', '@milvus-rest/client', 'official SDK HttpClient'],
    rows: rows.map((r) => [r.measure, r.baseline, r.client, r.sdk]),
  };
}
