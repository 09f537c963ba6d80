// The spec's JSON paths: where a value sits in a request or response body, as the generator writes
// them for every int64 field (`["data", "records", "[]", "jobId"]`).

/** A location inside a JSON value: property names, `[]` for every array item, `{}` for every map value. */
export type JsonPath = readonly string[];

/** The keys of `holder` that `segment` selects: every index for `[]`, every key for `{}`, else that own key. */
function keysAt(holder: object, segment: string): (string | number)[] {
  if (segment === '[]') return Array.isArray(holder) ? holder.map((_item, index) => index) : [];
  if (Array.isArray(holder)) return [];
  if (segment === '{}') return Object.keys(holder);
  return Object.hasOwn(holder, segment) ? [segment] : [];
}

/**
 * Calls `visit` with the holder and key of every value at `path` inside `value` (values that
 * are not there are skipped: a path through a missing key, a null or a wrong type visits nothing).
 * `visit` may replace the value in place. Allocates nothing per item: it runs on every response.
 */
export function forEachAtPath(
  value: unknown,
  path: JsonPath,
  visit: (holder: Record<string | number, unknown>, key: string | number) => void,
  depth = 0,
): void {
  if (value === null || typeof value !== 'object' || depth >= path.length) return;
  const holder = value as Record<string | number, unknown>;
  const segment = path[depth] as string;
  const isLast = depth === path.length - 1;
  if (segment === '[]') {
    if (!Array.isArray(value)) return;
    for (let index = 0; index < value.length; index++) {
      if (isLast) visit(holder, index);
      else forEachAtPath(value[index], path, visit, depth + 1);
    }
  } else if (Array.isArray(value)) {
    return;
  } else if (segment === '{}') {
    for (const key of Object.keys(value)) {
      if (isLast) visit(holder, key);
      else forEachAtPath(holder[key], path, visit, depth + 1);
    }
  } else if (Object.hasOwn(value, segment)) {
    if (isLast) visit(holder, segment);
    else forEachAtPath(holder[segment], path, visit, depth + 1);
  }
}

/**
 * A copy of `value` in which every value at `path` is replaced by `map(value, where)`, where
 * `where` names it (`rows[2].id`). Only the arrays and objects along the path are copied; the
 * rest is shared, and `value` itself is never modified.
 */
export function mapAlongPath(
  value: unknown,
  path: JsonPath,
  map: (leaf: unknown, where: string) => unknown,
  depth = 0,
  where = '',
): unknown {
  if (depth === path.length) return map(value, where);
  if (value === null || typeof value !== 'object') return value;
  const segment = path[depth] as string;
  if (segment === '[]') {
    if (!Array.isArray(value)) return value;
    return value.map((item, index) => mapAlongPath(item, path, map, depth + 1, `${where}[${index}]`));
  }
  if (Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...record };
  for (const key of keysAt(record, segment) as string[]) {
    copy[key] = mapAlongPath(record[key], path, map, depth + 1, where ? `${where}.${key}` : key);
  }
  return copy;
}
