// Writes answers as the server does: int64 values at the spec's int64 paths are bare JSON numbers
// with every digit (handlers hold them as decimal strings or bigints, since a JavaScript number
// cannot), everything else as JSON.stringify writes it.

type PathTrie = { leaf: boolean; children: Map<string, PathTrie> };

function trieOf(paths: readonly (readonly string[])[]): PathTrie {
  const root: PathTrie = { leaf: false, children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      let child = node.children.get(segment);
      if (!child) {
        child = { leaf: false, children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.leaf = true;
  }
  return root;
}

/**
 * A string that stays a JSON string even at an int64 path of the spec: an int64 the client asked
 * to get as text (`Accept-Type-Allow-Int64: false`), or a VarChar key in a list of primary keys.
 */
export class JsonString {
  constructor(readonly text: string) {}

  toJSON(): string {
    return this.text;
  }
}

const tries = new WeakMap<readonly (readonly string[])[], PathTrie>();
const DECIMAL = /^-?\d+$/;

function int64Text(value: unknown, where: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new TypeError(`emulator bug: the int64 at ${where} is ${typeof value} ${String(value)}, not an exact integer`);
}

function write(value: unknown, trie: PathTrie | undefined, where: string): string {
  if (value instanceof JsonString) return JSON.stringify(value.text);
  if (trie?.leaf) return int64Text(value, where);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (!trie && !containsBigInt(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = trie?.children.get('[]');
    return `[${value.map((item, index) => write(item, items, `${where}[${index}]`)).join(',')}]`;
  }
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function') continue;
    const child = trie?.children.get(key) ?? trie?.children.get('{}');
    parts.push(`${JSON.stringify(key)}:${write(item, child, where ? `${where}.${key}` : key)}`);
  }
  return `{${parts.join(',')}}`;
}

function containsBigInt(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(containsBigInt);
}

/** Serialises an answer, writing the int64 values at `int64Paths` as bare JSON numbers. */
export function stringifyResponse(body: unknown, int64Paths: readonly (readonly string[])[]): string {
  let trie = tries.get(int64Paths);
  if (!trie) {
    trie = trieOf(int64Paths);
    tries.set(int64Paths, trie);
  }
  return write(body, trie.children.size > 0 ? trie : undefined, '');
}
