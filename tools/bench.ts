// `pnpm bench`: performance of @milvus-rest/client against its baselines, in four groups. Prints one
// markdown table per measure and writes the raw numbers to tools/bench-results/latest.json (and the
// tables to latest.md). A benchmark, not a test: nothing here passes or fails on a timing.
//
//   pnpm bench                 every group (about two and a half minutes on 2 cores)
//   pnpm bench --only 2,3      some groups: 1 requests, 2 parsing, 3 size and start-up, 4 developer loop, 5 command line
//   pnpm bench --quick         fewer repetitions, for trying the benchmark itself out
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCliStartup } from './bench/cli-startup.ts';
import { benchDeveloperLoop, ensureClientBuilt } from './bench/developer-loop.ts';
import { describeMachine } from './bench/machine.ts';
import { type GroupResult, renderTable, summaryTable } from './bench/report.ts';
import { benchRequestOverhead, defaultOverheadSettings } from './bench/request-overhead.ts';
import { benchResponseParsing } from './bench/response-parsing.ts';
import { benchSizeAndStartup } from './bench/size-and-startup.ts';
import { clientDistEntry } from './bench/subjects.ts';
import { repoRoot } from './lib/paths.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex === -1 ? [1, 2, 3, 4, 5] : (args[onlyIndex + 1] ?? '').split(',').map(Number);
const log = (line: string) => process.stderr.write(`${line}\n`);

const started = performance.now();
const machine = describeMachine();
log(`bench on ${machine.summary}`);

const groups = new Map<number, GroupResult>();
// The developer loop runs first: its cold build leaves fresh dist folders for the other groups.
for (const group of [4, 1, 2, 3, 5].filter((g) => only.includes(g))) {
  log(`group ${group}...`);
  if (group !== 4 && !existsSync(clientDistEntry)) {
    log('  building the client (its dist is missing)');
    await ensureClientBuilt();
  }
  const result =
    group === 1
      ? await benchRequestOverhead(
          quick ? { warmup: 32, sequential: 50, concurrent: 80, rounds: 2, budgetMs: 2000 } : defaultOverheadSettings,
          quick,
          log,
        )
      : group === 2
        ? await benchResponseParsing(quick, log)
        : group === 3
          ? await benchSizeAndStartup(quick, log)
          : group === 5
            ? await benchCliStartup(quick, log)
            : await benchDeveloperLoop(quick, log);
  log(`group ${group} took ${result.seconds.toFixed(1)} s`);
  groups.set(group, result);
}

const totalSeconds = (performance.now() - started) / 1000;
const sections = [...groups.entries()]
  .sort(([a], [b]) => a - b)
  .map(([index, group]) => [`### ${index}. ${group.name}`, ...group.tables.map(renderTable)].join('\n\n'));
const summary = summaryTable([...groups.entries()].sort(([a], [b]) => a - b).flatMap(([, group]) => group.summary));
const markdown = [
  `Measured on ${machine.summary}, ${new Date().toISOString().slice(0, 10)}, in ${totalSeconds.toFixed(0)} s (\`pnpm bench\`).`,
  renderTable(summary),
  ...sections,
].join('\n\n');
console.log(markdown);

const outputDir = join(repoRoot, 'tools/bench-results');
mkdirSync(outputDir, { recursive: true });
writeFileSync(
  join(outputDir, 'latest.json'),
  `${JSON.stringify({ date: new Date().toISOString(), machine, quick, totalSeconds, groups: Object.fromEntries(groups) }, null, 2)}\n`,
);
writeFileSync(join(outputDir, 'latest.md'), `${markdown}\n`);
log(`\nwrote tools/bench-results/latest.json and latest.md (${totalSeconds.toFixed(0)} s in all)`);
