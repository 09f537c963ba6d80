// `pnpm exec tsx tools/spec-diff.ts`: lists every change of the spec since the last release, one
// line each with the bump it needs, and fails when the pending changesets bump less than that.
//
//   --root DIR    check a copy of the repository instead of this one
//   --base FILE   compare with this snapshot or bundled spec instead of spec/releases/last-release.json
//   --head FILE   use this bundled spec instead of bundling spec/
//   --list        list the changes only; never fail on the bump
import { resolve } from 'node:path';
import { repoRoot } from './lib/paths.ts';
import { formatPlan, planRelease, type ReleasePlan } from './lib/release-plan.ts';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : resolve(process.argv[index + 1] ?? '.');
}

const root = option('--root') ?? repoRoot;
let plan: ReleasePlan;
try {
  plan = planRelease({ root, base: option('--base'), head: option('--head') });
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(2);
}
for (const line of formatPlan(plan, root)) console.log(line);
if (process.argv.includes('--list')) process.exit(0);
if (!plan.ok) {
  for (const problem of plan.problems) console.error(`error: ${problem}`);
  process.exit(1);
}
console.log('ok: the pending changesets cover the spec changes.');
