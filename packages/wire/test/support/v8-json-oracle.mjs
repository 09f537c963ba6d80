// The oracle of the lossless JSON codec's fuzz test: V8's own JSON.parse with source-text access
// (`node --harmony-json-parse-with-source` on Node 20), which sees every number's literal text.
// Run as a child process: it reads a JSON array of texts on stdin and writes a JSON array with,
// for each text, the canonical form of its lossless value, or null where JSON.parse rejects it.
import { fileURLToPath } from 'node:url';

/**
 * A text that tells every value apart: strings quoted, numbers tagged (so that "1" and 1 differ)
 * and -0 kept; keys in the order the value holds them.
 * @param {unknown} value
 * @returns {string}
 */
export function canonical(value) {
  if (typeof value === 'number') return `#${Object.is(value, -0) ? '-0' : String(value)}`;
  if (typeof value === 'string' || value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const record = /** @type {Record<string, unknown>} */ (value);
    return `{${Object.keys(record)
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  throw new TypeError(`not a JSON value: ${typeof value}`);
}

const INTEGER_LITERAL = /^-?\d+$/;

/** Unsafe integer literals become their own text; every other value stays as JSON.parse made it. */
function keepUnsafeIntegers(_key, value, context) {
  if (typeof value === 'number' && INTEGER_LITERAL.test(context.source) && !Number.isSafeInteger(value)) return context.source;
  return value;
}

function oracle(text) {
  try {
    return canonical(JSON.parse(text, keepUnsafeIntegers));
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (JSON.parse('12', (_key, _value, context) => context?.source) !== '12') {
    process.stderr.write('this Node has no JSON.parse source-text access: run it with --harmony-json-parse-with-source\n');
    process.exit(2);
  }
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => {
    const texts = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    process.stdout.write(JSON.stringify(texts.map(oracle)));
  });
}
