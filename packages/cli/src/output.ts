// How results are printed: a table or a key/value view for people, one JSON document (`--json`)
// or one JSON line per item (`--jsonl`) for scripts. Int64 values arrive from the client as
// decimal strings with every digit and are printed as JSON strings, so that no JSON tool (jq 1.6
// included) can round them; the CLI reads them back exactly as flags or in `--body`.

import Table from 'cli-table3';
import type { Colors, OutputStream } from './terminal.js';

export type OutputFormat = 'human' | 'json' | 'jsonl';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? item.toString() : item));
}

/** JSON with bigints (from `--body`) written as strings, like the client's int64s. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value ?? null, (_key, item) => (typeof item === 'bigint' ? item.toString() : item), indent);
}

/** The list a result holds, if it is one: an array, or an object with exactly one array of objects. */
export function listOf(data: unknown): { key: string | undefined; items: unknown[]; rest: Record<string, unknown> } | undefined {
  if (Array.isArray(data)) return { key: undefined, items: data, rest: {} };
  if (!isRecord(data)) return undefined;
  const arrays = Object.entries(data).filter(([, value]) => Array.isArray(value) && value.length > 0 && value.every(isRecord));
  if (arrays.length !== 1) return undefined;
  const [key, items] = arrays[0] as [string, unknown[]];
  const { [key]: _list, ...rest } = data;
  return { key, items, rest };
}

/** Long cells (an external spec, a schema) are cut in tables; `--json` prints them whole. */
const MAX_CELL = 48;

function truncate(text: string): string {
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** A table of records: one column per key, in the order keys first appear. */
export function renderTable(items: readonly unknown[], color: Colors): string {
  if (items.every((item) => !isRecord(item))) return items.map(cell).join('\n');
  const columns: string[] = [];
  for (const item of items) if (isRecord(item)) for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  const table = new Table({
    head: columns.map((column) => color.bold(column)),
    style: { head: [], border: [] },
    // No rule between rows: a job list stays one line per job.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const item of items) table.push(columns.map((column) => truncate(cell(isRecord(item) ? item[column] : undefined))));
  return table.toString();
}

/** `key: value` lines, keys aligned. */
export function renderKeyValues(record: Record<string, unknown>, color: Colors): string {
  const keys = Object.keys(record);
  const width = Math.max(0, ...keys.map((key) => key.length));
  return keys.map((key) => `${color.dim(`${key}:`.padEnd(width + 1))} ${cell(record[key])}`).join('\n');
}

/** The people's view of a result: a table for lists, key/value lines for objects. */
export function renderHuman(data: unknown, color: Colors): string {
  if (data === undefined || data === null || (isRecord(data) && Object.keys(data).length === 0)) return color.green('OK');
  const list = listOf(data);
  if (list) {
    const head = Object.keys(list.rest).length > 0 ? `${renderKeyValues(list.rest, color)}\n` : '';
    return `${head}${renderTable(list.items, color)}`;
  }
  if (Array.isArray(data)) return data.length === 0 ? color.dim('(none)') : renderTable(data, color);
  if (isRecord(data)) return renderKeyValues(data, color);
  return cell(data);
}

/** Writes a result in the chosen format, ending with a newline. */
export function printResult(data: unknown, format: OutputFormat, stream: OutputStream, color: Colors): void {
  if (format === 'json') {
    stream.write(`${toJson(data, 2)}\n`);
    return;
  }
  if (format === 'jsonl') {
    const list = listOf(data);
    const items = list ? list.items : [data];
    stream.write(items.map((item) => `${toJson(item)}\n`).join(''));
    return;
  }
  stream.write(`${renderHuman(data, color)}\n`);
}
