// Instructions per call above fetch, counted by valgrind (deterministic where timings on a shared
// machine are not): each contender makes `small` and then `large` sequential calls against a stub
// fetch in a child process under `valgrind --tool=callgrind`, and the difference of the two totals
// over `large - small` is the steady-state cost of one call (start-up, loading and warm-up cancel
// out). `--single-threaded` keeps V8's compiler and GC on the main thread, which makes repeated
// counts agree within about 0.5%. Both counts must come after the warm-up: V8 still tiers code up
// through the first few thousand calls (describeCollection, client: 460k instructions per call
// between calls 1000 and 3000, 187k between 6000 and 12000), hence the large defaults.
//
//   pnpm exec tsx tools/bench/call-instructions.ts [--small 6000] [--large 12000] [--only floor,client,sdk]
//                                                  [--endpoint describeCollection] [--client path/to/index.js]
//
// Needs valgrind and the client's dist (pnpm --filter @milvus-rest/client build), or `--client`,
// another build of it. Not part of `pnpm bench`: under valgrind it takes two to three minutes per
// contender and endpoint.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeInstructions } from './callgrind.ts';
import { formatNumber, formatRatio, renderTable } from './report.ts';
import { STATIC_DESCRIBE_COLLECTION, STATIC_JOB_LIST } from './response-bodies.ts';
import { clientDistEntry, sdkHttpClientFile } from './subjects.ts';

const CONTENDERS = {
  floor: 'raw fetch + JSON.parse (floor)',
  client: '@milvus-rest/client (dist)',
  sdk: 'official SDK HttpClient',
} as const;
const ENDPOINTS = ['describeCollection', 'listRefreshExternalCollectionJobs'] as const;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

const small = Number(option('small') ?? 6000);
const large = Number(option('large') ?? 12000);
const only = option('only')?.split(',') ?? Object.keys(CONTENDERS);
const endpoints = option('endpoint')?.split(',') ?? [...ENDPOINTS];
const child = fileURLToPath(new URL('./call-instructions-child.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'call-instructions-'));
const setup = join(work, 'setup.json');
writeFileSync(
  setup,
  JSON.stringify({
    bodies: { describeCollection: STATIC_DESCRIBE_COLLECTION, listRefreshExternalCollectionJobs: STATIC_JOB_LIST },
    clientDistEntry: option('client') ?? clientDistEntry,
    sdkHttpClientFile,
  }),
);

/** The instructions a run of `calls` calls executes, start-up included. */
function instructions(contender: string, endpoint: string, calls: number): number {
  return nodeInstructions([child, setup, contender, endpoint, String(calls)]);
}

try {
  for (const endpoint of endpoints) {
    const perCall = new Map<string, number>();
    for (const contender of only) {
      const count = (instructions(contender, endpoint, large) - instructions(contender, endpoint, small)) / (large - small);
      perCall.set(contender, count);
      process.stderr.write(`${endpoint} ${contender}: ${Math.round(count)} instructions per call\n`);
    }
    const floor = perCall.get('floor');
    console.log(
      renderTable({
        title: `Instructions per call: ${endpoint} with a stub fetch (valgrind, ${small} → ${large} calls)`,
        columns: ['client', 'instructions/call', 'above the floor'],
        rows: [...perCall].map(([contender, count]) => [
          CONTENDERS[contender as keyof typeof CONTENDERS] ?? contender,
          `${formatNumber(count / 1000)}k${floor === undefined ? '' : ` (${formatRatio(count, floor)})`}`,
          floor === undefined ? '–' : `${formatNumber((count - floor) / 1000)}k`,
        ]),
      }),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
