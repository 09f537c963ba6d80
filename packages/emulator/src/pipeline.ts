// One request, from socket to answer, in the server's order: CORS and OPTIONS, the request budget
// (`Request-Timeout`), authentication, routing (plain-text 404), the body, then the route's
// handler. Faults, when a test asks for them, act around the handler: "before" faults answer in
// its place, "after" faults spoil its answer.

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '@milvus-rest/wire/sleep';
import { ApiError, defaultMessage, ErrorCode } from './api-error.js';
import { authenticate, type Principal } from './auth.js';
import { authorize } from './authorization.js';
import { checkRequestBody } from './body-validation.js';
import { BAD_GATEWAY_PAGE, type Fault, type FaultSet } from './faults.js';
import { routeTable, type SpecPath } from './generated/spec.js';
import { parseRequestTimeout } from './request-budget.js';
import { stringifyResponse } from './response-json.js';
import type { HandlerTable } from './routes/index.js';
import type { RouteHandler } from './routes/route-module.js';
import { DEFAULT_DATABASE, type EmulatorStore } from './state/store.js';

/** A request as the emulator received it: tests read it to see exactly what a client sent. */
export type ReceivedRequest = {
  method: string;
  path: string;
  /** The spec's operationId of the route, when the path is one. */
  operationId: string | undefined;
  /** Header names in lower case. Credentials are not kept: `authorization` reads `Bearer [redacted]`. */
  headers: Readonly<Record<string, string>>;
  /** The body, byte for byte (as UTF-8 text). */
  body: string;
};

export type PipelineContext = {
  store: EmulatorStore;
  faults: FaultSet;
  /** A handler for every route of the spec (handlersByPath refuses to start without one). */
  handlers: HandlerTable;
  /** Accepted credentials; authentication is off when undefined. */
  credentials: readonly string[] | undefined;
  requestBudgetMs: number;
  executions: Map<string, number>;
  received: ReceivedRequest[];
  /** Timers of delayed answers, cleared when the emulator closes. */
  timers: Set<NodeJS.Timeout>;
  /** Aborts when the emulator closes, ending the wait of an injected latency. */
  closing: AbortSignal;
};

// The server's CORS middleware: every answer carries these. Request-Timeout, DB-Name and
// Accept-Type-Allow-Int64 are not allowed headers, so browsers cannot send them cross-origin;
// Idempotency-Key (import create) is.
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
  'Access-Control-Allow-Headers':
    'Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token, Authorization, accept, origin, Cache-Control, X-Requested-With, Idempotency-Key',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH',
  'X-Content-Type-Options': 'nosniff',
};
const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
/** The server's `requestbudget.MaxJSONUnitBytes`. */
const MAX_JSON_BYTES = 4 << 20;
const RECEIVED_KEPT = 1_000;

function errorBody(code: number, message: string): string {
  return JSON.stringify({ code, message });
}

/** Go's strconv.ParseBool, which the server applies to `Accept-Type-Allow-Int64`. */
function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

// Credentials are never kept: the log keeps the scheme of the Authorization header only.
function headerRecord(request: IncomingMessage): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    record[name] = name === 'authorization' ? `${/^\S+\s/.test(text) ? text.split(/\s/)[0] : ''} [redacted]`.trim() : text;
  }
  return record;
}

function readBody(request: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_JSON_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_JSON_BYTES }));
    request.on('error', reject);
  });
}

function resetConnection(request: IncomingMessage): void {
  const socket = request.socket as typeof request.socket & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** One request's answer: written at most once, even when the deadline and the handler race. */
class Answer {
  done = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly context: PipelineContext,
  ) {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) response.setHeader(name, value);
    response.setHeader('X-Milvus-Trace-Id', randomBytes(16).toString('hex'));
  }

  send(status: number, body: string, contentType = JSON_TYPE, headers: Record<string, string> = {}): void {
    if (this.done) return;
    this.done = true;
    this.response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
    this.response.end(body);
  }

  /** Sends headers at once and the body in pieces, as a slow network or proxy would. */
  trickle(status: number, body: string, chunkBytes: number, intervalMs: number): void {
    if (this.done) return;
    this.done = true;
    const bytes = Buffer.from(body);
    this.response.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': bytes.length });
    this.response.flushHeaders();
    let offset = 0;
    const timer = setInterval(() => {
      if (this.response.destroyed) {
        clearInterval(timer);
        this.context.timers.delete(timer);
        return;
      }
      const piece = bytes.subarray(offset, offset + chunkBytes);
      offset += piece.length;
      if (offset >= bytes.length) {
        clearInterval(timer);
        this.context.timers.delete(timer);
        this.response.end(piece);
      } else {
        this.response.write(piece);
      }
    }, intervalMs);
    this.context.timers.add(timer);
  }

  reset(request: IncomingMessage): void {
    if (this.done) return;
    this.done = true;
    resetConnection(request);
  }

  notFound(): void {
    this.send(404, '404 page not found', TEXT_TYPE);
  }
}

/** Answers a "before" fault in the server's place; returns whether it did. */
function answerFault(fault: Fault, answer: Answer, request: IncomingMessage): boolean {
  switch (fault.type) {
    case 'reset':
      if ((fault.when ?? 'beforeExecution') !== 'beforeExecution') return false;
      answer.reset(request);
      return true;
    case 'status': {
      if (fault.status === 429) {
        const body = fault.body ?? errorBody(ErrorCode.TooManyRequests, defaultMessage(ErrorCode.TooManyRequests));
        answer.send(429, body, fault.contentType ?? JSON_TYPE, {
          'Retry-After': String(fault.retryAfterSeconds ?? 1),
          'Access-Control-Expose-Headers': 'Retry-After',
        });
        return true;
      }
      const headers: Record<string, string> =
        fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
      const reason = fault.status === 503 ? 'Service Unavailable' : `HTTP ${fault.status}`;
      answer.send(fault.status, fault.body ?? reason, fault.contentType ?? TEXT_TYPE, headers);
      return true;
    }
    case 'error':
      answer.send(200, errorBody(fault.code, fault.message ?? defaultMessage(fault.code)));
      return true;
    case 'badGateway':
      answer.send(502, BAD_GATEWAY_PAGE, 'text/html');
      return true;
    case 'notFound':
      answer.notFound();
      return true;
    default:
      return false;
  }
}

/** Sends the handler's answer, spoiled by any "after" fault. */
function sendAnswer(answer: Answer, request: IncomingMessage, text: string, faults: Fault[], status = 200): void {
  const fault = faults.find(
    (candidate) =>
      (candidate.type === 'reset' && candidate.when === 'afterExecution') ||
      candidate.type === 'truncatedJson' ||
      candidate.type === 'slowBody',
  );
  if (fault?.type === 'reset') answer.reset(request);
  else if (fault?.type === 'truncatedJson') answer.send(200, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
  else if (fault?.type === 'slowBody') answer.trickle(200, text, fault.chunkBytes ?? 16, fault.intervalMs ?? 20);
  else answer.send(status, text);
}

function execute(
  path: SpecPath,
  handler: RouteHandler,
  bodyText: string,
  request: IncomingMessage,
  context: PipelineContext,
  principal: Principal | undefined,
): { status: number; text: string } {
  const route = routeTable[path];
  const checked = checkRequestBody(path, bodyText, handler.requestStruct);
  if (!checked.ok) return { status: 200, text: errorBody(checked.error.code, checked.error.message) };
  const bodyDb = route.takesDbName ? checked.body.dbName : undefined;
  const headerDb = request.headers['db-name'];
  const dbName =
    typeof bodyDb === 'string' && bodyDb !== '' ? bodyDb : typeof headerDb === 'string' && headerDb !== '' ? headerDb : DEFAULT_DATABASE;
  const handlerContext = {
    store: context.store,
    dbName,
    headers: request.headers,
    int64AsNumbers: parseGoBool(request.headers['accept-type-allow-int64'] as string | undefined) ?? true,
    raw: checked.raw,
    principal,
  };
  // The REST layer's privilege check (authorization.ts): the server did not act on a 403.
  const denied = principal && authorize(context.store, path, checked.body, dbName, principal);
  if (denied) return { status: denied.httpStatus, text: errorBody(denied.code, denied.message) };
  context.executions.set(route.operationId, (context.executions.get(route.operationId) ?? 0) + 1);
  try {
    handler.check?.(checked.body, handlerContext);
    if (checked.invalid) throw checked.invalid;
    const envelope = handler.handle(checked.body, handlerContext);
    return { status: 200, text: stringifyResponse(envelope, route.int64Response) };
  } catch (error) {
    if (error instanceof ApiError) return { status: error.httpStatus, text: errorBody(error.code, error.message) };
    throw error;
  }
}

/** Handles one HTTP request. */
export async function handleRequest(request: IncomingMessage, response: ServerResponse, context: PipelineContext): Promise<void> {
  const answer = new Answer(response, context);
  if (request.method === 'OPTIONS') {
    answer.done = true;
    response.writeHead(204);
    response.end();
    request.resume();
    return;
  }
  const timeout = parseRequestTimeout(request.headers['request-timeout'] as string | undefined);
  if (!timeout.ok) {
    request.resume();
    return answer.send(200, errorBody(ErrorCode.InvalidParameter, timeout.message));
  }
  const budgetMs = Math.min(context.requestBudgetMs, timeout.ms ?? Number.POSITIVE_INFINITY);
  const deadline = setTimeout(() => {
    context.timers.delete(deadline);
    answer.send(408, errorBody(ErrorCode.RequestTimeout, defaultMessage(ErrorCode.RequestTimeout)));
  }, budgetMs);
  context.timers.add(deadline);
  try {
    let principal: Principal | undefined;
    if (context.credentials) {
      const auth = authenticate(request.headers.authorization, context.credentials, context.store.rbac);
      if (!auth.ok) {
        request.resume();
        const headers: Record<string, string> = auth.basic ? { 'WWW-Authenticate': 'Basic realm="restricted", charset="UTF-8"' } : {};
        return answer.send(401, errorBody(ErrorCode.NotAuthenticated, defaultMessage(ErrorCode.NotAuthenticated)), JSON_TYPE, headers);
      }
      principal = auth.principal;
    }
    const path = (request.url ?? '/').split('?')[0] as string;
    const route = Object.hasOwn(routeTable, path) ? routeTable[path as SpecPath] : undefined;
    if (request.method !== 'POST' || !route) {
      request.resume();
      return answer.notFound();
    }
    const body = await readBody(request);
    if (answer.done) return;
    context.received.push({
      method: request.method,
      path,
      operationId: route.operationId,
      headers: headerRecord(request),
      body: body.text,
    });
    if (context.received.length > RECEIVED_KEPT) context.received.shift();

    const faults = context.faults.take(path);
    for (const fault of faults) if (answerFault(fault, answer, request)) return;
    const latency = faults.reduce((total, fault) => total + (fault.type === 'latency' ? fault.ms : 0), 0);
    // A close during the latency ends the wait, and the request with it.
    if (
      latency > 0 &&
      !(await sleep(latency, context.closing).then(
        () => true,
        () => false,
      ))
    )
      return;
    if (answer.done) return; // the deadline passed during the latency: the server never acted

    if (body.tooLarge) {
      return answer.send(200, errorBody(ErrorCode.InvalidParameter, `REST JSON request unit exceeds the ${MAX_JSON_BYTES} byte limit`));
    }
    const { status, text } = execute(path as SpecPath, context.handlers[path as SpecPath], body.text, request, context, principal);
    clearTimeout(deadline);
    context.timers.delete(deadline);
    sendAnswer(answer, request, text, faults, status);
  } catch (error) {
    // A bug of the emulator: answer like gin's recovery would, and say what broke.
    answer.send(500, errorBody(ErrorCode.Unexpected, `emulator error: ${error instanceof Error ? error.message : String(error)}`));
  } finally {
    clearTimeout(deadline);
    context.timers.delete(deadline);
  }
}
