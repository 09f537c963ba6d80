// The CLI: starts with the sample data, prints its URL, answers the docs' request, stops on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { envelope, post } from './support/contract.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// The emulator's own devDependency, found by module resolution (its bin is executable).
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]): { child: ChildProcess; url: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(tsx, [join(packageDir, 'src/cli.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', (code) => reject(new Error(`the CLI exited (${code}) before listening: ${output}`)));
  });
  // A run that is meant to fail never listens: its `url` rejection is expected, not unhandled.
  url.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exit };
}

describe('milvus-rest-emulator', () => {
  it('serves the sample data and stops cleanly on SIGTERM', async () => {
    const { child, url, exit } = run(['--port', '0']);
    const base = await url;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await post(base, '/v2/vectordb/jobs/external_collection/list', { dbName: 'default', collectionName: 'ext_books' });
    const { code, data } = envelope(answer);
    expect(code).toBe(0);
    const records = (data as { records: { jobId: bigint; collectionName: string; state: string }[] }).records;
    expect(records.map((record) => [record.jobId, record.collectionName, record.state])).toEqual([
      [449503829274509316n, 'ext_books', 'RefreshCompleted'],
      [449503829274509315n, 'ext_books', 'RefreshCompleted'],
    ]);
    expect(answer.text).toContain('"jobId":449503829274509316,');
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);

  it('turns authentication on with --token', async () => {
    const { url } = run(['--port', '0', '--token', 'root:Milvus', '--no-seed']);
    const base = await url;
    expect((await post(base, '/v2/vectordb/jobs/external_collection/list', {})).status).toBe(401);
    const answer = await post(base, '/v2/vectordb/jobs/external_collection/list', {}, { Authorization: 'Bearer root:Milvus' });
    expect(envelope(answer)).toEqual({ code: 0, data: { records: [] } });
  }, 30_000);

  it('explains a bad option and exits 2', async () => {
    const { exit } = run(['--port', 'many']);
    expect(await exit).toBe(2);
  }, 30_000);
});
