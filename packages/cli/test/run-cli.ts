// Runs the built CLI (dist/cli.js) as a process, the way a user does, with an environment that
// holds only what the test gives it (no MILVUS_* from the machine, a private config directory).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(cliPath)) {
    throw new Error(`${cliPath} is missing: build the CLI first (pnpm exec turbo run build --filter=@milvus-rest/cli)`);
  }
}

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** A fresh config directory, so that no test reads the machine's or another test's profiles. */
export function freshConfigHome(): string {
  return mkdtempSync(join(tmpdir(), 'milvus-rest-cli-test-'));
}

export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: freshConfigHome(), XDG_CONFIG_HOME: freshConfigHome(), ...extra };
}

export function runCli(args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: options.env ?? cliEnv(), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `tasks` with at most `limit` at a time (the machines have two cores). */
export async function inBatches<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** The escape character that starts terminal control sequences (colours, cursor moves). */
export const ESC = String.fromCharCode(27);

/** Whether text holds anything a log file or pipe should not: escape sequences or carriage returns. */
export function hasControlCharacters(text: string): boolean {
  return text.includes(ESC) || text.includes('\r');
}
