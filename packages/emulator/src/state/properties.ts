// Properties as the server keeps them: key/value string pairs (collections, databases, indexes,
// field type parameters). The REST layer turns each JSON value into a string with Go's `%v`, so
// `true` becomes "true", 86400 becomes "86400" and 1000000 becomes "1e+06".

import type { KeyValuePair } from '@milvus-rest/types';

// Go prints a float64 with %g and the shortest digits, switching to an exponent at 1e+06.
function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return String(value);
}

/** A decoded JSON value as Go's `fmt.Sprintf("%v", value)` prints it. */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return goFloat(value);
  // int64 request paths arrive as bigints or decimal strings; neither reaches here for properties.
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  // Go prints a map with its keys sorted.
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${entries.map(([key, item]) => `${key}:${goFormat(item)}`).join(' ')}]`;
}

/** A key/value pair as the server writes it: protobuf omits an empty `value`. */
export function keyValue(key: string, value: string): KeyValuePair {
  return value === '' ? { key } : { key, value };
}

/** `properties` with `changes` applied: existing keys keep their place, new keys are appended. */
export function setProperties(properties: readonly KeyValuePair[], changes: Record<string, unknown> | undefined): KeyValuePair[] {
  const result = properties.map((pair) => ({ ...pair }));
  for (const [key, value] of Object.entries(changes ?? {})) {
    const pair = keyValue(key, goFormat(value));
    const index = result.findIndex((existing) => existing.key === key);
    if (index >= 0) result[index] = pair;
    else result.push(pair);
  }
  return result;
}

/** `properties` without `keys` (keys that are not there are ignored, as the server does). */
export function deleteProperties(properties: readonly KeyValuePair[], keys: readonly string[] | undefined): KeyValuePair[] {
  const removed = new Set(keys ?? []);
  return properties.filter((pair) => !removed.has(pair.key));
}

/** The value of a property, or undefined. */
export function propertyValue(properties: readonly KeyValuePair[], key: string): string | undefined {
  const pair = properties.find((existing) => existing.key === key);
  return pair === undefined ? undefined : (pair.value ?? '');
}
