// The transport: the one path every call takes, with or without middleware. It owns everything
// about a call on the wire: credentials, the deadline (token function, body read and parsing
// included), size limits, server hints, retries and the envelope. Middleware runs around it, once
// per call; retries happen below, where the body is still a string that can be sent again.

import { sleep } from '@milvus-rest/wire/sleep';
import { classifyAnswer } from './envelope.js';
import {
  MilvusApiError,
  MilvusConfigError,
  MilvusConnectionError,
  MilvusError,
  MilvusHttpError,
  MilvusTimeoutError,
  type RequestContext,
} from './errors.js';
import { type JsonPath, parseResponseJson } from './int64.js';
import type { Middleware, MiddlewareCallbackParams, MiddlewareOptions } from './middleware.js';
import type { OperationInfo } from './operation-table.js';
import { isHeaderValue, type ResolvedOptions } from './options.js';
import { type AttemptOutcome, isRetriable, type OperationKind, parseRetryAfter, retryDelayMs } from './retry.js';

/** One call in flight: the context its errors carry, its deadline, its retry budget. */
export type Call = RequestContext & {
  readonly kind: OperationKind;
  readonly int64Response: readonly JsonPath[];
  readonly bare: boolean;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly deadlineAt: number;
  /** Aborts at the deadline (reason: a MilvusTimeoutError) or with the caller's signal (its reason). */
  readonly signal: AbortSignal;
  readonly controller: AbortController;
  readonly userSignal: AbortSignal | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Rejects the pending `guard` promise: called where the call is aborted, so that no abort listener is needed. */
  rejectStop?: (reason: unknown) => void;
  /** The reader of a body that a custom fetch hands back, cancelled where the call is aborted. */
  reader?: ReadableStreamDefaultReader<Uint8Array>;
  /** Forwards the caller's abort; an object listener, so that calls without a signal allocate no closure. */
  handleEvent(): void;
};

/** A call's successful answer: the HTTP response (its body already read), the text and the parsed body. */
export type Answer = { ok: true; response: Response; text: string; body: Record<string, unknown> };
type Failure = { ok: false; error: Error; outcome: AttemptOutcome | undefined; retryAfterMs?: number };
type Attempt = Answer | Failure;

// Connection errors whose cause proves the request never left: nothing can have run.
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const noop = () => {};

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * `work`, unless the call's signal aborts first: then its reason. For the parts a caller supplies
 * (a custom fetch and its body, a token function, a middleware's Response), which may ignore the
 * signal and never settle.
 */
function guard<T>(call: Call, work: Promise<T>): Promise<T> {
  const { signal } = call;
  if (signal.aborted) {
    work.catch(noop);
    return Promise.reject(signal.reason);
  }
  // One promise that `work` or the abort settles, whichever comes first: cheaper than racing a
  // second one with Promise.race. The guarded parts run one after another, so one slot is enough.
  return new Promise<T>((resolve, reject) => {
    call.rejectStop = reject;
    work.then(resolve, reject);
  });
}

/**
 * Aborts a call: its signal (for fetch and the caller's parts), its pending `guard` (for the parts
 * that ignore the signal) and the reading of a custom fetch's body (which may never end).
 */
function abortCall(call: Call, reason: unknown): void {
  if (call.signal.aborted) return;
  call.controller.abort(reason);
  call.rejectStop?.(reason);
  call.reader?.cancel(reason).catch(noop);
}

function onDeadline(call: Call): void {
  abortCall(call, new MilvusTimeoutError(call.timeoutMs, call));
}

function forwardUserAbort(this: Call): void {
  abortCall(this, this.userSignal?.reason);
}

function endCall(call: Call): void {
  clearTimeout(call.timer);
  call.userSignal?.removeEventListener('abort', call);
}

// One decoder for every body: decode() without `stream` keeps no state between calls.
const utf8 = new TextDecoder();

export function createTransport(options: ResolvedOptions) {
  const { fetch: fetchImpl, nativeFetch, secrets, headerTemplate: template, sendServerHints, rateLimit, retryPolicy } = options;
  const tokenFunction = typeof options.token === 'function' ? options.token : undefined;
  const hasToken = options.token !== undefined;
  const middleware: Middleware[] = [];
  const middlewareOptions: MiddlewareOptions = Object.freeze({
    baseUrl: options.baseUrl,
    fetch: fetchImpl,
    parseAs: 'json',
    querySerializer: () => '',
    bodySerializer: (body: unknown) => JSON.stringify(body),
    pathSerializer: (pathname: string) => pathname,
  });

  /** Starts a call's deadline; `endCall(call)` must run when the call settles. */
  function begin(
    info: OperationInfo,
    operationId: string | undefined,
    timeoutMs: number,
    maxRetries: number,
    userSignal: AbortSignal | undefined,
  ): Call {
    // An AbortController and a timer: on Node 20 this measured cheaper than AbortSignal.timeout
    // (whose timer is tracked through a FinalizationRegistry), and it runs everywhere.
    const controller = new AbortController();
    const call: Call = {
      operationId,
      path: info.path,
      kind: info.idempotencyKey ? 'read' : info.kind,
      int64Response: info.int64Response,
      bare: info.bareBody === true,
      timeoutMs,
      maxRetries,
      deadlineAt: Date.now() + timeoutMs,
      signal: controller.signal,
      controller,
      userSignal,
      timer: undefined,
      rejectStop: undefined,
      reader: undefined,
      handleEvent: forwardUserAbort,
    };
    call.timer = setTimeout(onDeadline, timeoutMs, call);
    if (userSignal) {
      if (userSignal.aborted) call.handleEvent();
      else userSignal.addEventListener('abort', call, { once: true });
    }
    return call;
  }

  /** Registers a credential the caller put in a header, so that no error can show it. */
  function addHeaderSecret(value: string): void {
    secrets.add(value);
    secrets.add(value.replace(/^\S+\s+/, ''));
  }

  /** The client's header template with a call's own headers over it (names compared without case). */
  function mergeHeaders(callHeaders: Record<string, string>): Record<string, string> {
    const merged = { ...template };
    for (const name of Object.keys(callHeaders)) {
      const lower = name.toLowerCase();
      const value = callHeaders[name] as string;
      // The body is always JSON, and with a token the token's Authorization is the one sent.
      if (lower === 'content-type' || (lower === 'authorization' && hasToken)) continue;
      if (lower === 'authorization') addHeaderSecret(value);
      for (const key of Object.keys(merged)) if (key.toLowerCase() === lower) delete merged[key];
      merged[name] = value;
    }
    return merged;
  }

  async function tokenValue(call: Call): Promise<string> {
    const token = await guard(call, new Promise<unknown>((resolve) => resolve((tokenFunction as () => unknown)())));
    if (typeof token !== 'string' || token === '' || !isHeaderValue(token)) {
      if (typeof token === 'string' && token !== '') secrets.add(token);
      throw new MilvusConfigError(
        typeof token === 'string' && token !== ''
          ? 'the `token` function returned a token with a line break or a character a header cannot carry'
          : `the \`token\` function returned ${token === '' ? 'an empty string' : typeof token}: it must return a non-empty string`,
        call,
      );
    }
    secrets.add(token);
    return token;
  }

  function tooLarge(call: Call, response: Response, option: 'maxResponseBytes' | 'maxDecompressedBytes'): MilvusHttpError {
    const limit = options[option];
    return new MilvusHttpError(
      {
        status: response.status,
        bodyExcerpt: '',
        traceId: undefined,
        reason: `the answer is larger than \`${option}\` (${limit} bytes); raise that option if answers this large are expected`,
      },
      call,
    );
  }

  /**
   * Reads a body within the size limits, counting bytes as they arrive. `trusted`: the body comes
   * from the runtime's fetch, which ends it when the signal aborts; the caller guards any other.
   */
  async function readText(call: Call, response: Response, trusted: boolean): Promise<string> {
    const { headers } = response;
    const length = headers.get('content-length');
    const encoding = headers.get('content-encoding');
    const compressed = encoding !== null && encoding !== 'identity';
    const option = compressed ? 'maxDecompressedBytes' : 'maxResponseBytes';
    const limit = options[option];
    if (length !== null) {
      const bytes = Number(length);
      if (bytes > options.maxResponseBytes) {
        response.body?.cancel().catch(noop);
        throw tooLarge(call, response, 'maxResponseBytes');
      }
      // A known, small enough length of uncompressed bytes: fetch reads no more than that.
      if (!compressed && Number.isInteger(bytes) && trusted) return response.text();
    }
    const body = response.body;
    if (!body) return '';
    const reader = body.getReader();
    if (!trusted) call.reader = reader;
    // One chunk per read; a body of one chunk (the usual small answer) is decoded without a copy,
    // more are joined by a Blob.
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        reader.cancel().catch(noop);
        throw tooLarge(call, response, option);
      }
      chunks.push(value);
    }
    call.reader = undefined;
    return utf8.decode(chunks.length === 1 ? chunks[0] : await new Blob(chunks as BlobPart[]).arrayBuffer());
  }

  /**
   * The one place an answer becomes a result or a typed error: the envelope rules, int64 ids as
   * strings, and every text an error shows redacted and bounded. Used for the server's answers and
   * for a Response that middleware supplies.
   */
  function settleAnswer(call: Call, response: Response, text: string): Attempt {
    // With int64 paths the parser makes the ids there strings, sparing a copy of the text when the
    // unsafe ones all sit there (the usual case).
    const paths = call.int64Response;
    const answer = classifyAnswer(
      response.status,
      text,
      call.bare,
      paths.length > 0 ? (body) => parseResponseJson(body, paths) : undefined,
    );
    // Parsing belongs to the deadline: an answer parsed after it is not returned.
    if (call.signal.aborted) throw call.signal.reason;
    if (answer.ok) return { ok: true, response, text, body: answer.body };
    const { status, headers } = response;
    const trace = headers.get('x-milvus-trace-id');
    const traceId = trace === null ? undefined : secrets.excerpt(trace, 128);
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'), Date.now());
    if (answer.kind === 'api') {
      const outcome: AttemptOutcome = { type: 'api', code: answer.code, httpStatus: status };
      const error = new MilvusApiError(
        {
          code: answer.code,
          serverMessage: secrets.redact(answer.message),
          httpStatus: status,
          traceId,
          retriable: isRetriable(call.kind, outcome),
        },
        call,
      );
      return { ok: false, error, outcome, retryAfterMs };
    }
    // A browser hides a redirect under redirect: 'manual' as an opaque answer with status 0.
    const redirected = (status >= 300 && status < 400) || response.type === 'opaqueredirect';
    const reason = redirected ? 'a redirect, which the client does not follow: set `endpoint` to the URL it points to' : answer.reason;
    const error = new MilvusHttpError({ status, bodyExcerpt: secrets.excerpt(text), traceId, reason }, call);
    const outcome: AttemptOutcome = { type: status >= 200 && status < 300 ? 'broken' : 'http', status };
    return { ok: false, error, outcome: redirected ? undefined : outcome, retryAfterMs };
  }

  /**
   * One request and its answer: fetch, the body and the envelope. A custom fetch's part is guarded
   * as a whole by the caller (one guard for the fetch and its body, not one each).
   */
  async function exchange(call: Call, url: string, init: RequestInit): Promise<Attempt> {
    let response: Response;
    try {
      response = await fetchImpl(url, init);
    } catch (error) {
      if (call.signal.aborted) throw call.signal.reason;
      const code = causeCode(error);
      const mayHaveReachedServer = !(code && NEVER_CONNECTED.has(code));
      const reason = secrets.excerpt(`${code ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`, 500);
      return {
        ok: false,
        error: new MilvusConnectionError(reason, mayHaveReachedServer, call, secrets.redactError(error)),
        outcome: { type: 'connection', mayHaveReachedServer },
      };
    }
    let text: string;
    try {
      text = await readText(call, response, nativeFetch);
    } catch (error) {
      if (call.signal.aborted) throw call.signal.reason;
      if (error instanceof MilvusError) return { ok: false, error, outcome: undefined };
      return {
        ok: false,
        error: new MilvusConnectionError(
          `the connection broke while reading the answer (HTTP ${response.status})`,
          true,
          call,
          secrets.redactError(error),
        ),
        outcome: { type: 'connection', mayHaveReachedServer: true },
      };
    }
    return settleAnswer(call, response, text);
  }

  /**
   * Sends a call: attempts, retries and waits until an answer, an error that may not be retried,
   * or the deadline. `callHeaders` are the call's own (checked) headers.
   */
  async function execute(
    call: Call,
    url: string,
    method: string,
    body: string,
    callHeaders: Record<string, string> | undefined,
  ): Promise<Answer> {
    const base = callHeaders ? mergeHeaders(callHeaders) : template;
    for (let retry = 0; ; retry++) {
      if (rateLimit) {
        await rateLimit.acquire(
          call.path,
          call.deadlineAt - Date.now(),
          call.signal,
          () => new MilvusTimeoutError(call.timeoutMs, call, 'no rate-limit slot'),
        );
      }
      // A copy per attempt: a custom fetch that writes into its headers must not change the template.
      const headers = { ...base };
      // Whole seconds, rounded up, so the server never gives up before the client does.
      if (sendServerHints) headers['Request-Timeout'] = String(Math.max(1, Math.ceil((call.deadlineAt - Date.now()) / 1000)));
      if (tokenFunction) headers.Authorization = `Bearer ${await tokenValue(call)}`;
      // A redirect is not followed: fetch would turn a POST into a GET on 301-303.
      const sent = exchange(call, url, { method, body, headers, signal: call.signal, redirect: 'manual' });
      const result = await (nativeFetch ? sent : guard(call, sent));
      if (result.ok) return result;
      const { error, outcome } = result;
      if (!outcome || retry >= call.maxRetries || !isRetriable(call.kind, outcome)) throw error;
      const delay = retryDelayMs(retry + 1, result.retryAfterMs, retryPolicy);
      // No retry that could not finish before the deadline: the caller gets the real error now.
      if (delay === undefined || delay >= call.deadlineAt - Date.now()) throw error;
      options.onRetry?.({ operationId: call.operationId, path: call.path, retry: retry + 1, delayMs: delay, error });
      await sleep(delay, call.signal);
    }
  }

  /** Runs a call through the middleware (a snapshot of the list taken when the call starts). */
  async function throughMiddleware(
    call: Call,
    url: string,
    body: string,
    callHeaders: Record<string, string> | undefined,
  ): Promise<Record<string, unknown>> {
    const list = middleware.slice();
    const original = new Request(url, { method: 'POST', body, headers: { ...callHeaders, 'Content-Type': 'application/json' } });
    const base = { schemaPath: call.path, params: {}, id: Math.random().toString(36).slice(2, 11), options: middlewareOptions };
    const params = (request: Request): MiddlewareCallbackParams => ({ ...base, request });
    let request = original;
    let response: Response | undefined;
    let answer: Answer | undefined;
    let own: Response | undefined;
    for (const m of list) {
      const result = await m.onRequest?.(params(request));
      if (!result) continue;
      if (result instanceof Request) request = result;
      else if (result instanceof Response) {
        response = result;
        break;
      } else throw new MilvusConfigError('middleware onRequest must return a Request, a Response or nothing', call);
    }
    if (!response) {
      try {
        const text = request === original ? body : await request.text();
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => {
          headers[name] = value;
        });
        answer = await execute(call, request.url, request.method, text, headers);
        const { status, statusText, headers: responseHeaders } = answer.response;
        own = new Response(answer.text, { status, statusText, headers: responseHeaders });
        response = own;
      } catch (error) {
        let failure: unknown = error;
        for (let i = list.length - 1; i >= 0; i--) {
          const result = await list[i]?.onError?.({ ...params(request), error: failure });
          if (!result) continue;
          if (result instanceof Response) {
            response = result;
            break;
          }
          if (!(result instanceof Error))
            throw new MilvusConfigError('middleware onError must return a Response, an Error or nothing', call);
          failure = result;
        }
        if (!response) throw failure;
      }
      for (let i = list.length - 1; i >= 0; i--) {
        const result = (await list[i]?.onResponse?.({ ...params(request), response: response as Response })) as Response | undefined;
        if (!result) continue;
        if (!(result instanceof Response)) throw new MilvusConfigError('middleware onResponse must return a Response or nothing', call);
        response = result;
      }
    }
    // The Response the transport made, untouched: its body is already parsed.
    if (answer && response === own) return answer.body;
    // A Response from middleware (a clone, a replacement, a recovery): read like a server's answer.
    const settled = settleAnswer(call, response, await guard(call, readText(call, response, false)));
    if (settled.ok) return settled.body;
    throw settled.error;
  }

  return {
    begin,
    /**
     * Sends a call, through the middleware when there is any; resolves with the success envelope,
     * or with its `data` when `unwrap` (for a body without `code`, which only an operation the spec
     * marks as envelope-less gets past the envelope rules, the whole body).
     */
    async send(call: Call, url: string, body: string, callHeaders: Record<string, string> | undefined, unwrap: boolean): Promise<unknown> {
      try {
        const envelope =
          middleware.length === 0
            ? (await execute(call, url, 'POST', body, callHeaders)).body
            : await throughMiddleware(call, url, body, callHeaders);
        return unwrap && 'code' in envelope ? envelope.data : envelope;
      } finally {
        endCall(call);
      }
    },
    use(...added: Middleware[]): void {
      for (const m of added) {
        if (!m) continue;
        if (typeof m !== 'object' || !('onRequest' in m || 'onResponse' in m || 'onError' in m)) {
          throw new MilvusConfigError('middleware must be an object with onRequest, onResponse or onError');
        }
        middleware.push(m);
      }
    },
    eject(...removed: Middleware[]): void {
      for (const m of removed) {
        const index = middleware.indexOf(m);
        if (index !== -1) middleware.splice(index, 1);
      }
    },
  };
}

export type Transport = ReturnType<typeof createTransport>;
