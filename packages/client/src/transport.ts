// The transport: the `fetch` that openapi-fetch calls. It owns everything about one call on the
// wire: credentials, the deadline (body read included), server hints, retries and the envelope.
// Retrying lives here, below openapi-fetch's middleware, because a Request whose body was read
// cannot be sent again from middleware.

import { classifyAnswer } from './envelope.js';
import { MilvusApiError, MilvusConnectionError, MilvusError, MilvusHttpError, MilvusTimeoutError, type RequestContext } from './errors.js';
import { int64sToStrings, type JsonPath } from './int64.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import { redact, redactError } from './redact.js';
import { type AttemptOutcome, isRetriable, type OperationKind, parseRetryAfter, retryDelayMs } from './retry.js';
import { USER_AGENT } from './version.js';

/** What one call tells the transport. */
export type CallContext = RequestContext & {
  kind: OperationKind;
  int64Response: readonly JsonPath[];
  timeoutMs: number;
  signal: AbortSignal | undefined;
  maxRetries: number;
};

/** Parsed success bodies, handed from the transport to the client past openapi-fetch. */
export const parsedBodies = new WeakMap<Response, Record<string, unknown>>();

// Connection errors whose cause proves the request never left: nothing can have run.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

class Deadline {
  readonly at: number;
  constructor(readonly timeoutMs: number) {
    this.at = Date.now() + timeoutMs;
  }
  remaining(): number {
    return Math.max(0, this.at - Date.now());
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function resolveToken(options: ResolvedOptions): Promise<string | undefined> {
  if (options.token === undefined) return undefined;
  const token = typeof options.token === 'function' ? await options.token() : options.token;
  if (typeof token !== 'string' || token === '') {
    throw new MilvusError('the `token` function returned no token: it must return a non-empty string');
  }
  return token;
}

type AttemptResult =
  | { ok: true; response: Response; body: Record<string, unknown> }
  | { ok: false; error: Error; outcome: AttemptOutcome | undefined; retryAfterMs?: number };

/** A call's answer: the HTTP response (its body already read) and the parsed success body. */
export type Answer = { response: Response; body: Record<string, unknown> };

export function createTransport(options: ResolvedOptions, rateLimiter: RateLimiter | undefined) {
  const secrets = (): string[] => {
    const token = typeof options.token === 'string' ? options.token : undefined;
    if (!token) return [];
    const colon = token.indexOf(':');
    return colon > 0 ? [token, token.slice(colon + 1)] : [token];
  };

  async function attempt(
    url: string,
    init: RequestInit,
    headers: Headers,
    context: CallContext,
    deadline: Deadline,
  ): Promise<AttemptResult> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new MilvusTimeoutError(deadline.timeoutMs, context)), deadline.remaining());
    const userSignal = context.signal;
    const onUserAbort = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    try {
      if (options.sendServerHints) {
        // Whole seconds, rounded up, so the server never gives up before the client does.
        headers.set('Request-Timeout', String(Math.max(1, Math.ceil(deadline.remaining() / 1000))));
      }
      let response: Response;
      try {
        response = await options.fetch(url, { ...init, headers, signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        const code = causeCode(error);
        const mayHaveReachedServer = !(code && NEVER_CONNECTED.has(code));
        const reason = redact(`${code ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`, secrets());
        return {
          ok: false,
          error: new MilvusConnectionError(reason, mayHaveReachedServer, context, redactError(error, secrets())),
          outcome: { type: 'connection', mayHaveReachedServer },
        };
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        return {
          ok: false,
          error: new MilvusConnectionError(
            `the connection broke while reading the answer (HTTP ${response.status})`,
            true,
            context,
            redactError(error, secrets()),
          ),
          outcome: { type: 'connection', mayHaveReachedServer: true },
        };
      }
      const traceId = response.headers.get('x-milvus-trace-id') ?? undefined;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      const answer = classifyAnswer(response.status, text);
      if (answer.ok) {
        int64sToStrings(answer.body, context.int64Response);
        return { ok: true, response, body: answer.body };
      }
      if (answer.kind === 'api') {
        const outcome: AttemptOutcome = { type: 'api', code: answer.code, httpStatus: response.status };
        const error = new MilvusApiError(
          {
            code: answer.code,
            serverMessage: redact(answer.message, secrets()),
            httpStatus: response.status,
            traceId,
            retriable: isRetriable(context.kind, outcome),
          },
          context,
        );
        return { ok: false, error, outcome, retryAfterMs };
      }
      const error = new MilvusHttpError(
        { status: response.status, bodyExcerpt: redact(answer.excerpt, secrets()), traceId, reason: answer.reason },
        context,
      );
      const isSuccessStatus = response.status >= 200 && response.status < 300;
      return { ok: false, error, outcome: { type: isSuccessStatus ? 'broken' : 'http', status: response.status }, retryAfterMs };
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }

  /**
   * Sends one call: attempts, retries and waits until an answer, an error that may not be retried,
   * or the deadline. `headers` belongs to this call and is modified.
   */
  async function execute(context: CallContext, url: string, method: string, body: string, headers: Headers): Promise<Answer> {
    const deadline = new Deadline(context.timeoutMs);
    context.signal?.throwIfAborted();
    for (const [name, value] of Object.entries(options.headers)) if (!headers.has(name)) headers.set(name, value);
    if (options.sendServerHints) {
      // Int64 values in entity rows come back as strings, the same on every server version
      // (whose default flipped); browsers skip it, since the server's CORS policy does not allow it.
      headers.set('Accept-Type-Allow-Int64', 'false');
      if (!headers.has('user-agent')) headers.set('User-Agent', USER_AGENT);
      // Routes without a body dbName (import describe/commit/abort) take the database from this header.
      if (options.dbName !== undefined && !headers.has('db-name')) headers.set('DB-Name', options.dbName);
    }
    const init: RequestInit = { method, body };
    for (let retry = 0; ; retry++) {
      if (rateLimiter) {
        await rateLimiter.acquire(
          context.path,
          deadline.remaining(),
          context.signal,
          () => new MilvusTimeoutError(deadline.timeoutMs, context, 'no rate-limit slot'),
        );
      }
      const token = typeof options.token === 'string' ? options.token : await resolveToken(options);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      const result = await attempt(url, init, headers, context, deadline);
      if (result.ok) return { response: result.response, body: result.body };
      const { error, outcome } = result;
      if (!outcome || retry >= context.maxRetries || !isRetriable(context.kind, outcome)) throw error;
      const delay = retryDelayMs(retry + 1, result.retryAfterMs, options.retryPolicy);
      // No retry that could not finish before the deadline: the caller gets the real error now.
      if (delay === undefined || delay >= deadline.remaining()) throw error;
      options.onRetry?.({ operationId: context.operationId, path: context.path, retry: retry + 1, delayMs: delay, error });
      await sleep(delay, context.signal);
    }
  }

  /** The `fetch` that openapi-fetch uses for one call, when middleware needs to see it. */
  function fetchForCall(context: CallContext): (request: Request) => Promise<Response> {
    return async (request: Request) => {
      context.signal?.throwIfAborted();
      const { response, body } = await execute(context, request.url, request.method, await request.text(), new Headers(request.headers));
      const wrapped = new Response(null, { status: response.status, statusText: response.statusText, headers: response.headers });
      parsedBodies.set(wrapped, body);
      return wrapped;
    };
  }

  return { execute, fetchForCall };
}

export type Transport = ReturnType<typeof createTransport>;
