// What a route module is: the handlers of one resource (collections, refresh jobs, ...), each typed
// by the spec's generated `paths`, so that a change of the spec that a handler does not follow is
// a type error, not a silent drift.
//
// A handler receives the checked body (int64s at the spec's int64 paths are exact decimal
// strings) and returns the success envelope the spec declares; it throws an ApiError for any
// error envelope.

import type { IncomingHttpHeaders } from 'node:http';
import type { paths } from '@milvus-rest/types';
import type { Principal } from '../auth.js';
import type { RawBody } from '../body-validation.js';
import type { SpecPath } from '../generated/spec.js';
import type { EmulatorStore } from '../state/store.js';

/** A route that both the generated route table and the generated types know. */
export type RoutePath = SpecPath & keyof paths;

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Operation<P extends RoutePath> = paths[P] extends { post: infer Op } ? Op : never;

/** The JSON body of a route's request, as the spec types it. */
export type RequestBodyOf<P extends RoutePath> =
  Operation<P> extends { requestBody: infer B }
    ? JsonContent<B>
    : Operation<P> extends { requestBody?: infer B }
      ? JsonContent<NonNullable<B>>
      : Record<string, never>;

// The error envelope is the member whose `code` is any number; success bodies have 0 | 200 (or,
// like resource_groups/describe, no envelope at all).
type WithoutErrorEnvelope<T> = T extends { code: infer Code } ? (number extends Code ? never : T) : T;

/** The success answer of a route: its HTTP 200 body, without the error envelope. */
export type SuccessBodyOf<P extends RoutePath> = WithoutErrorEnvelope<
  Operation<P> extends { responses: { 200: infer R } } ? JsonContent<R> : never
>;

/** What a handler knows about the request besides its body. */
export type HandlerContext = {
  store: EmulatorStore;
  /** The database: the body's `dbName`, else the `DB-Name` header, else `default`. */
  dbName: string;
  headers: IncomingHttpHeaders;
  /** `Accept-Type-Allow-Int64` (Go ParseBool; true when absent): whether row int64s are numbers. */
  int64AsNumbers: boolean;
  /**
   * The body as the client sent it, from the pipeline's one decode: nulls kept, numbers with
   * their literal text. The server re-reads entity rows, exprParams and ids from the raw bytes
   * (gjson), where int64s keep every digit and explicit nulls stay; handlers that do the same
   * read this.
   */
  raw: RawBody;
  /** Who the request runs as, when authentication is on (routes such as jobs/import/list filter by it). */
  principal?: Principal;
};

/** A route with its handler, as the pipeline calls it. */
export type RouteHandler = {
  path: SpecPath;
  /** The Go struct the server binds the body to: it appears in 1801/1802 messages. */
  requestStruct: string;
  /** The handler's own checks that the server makes before the spec's other rules (see defineRoute). */
  check?(body: Record<string, unknown>, context: HandlerContext): void;
  handle(body: Record<string, unknown>, context: HandlerContext): unknown;
};

/** The routes of one resource: one module per resource under src/routes/. */
export type RouteModule = {
  /** The resource, such as `collections` or `jobs/external_collection`. */
  resource: string;
  routes: readonly RouteHandler[];
};

/**
 * Declares the handler of one route of the spec, typed by the route's generated request and answer.
 *
 * A body reaches `check` and `handle` only once it has the spec's JSON types and required fields
 * (else 1801/1802, as the server's binding answers). If it breaks another rule of the spec (an
 * enum, a range: code 1100), `check` runs first, so that a route can answer the server's more
 * specific error; `handle` then never sees the body. `check` must not change the store.
 */
export function defineRoute<P extends RoutePath>(
  path: P,
  // NoInfer: P comes from `path` alone, so the handler's `code: 0` keeps its literal type.
  route: NoInfer<{
    requestStruct: string;
    check?(body: RequestBodyOf<P>, context: HandlerContext): void;
    handle(body: RequestBodyOf<P>, context: HandlerContext): SuccessBodyOf<P>;
  }>,
): RouteHandler {
  const { check } = route;
  return {
    path,
    requestStruct: route.requestStruct,
    check: check && ((body, context) => check(body as RequestBodyOf<P>, context)),
    handle: (body, context) => route.handle(body as RequestBodyOf<P>, context),
  };
}
