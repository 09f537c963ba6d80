// `pnpm dev`: watches spec/ (and redocly.yaml) and, a moment after the last change, lints the spec
// and regenerates what is generated from it: the bundled spec (spec/dist/openapi.json) and the
// generated files of the packages, printing which ones changed. Lint problems and generation
// errors are printed and the watcher keeps going. Ctrl-C stops it.
//
//   --docs       also rebuild the HTML reference (spec/dist/reference.html) on every change
//   --root DIR   watch a copy of the repository instead of this one
import { spawnSync } from 'node:child_process';
import { existsSync, type FSWatcher, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { redoclyCli } from './lib/dependency-paths.ts';
import { generateOutputs } from './lib/generate-outputs.ts';
import { repoRoot } from './lib/paths.ts';
import { quietEnv } from './lib/run.ts';

const args = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const root = rootFlag === -1 ? repoRoot : resolve(args[rootFlag + 1] ?? '.');
const withDocs = args.includes('--docs');
const redocly = redoclyCli;
/** Editors save in bursts (write, rename, chmod): one round runs this long after the last event. */
const DEBOUNCE_MS = 200;
/** What the rounds write inside spec/, and never a reason to run again. */
const ignoredInSpec = /^(dist|node_modules|test-output|releases)([/\\]|$)|(^|[/\\])\.|~$/;

function lint(): void {
  const result = spawnSync(redocly, ['lint', '--config', join(root, 'redocly.yaml')], { cwd: root, encoding: 'utf8', env: quietEnv });
  if (result.status === 0) {
    console.log('lint: no problems');
    return;
  }
  const report = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.trim() !== '' && !/deprecat|telemetry|update available/i.test(line))
    .join('\n');
  console.log(`${report}\nlint: problems above; the watcher keeps going (fix and save again)`);
}

async function regenerate(): Promise<void> {
  let files: Awaited<ReturnType<typeof generateOutputs>>;
  try {
    files = await generateOutputs(root);
  } catch (error) {
    console.log(`generate failed: ${(error as Error).message}\nthe watcher keeps going (fix and save again)`);
    return;
  }
  console.log('bundled spec/dist/openapi.json');
  for (const file of files) {
    const target = join(root, file.path);
    if (existsSync(target) && readFileSync(target, 'utf8') === file.content) {
      console.log(`unchanged   ${file.path}`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`regenerated ${file.path}`);
  }
}

function buildDocs(): void {
  const output = join(root, 'spec/dist/reference.html');
  const result = spawnSync(
    redocly,
    ['build-docs', join(root, 'spec/openapi.yaml'), '--config', join(root, 'redocly.yaml'), '--inlineBundle', '--output', output],
    { cwd: root, encoding: 'utf8', env: quietEnv },
  );
  console.log(result.status === 0 ? 'regenerated spec/dist/reference.html' : `docs failed:\n${result.stderr}`);
}

let running = false;
let pending: Set<string> | undefined;
let timer: NodeJS.Timeout | undefined;

async function round(changed: string[]): Promise<void> {
  running = true;
  const started = performance.now();
  console.log(`\n[${new Date().toLocaleTimeString()}] ${changed.length > 0 ? `changed: ${changed.join(', ')}` : 'first round'}`);
  lint();
  await regenerate();
  if (withDocs) buildDocs();
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s; watching`);
  running = false;
  if (pending) schedule();
}

function schedule(file?: string): void {
  pending ??= new Set();
  if (file) pending.add(file);
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (running) return; // the round in progress schedules the next one when it ends
    const changed = [...(pending ?? [])].sort();
    pending = undefined;
    void round(changed);
  }, DEBOUNCE_MS);
}

const watchers: FSWatcher[] = [
  watch(join(root, 'spec'), { recursive: true }, (_event, filename) => {
    const file = filename?.toString() ?? '';
    if (!ignoredInSpec.test(file)) schedule(`spec/${file}`);
  }),
  watch(root, (_event, filename) => {
    if (filename?.toString() === 'redocly.yaml') schedule('redocly.yaml');
  }),
];
process.on('SIGINT', () => {
  for (const watcher of watchers) watcher.close();
  process.exit(0);
});

console.log(`watching ${join(root, 'spec')} and redocly.yaml${withDocs ? ' (HTML reference included)' : ''}; Ctrl-C stops`);
await round([]);
