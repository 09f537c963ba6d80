import { spawnSync } from 'node:child_process';
import { repoRoot } from './paths.ts';

/** The environment every tool runs commands with: no telemetry from turbo or redocly. */
export const quietEnv: NodeJS.ProcessEnv = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/** Runs a command in the repository with inherited output; returns its exit code. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  const result = spawnSync(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? quietEnv, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}
