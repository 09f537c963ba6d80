// One case of the hostile-server suite: a client with a canary credential (a static token or a
// token function) makes one read or one write against a raw server, and everything the caller
// could see afterwards is searched for the canary: the error's message, stack, every string
// property, its cause chain, `toJSON`, `util.inspect`, and what reached the console (retries are
// logged there on purpose). A ledger per test file counts cases, faults and canary checks.

import type { Socket } from 'node:net';
import { format, inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createMilvusClient, type MilvusClientOptions } from '../../src/index.js';
import { type RawServer, startRawServer } from './raw-http-server.js';

export const READ_PATH = '/v2/vectordb/jobs/external_collection/list';
export const WRITE_PATH = '/v2/vectordb/jobs/external_collection/refresh';
/** The one route whose success body has no envelope (the spec marks it `bareBody`). */
export const BARE_READ_PATH = '/v2/vectordb/resource_groups/describe';

/** The password of the static canary token; random-looking so that no ordinary text contains it. */
export const CANARY_PASSWORD = 'Cq7ZpW2mK8vT3xN9';
export const STATIC_TOKEN = `root:${CANARY_PASSWORD}`;
/** A token function's values: a fresh canary on every call, as a token that rotates would be. */
export function functionToken(n: number): string {
  return `fnkey_Hx4Rb${n}Lw8Jd2Qe6Ua0`;
}

/** Not a speed claim: a deadline is behaviour. The margin covers scheduling on a loaded 2-core machine. */
export const DEADLINE_MARGIN_MS = 3_000;

export type TokenKind = 'static token' | 'token function';
/** A read, a write, or the read whose answer has no envelope. */
export type OperationKind = 'read' | 'write' | 'bare read';
export const TOKEN_KINDS: TokenKind[] = ['static token', 'token function'];
export const OPERATIONS: ('read' | 'write')[] = ['read', 'write'];
const PATHS: Record<OperationKind, string> = { read: READ_PATH, write: WRITE_PATH, 'bare read': BARE_READ_PATH };

export type Ledger = { file: string; cases: number; faults: number; canaryChecks: number };

/**
 * The ledger of one test file. When the file ends it asserts that no rejection went unhandled and
 * that every case ran, and prints its counts: `hostile/<file>: N cases, N faults, N canary checks`.
 */
export function hostileFile(
  file: string,
  expectedCases: number,
  /** Where a case is not one fault (many calls against a few faults): the least faults and canary checks. */
  least: { faults: number; canaryChecks: number } = { faults: expectedCases, canaryChecks: expectedCases * 10 },
): Ledger {
  const ledger: Ledger = { file, cases: 0, faults: 0, canaryChecks: 0 };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
    console.log(`hostile/${file}: ${ledger.cases} cases, ${ledger.faults} faults, ${ledger.canaryChecks} canary checks`);
    expect(unhandled).toEqual([]);
    expect(ledger.cases).toBe(expectedCases);
    expect(ledger.faults).toBeGreaterThanOrEqual(least.faults);
    expect(ledger.canaryChecks).toBeGreaterThanOrEqual(least.canaryChecks);
  });
  return ledger;
}

/** Every text a caller can get from an error (and its cause chain) by any ordinary means. */
export function shownTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    texts.push(String(current), inspect(current, { depth: 20, showHidden: true }));
    if (typeof current !== 'object') break;
    const record = current as Record<string, unknown>;
    texts.push(JSON.stringify(current) ?? '');
    for (const key of ['message', 'stack', ...Object.getOwnPropertyNames(current)]) {
      const value = record[key];
      if (typeof value === 'string') texts.push(value);
    }
    const toJSON = record.toJSON;
    if (typeof toJSON === 'function') texts.push(JSON.stringify(toJSON.call(current)));
    current = record.cause;
  }
  return texts;
}

/** `text` with the spellings a reader could undo by hand undone: JSON and percent escapes, whitespace. */
function decoded(text: string): string {
  return text
    .replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\s+|\\+[nrt]/g, '');
}

/**
 * Whether `text` shows any part of a canary: any 8 characters in a row of the secret part, in any
 * spelling the decoding above undoes, or of its base64. Returns the part found.
 */
export function findLeak(text: string, canaries: readonly string[]): string | undefined {
  const plain = decoded(text);
  for (const canary of canaries) {
    for (const form of [canary, btoa(canary)]) {
      for (let i = 0; i + 8 <= form.length; i++) {
        const part = form.slice(i, i + 8);
        if (plain.includes(part) || text.includes(part)) return part;
      }
    }
  }
  return undefined;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Runs `work` with everything written to the console captured (and not printed). */
async function capturingConsole<T>(work: () => Promise<T>): Promise<{ result: T; output: string }> {
  const output: string[] = [];
  const saved = CONSOLE_METHODS.map((name) => [name, console[name]] as const);
  for (const name of CONSOLE_METHODS) console[name] = (...args: unknown[]) => output.push(format(...args));
  try {
    return { result: await work(), output: output.join('\n') };
  } finally {
    for (const [name, method] of saved) console[name] = method;
  }
}

export type CaseOptions = {
  server: RawServer;
  operation: OperationKind;
  token: TokenKind;
  timeoutMs: number;
  maxRetries?: number;
  /** Overrides of the client's options (limits, backoff, a hostile token function or fetch). */
  client?: Partial<MilvusClientOptions>;
  /** The caller's signal for the call. */
  signal?: AbortSignal;
  /** More secrets that must show nowhere (those a hostile token function in `client` returns). */
  canaries?: string[];
};

export type CaseResult = {
  /** The error the call rejected with, or undefined when it resolved. */
  error: unknown;
  value: unknown;
  elapsedMs: number;
  /** How many times the call reached the server. */
  reached: number;
  /** The canaries this case used: the static token's password, or every value the token function returned. */
  canaries: string[];
};

/**
 * Runs one call and checks what every case checks: it settled within the deadline plus the margin,
 * and no canary shows anywhere. The caller asserts the error class and the count.
 */
export async function runCase(ledger: Ledger, options: CaseOptions): Promise<CaseResult> {
  const issued: string[] = [];
  const token =
    options.token === 'static token'
      ? STATIC_TOKEN
      : () => {
          const value = functionToken(issued.length);
          issued.push(value);
          return value;
        };
  const milvus = createMilvusClient({
    endpoint: options.server.url,
    token,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    retry: { initialDelayMs: 20, maxDelayMs: 40 },
    // What a user's logging shows on each retry must be as clean as the error itself.
    onRetry: (info) => console.warn('retrying', info.retry, info.error),
    ...options.client,
  });
  const path = PATHS[options.operation];
  const started = performance.now();
  const { result, output } = await capturingConsole(async () => {
    try {
      const value =
        options.operation === 'read'
          ? await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' }, { signal: options.signal })
          : options.operation === 'write'
            ? await milvus.refreshExternalCollection({ collectionName: 'ext_books' }, { signal: options.signal })
            : await milvus.describeResourceGroup({ name: '__default_resource_group' }, { signal: options.signal });
      return { value, error: undefined };
    } catch (error) {
      console.error('call failed:', error);
      return { value: undefined, error };
    }
  });
  const elapsedMs = performance.now() - started;
  ledger.cases++;
  const canaries = [...(options.token === 'static token' ? [CANARY_PASSWORD, STATIC_TOKEN] : issued), ...(options.canaries ?? [])];
  expect(canaries.length).toBeGreaterThan(0);
  const texts = [...(result.error === undefined ? [] : shownTexts(result.error)), output, inspect(milvus), JSON.stringify(milvus)];
  for (const text of texts) {
    ledger.canaryChecks += canaries.length;
    const leak = findLeak(text, canaries);
    expect(leak, `a canary part (${leak}) shows in: ${text.slice(0, 400)}`).toBeUndefined();
  }
  expect(elapsedMs).toBeLessThanOrEqual(options.timeoutMs + DEADLINE_MARGIN_MS);
  return { error: result.error, value: result.value, elapsedMs, reached: options.server.count(path), canaries };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** A server fault, and what a read and a write must end with: the error class and how often they reached the server. */
export type Fault = {
  answer: (socket: Socket) => void;
  read: [ErrorClass, number];
  write: [ErrorClass, number];
  /** The call's deadline, when this fault needs its own (a short one where the client must wait it out). */
  timeoutMs?: number;
};

/** Every fault against a read and a write, with a static token and a token function: one case each. */
export function describeFaults<F extends Fault>(
  ledger: Ledger,
  faults: Record<string, F>,
  options: { timeoutMs: number; client?: Partial<MilvusClientOptions>; check?: (fault: F, error: unknown) => void },
): void {
  describe.each(Object.entries(faults))('%s', (_name, fault) => {
    const timeoutMs = fault.timeoutMs ?? options.timeoutMs;
    for (const operation of OPERATIONS) {
      for (const token of TOKEN_KINDS) {
        const [errorClass, reached] = fault[operation];
        it(`a ${operation} with a ${token} ends with ${errorClass.name}, reaching the server ${reached} time(s)`, {
          timeout: timeoutMs * 2 + DEADLINE_MARGIN_MS + 5_000,
        }, async () => {
          const server = await startRawServer((socket) => {
            ledger.faults++;
            fault.answer(socket);
          });
          try {
            const result = await runCase(ledger, { server, operation, token, timeoutMs, client: options.client });
            expect(result.error).toBeInstanceOf(errorClass);
            options.check?.(fault, result.error);
            expect(result.reached).toBe(reached);
          } finally {
            await server.close();
          }
        });
      }
    }
  });
}
