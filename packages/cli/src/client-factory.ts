// Creates the client a command uses, from the resolved connection. With `--verbose` it logs each
// attempt (retries included) to stderr with the Authorization header redacted and password
// fields masked, through the client's `fetch` option so that the client's fast path is kept.

import { createMilvusClient, type MilvusClient } from '@milvus-rest/client';
import type { CliIo } from './io.js';
import type { Connection } from './settings.js';

export type ClientFlags = { timeout?: number; verbose?: boolean };

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
// Body fields that carry credentials (users/create, users/update_password, ...).
const SECRET_FIELDS = /("(?:password|newPassword|oldPassword|token|secret_access_key|access_key_value)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export function redactBody(text: string): string {
  return text.replace(SECRET_FIELDS, '$1"[redacted]"');
}

function loggingFetch(io: CliIo): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const lines = [`> ${request.method} ${request.url}`];
    request.headers.forEach((value, name) => {
      lines.push(`> ${name}: ${SECRET_HEADERS.has(name.toLowerCase()) ? '[redacted]' : value}`);
    });
    if (typeof init?.body === 'string') lines.push(`> ${redactBody(init.body)}`);
    io.stderr.write(`${lines.join('\n')}\n`);
    const started = performance.now();
    try {
      const response = await fetch(input, init);
      io.stderr.write(`< HTTP ${response.status} in ${Math.round(performance.now() - started)} ms\n`);
      return response;
    } catch (error) {
      io.stderr.write(`< no answer after ${Math.round(performance.now() - started)} ms: ${(error as Error).message}\n`);
      throw error;
    }
  };
}

export function createClient(connection: Connection, flags: ClientFlags, io: CliIo): MilvusClient {
  return createMilvusClient({
    endpoint: connection.endpoint,
    ...(connection.token !== undefined ? { token: connection.token } : {}),
    ...(connection.dbName !== undefined ? { dbName: connection.dbName } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
    ...(flags.verbose
      ? {
          fetch: loggingFetch(io),
          onRetry: (info) => io.stderr.write(`  retry ${info.retry} in ${info.delayMs} ms after: ${info.error.message}\n`),
        }
      : {}),
  });
}
