// The one way the bench counts instructions: a Node process under `valgrind --tool=callgrind`,
// whose total (callgrind's Ir) is deterministic where timings on a shared machine are not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The instructions `node <nodeArgs>` executes, start-up included. `--single-threaded` keeps V8's
 * compilers and GC on the main thread, so that repeated counts agree; the caller adds the rest.
 */
export function nodeInstructions(nodeArgs: readonly string[]): number {
  const work = mkdtempSync(join(tmpdir(), 'callgrind-'));
  const out = join(work, 'callgrind.out');
  const env = { ...process.env };
  // Extra CA certificates are parsed at start-up: hundreds of millions of instructions that only add noise.
  delete env.NODE_EXTRA_CA_CERTS;
  try {
    execFileSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', ...nodeArgs], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    const totals = /^(?:summary|totals):\s*(\d+)/m.exec(readFileSync(out, 'utf8'));
    if (!totals) throw new Error('callgrind wrote no totals');
    return Number(totals[1]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
