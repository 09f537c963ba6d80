// The release check that `pnpm release` runs, in the test run too: a spec change (a new route, a
// new field, a removed one) fails here until a pending changeset bumps the packages enough.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/paths.ts';
import { formatPlan, planRelease } from '../lib/release-plan.ts';

describe('the pending changesets', () => {
  it('bump at least what the spec changes since the last release need', () => {
    const plan = planRelease();
    expect(plan.ok, `${formatPlan(plan, repoRoot).join('\n')}\nFix: add a .changeset/*.md that bumps the packages that much.`).toBe(true);
  });
});
