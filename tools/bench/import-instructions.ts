// Cold import counted in instructions by valgrind (deterministic where `pnpm bench`'s import timings
// on a shared machine are not): a fresh Node process imports one file under
// `valgrind --tool=callgrind`, and the count less that of importing an empty module is the import's
// own cost (reading, parsing, evaluating). `--single-threaded --predictable` keep V8's compilers and
// GC on the main thread and its hashing seeds fixed, which makes repeated counts agree within
// about 10 000 instructions.
//
//   pnpm exec tsx tools/bench/import-instructions.ts [--file path/to/a/variant.js ...]
//
// A variant must be ESM by Node's rules (`.mjs`, or beside a package.json of `"type": "module"`):
// a `.js` file outside one is parsed twice (as CommonJS first), which adds ~40% to the client's count.
//
// Needs valgrind and the client's dist (pnpm --filter @milvus-rest/client build). Not part of
// `pnpm bench`: each import takes about 15 s under valgrind.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeInstructions } from './callgrind.ts';
import { formatNumber, formatRatio, renderTable } from './report.ts';
import { clientDistEntry, openapiFetchEntry, sdkHttpClientFile } from './subjects.ts';

const work = mkdtempSync(join(tmpdir(), 'import-instructions-'));
const empty = join(work, 'empty.mjs');
writeFileSync(empty, '');

const variants = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--file' ? [resolve(arg)] : []));
const subjects: [string, string][] = [
  ['bare openapi-fetch', openapiFetchEntry],
  ['@milvus-rest/client (dist)', clientDistEntry],
  ['official SDK HttpClient (deep import)', sdkHttpClientFile],
  ...variants.map((file): [string, string] => [basename(file), file]),
];

/** The instructions of a Node process that imports `file` and exits. */
function instructions(file: string): number {
  return nodeInstructions(['--predictable', '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`]);
}

try {
  const floor = instructions(empty);
  const rows = subjects.map(([name, file]) => {
    const count = instructions(file) - floor;
    process.stderr.write(`${name}: ${Math.round(count / 1e3).toLocaleString('en-US')} k instructions\n`);
    return { name, count };
  });
  const base = rows[0]?.count;
  process.stdout.write(
    `${renderTable({
      title: 'Cold import, in instructions',
      note: `callgrind Ir of \`node --single-threaded --predictable\` importing the file, less importing an empty module (${formatNumber(floor / 1e6)} M). (n×) = ratio to bare openapi-fetch.`,
      columns: ['import', 'million instructions'],
      rows: rows.map(({ name, count }) => [name, `${formatNumber(count / 1e6)} (${formatRatio(count, base)})`]),
    })}\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
