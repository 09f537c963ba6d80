// startEmulator: a local, stateful stand-in for a Milvus REST v2 endpoint on node:http.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClockOptions, createClock, type EmulatorClock } from './clock.js';
import { type FaultRule, FaultSet } from './faults.js';
import { routeTable } from './generated/spec.js';
import { handleRequest, type PipelineContext, type ReceivedRequest } from './pipeline.js';
import { DEFAULT_REQUEST_BUDGET_MS } from './request-budget.js';
import { handlersByPath } from './routes/index.js';
import type { CompactionOptions } from './state/compactions.js';
import type { ImportJobOptions } from './state/import-jobs.js';
import type { RefreshJobOptions } from './state/refresh-jobs.js';
import { seedStore } from './state/seed.js';
import type { SnapshotJobOptions } from './state/snapshots.js';
import { EmulatorStore } from './state/store.js';

/** Options of {@link startEmulator}. Every one is optional. */
export type EmulatorOptions = {
  /** The port to listen on. Default 0: a free port, see {@link Emulator.url}. */
  port?: number;
  /** The interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * Turns authentication on: the credentials accepted as `Authorization: Bearer <token>` (an API
   * key, or `user:password`, which HTTP Basic may also carry). Anything else is answered with
   * HTTP 401, code 1800. Off by default, like a Milvus with authorization disabled.
   *
   * With it come the server's privilege checks: each `user:password` here is a user (root
   * included; root's password is `Milvus` unless given here), users created with users/create
   * log in with their passwords, and a user whose roles do not grant a route's privilege gets
   * HTTP 403, code 1401. Root and API keys hold every privilege.
   */
  token?: string | readonly string[];
  /** Faults to inject from the start; {@link Emulator.addFault} adds more later. */
  faults?: readonly FaultRule[];
  /** The clock refresh jobs run on: real time by default, or manual, or sped up. */
  clock?: ClockOptions;
  /** How long refresh jobs take, and which sources make them fail. */
  refreshJobs?: RefreshJobOptions;
  /**
   * How long import jobs take, and which files exist in the emulator's object storage (by default
   * every path but one that contains `emulator-missing`; importing a missing file fails the job).
   */
  importJobs?: ImportJobOptions;
  /** How long snapshot restore and export jobs take. */
  snapshotJobs?: SnapshotJobOptions;
  /** How long a manual compaction runs. */
  compactions?: CompactionOptions;
  /** How long finished refresh jobs are kept, in emulator milliseconds. Default 24 hours (the server's). */
  jobRetentionMs?: number;
  /** The server's time budget per request, which `Request-Timeout` can only shorten. Default 120 000 ms. */
  requestBudgetMs?: number;
  /** Start with sample collections and refresh jobs (`ext_books`, `ext_movies`, `books`). Default false. */
  seed?: boolean;
  /** The first int64 id handed out (collections and jobs share one allocator). Default 449503829274509312. */
  firstId?: bigint | string;
};

/** A running emulator. */
export type Emulator = {
  /** The base URL to give a client, such as `http://127.0.0.1:19530`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The clock refresh jobs run on; `advance(ms)` moves it forward. */
  readonly clock: EmulatorClock;
  /** Adds a fault while the emulator runs; it counts requests from now on. */
  addFault(rule: FaultRule): void;
  /** Removes every fault. */
  clearFaults(): void;
  /**
   * How many requests of an operation reached its handler, so the server acted on them (after
   * authentication, body checks, and any fault that answers in the server's place), whatever the
   * handler answered. A test can prove with it that a retried write ran once.
   */
  executions(operationId: string): number;
  /** The last 1 000 requests to routes of the spec, oldest first, with their bodies byte for byte. */
  requests(): readonly ReceivedRequest[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
};

function credentialsOf(token: EmulatorOptions['token']): readonly string[] | undefined {
  if (token === undefined) return undefined;
  const list = typeof token === 'string' ? [token] : [...token];
  if (list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
    throw new TypeError('token must be a non-empty string or a non-empty list of them');
  }
  return list;
}

function firstIdOf(value: EmulatorOptions['firstId']): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && !/^\d+$/.test(value))
    throw new TypeError(`firstId must be a decimal int64; got ${JSON.stringify(value)}`);
  return BigInt(value);
}

/**
 * Starts an emulator and resolves once it listens.
 *
 * @example
 * const emulator = await startEmulator({ clock: { mode: 'manual' } });
 * const milvus = createMilvusClient({ endpoint: emulator.url });
 * // ... create an external collection, refresh it, then:
 * emulator.clock.advance(10_000); // the refresh job completes
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const operationIds = new Set<string>(Object.values(routeTable).map((route) => route.operationId));
  const requestBudgetMs = options.requestBudgetMs ?? DEFAULT_REQUEST_BUDGET_MS;
  if (!(requestBudgetMs > 0)) throw new TypeError(`requestBudgetMs must be a positive number; got ${String(requestBudgetMs)}`);
  const clock = createClock(options.clock);
  const store = new EmulatorStore({
    clock,
    firstId: firstIdOf(options.firstId),
    refreshJobs: options.refreshJobs,
    importJobs: options.importJobs,
    snapshotJobs: options.snapshotJobs,
    compactions: options.compactions,
    jobRetentionMs: options.jobRetentionMs,
  });
  if (options.seed) seedStore(store);
  const credentials = credentialsOf(options.token);
  // `user:password` credentials become users, so that they can be granted roles (and root gets its password).
  if (credentials) store.rbac.addConfiguredUsers(credentials);
  const faults = new FaultSet();
  for (const rule of options.faults ?? []) faults.add(rule);
  const closing = new AbortController();
  const context: PipelineContext = {
    store,
    faults,
    handlers: handlersByPath(),
    credentials,
    requestBudgetMs,
    executions: new Map(),
    received: [],
    timers: new Set(),
    closing: closing.signal,
  };

  const server = createServer((request, response) => {
    void handleRequest(request, response, context);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    clock,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    executions(operationId) {
      if (!operationIds.has(operationId)) throw new TypeError(`no operation of the spec is called ${JSON.stringify(operationId)}`);
      return context.executions.get(operationId) ?? 0;
    },
    requests: () => [...context.received],
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        for (const timer of context.timers) clearTimeout(timer);
        context.timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
