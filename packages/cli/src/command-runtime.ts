// What commands do once parsed: resolve the connection, create the client, build the body, print
// the result, follow a job. Loaded by the first action that runs (never by `--help`), so that
// start-up compiles neither the client nor the display libraries.

import type { MilvusClient } from '@milvus-rest/client';
import { createClient } from './client-factory.js';
import type { CommandSpec } from './command-table.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { followJob } from './follow-job.js';
import type { CliIo } from './io.js';
import type { JobKind } from './job-kinds.js';
import { type OutputFormat, printResult } from './output.js';
import { buildBody, parseBodyObject, readBodyText } from './request-body.js';
import { resolveConnection } from './settings.js';
import { colors, useColor } from './terminal.js';

/** Options every command takes (commander keeps them on the root). */
export type GlobalOptions = {
  endpoint?: string;
  token?: string;
  dbName?: string;
  profile?: string;
  json?: boolean;
  jsonl?: boolean;
  timeout?: number;
  verbose?: boolean;
};

export type JobWaitOptions = { wait?: boolean; interval: number; waitTimeout: number };

export function outputFormat(options: GlobalOptions): OutputFormat {
  if (options.json && options.jsonl) throw new UsageError('--json and --jsonl cannot be used together; pick one');
  return options.json ? 'json' : options.jsonl ? 'jsonl' : 'human';
}

export function clientFor(options: GlobalOptions, io: CliIo): MilvusClient {
  return createClient(resolveConnection(options, io.env), options, io);
}

export function print(data: unknown, options: GlobalOptions, io: CliIo): void {
  printResult(data, outputFormat(options), io.stdout, colors(useColor(io.stdout, io.env)));
}

/** The body of `--body` (inline JSON, `@file`, `-`), or `{}`. */
export function bodyArgument(argument: string | undefined, io: CliIo): Record<string, unknown> {
  if (argument === undefined) return {};
  const { text, where } = readBodyText(argument, io.readStdin);
  return parseBodyObject(text, where);
}

export function requestBody(spec: CommandSpec, bodyFlag: string | undefined, given: ReadonlyMap<string, readonly string[]>, io: CliIo) {
  return buildBody(spec, bodyArgument(bodyFlag, io), given);
}

/** Follows a job to its end and prints it; resolves with the exit code. */
export async function finishJob(
  client: MilvusClient,
  kind: JobKind,
  jobId: string,
  options: GlobalOptions & JobWaitOptions,
  io: CliIo,
): Promise<ExitCode> {
  const format = outputFormat(options);
  const stderrColor = colors(useColor(io.stderr, io.env));
  if (format === 'human') io.stderr.write(`following ${kind.name} job ${jobId}\n`);
  const result = await followJob(client, kind, jobId, { intervalMs: options.interval, timeoutMs: options.waitTimeout }, io);
  if (result.job && result.code !== ExitCode.interrupted) print(result.job, options, io);
  if (result.message) io.stderr.write(`${stderrColor.red(`milvus-rest: ${result.message}`)}\n`);
  if (format === 'human' && result.code === ExitCode.ok) io.stderr.write(`${stderrColor.green(`job ${jobId} completed`)}\n`);
  return result.code;
}
