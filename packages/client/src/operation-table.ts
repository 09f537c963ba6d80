// The operation table: the generated compact rows (generated/operations.ts) decoded once, on first
// use, into the facts the transport reads. Compact because every bundle carries it: as an object
// literal it was 14.8 kB of a 51 kB minified consumer bundle.

import { encodedOperations, type OperationId, type OperationPaths } from './generated/operations.js';
import type { JsonPath } from './int64.js';
import type { OperationKind } from './retry.js';

/** What the client knows about one operation at run time: a row of the generated operation table. */
export type OperationInfo = {
  readonly path: string;
  readonly kind: OperationKind;
  readonly takesDbName: boolean;
  readonly int64Request: readonly JsonPath[];
  readonly int64Response: readonly JsonPath[];
  /** The spec says the success body has no envelope (resource_groups/describe). */
  readonly bareBody?: boolean;
  /** The spec declares an `Idempotency-Key` header: the server runs each key once, so the write may be resent. */
  readonly idempotencyKey?: boolean;
};

/** The operation table's type: each operation's facts, with its route as a literal. */
export type OperationTable = { readonly [K in OperationId]: OperationInfo & { readonly path: OperationPaths[K] } };

const jsonPaths = (text: string | undefined): JsonPath[] => (text ? text.split(';').map((path) => path.split('.')) : []);

let decoded: Map<string, OperationInfo> | undefined;

/** Every operation's facts by operationId, in the spec's order; decoded on the first call. */
export function operations(): Map<string, OperationInfo> {
  if (decoded) return decoded;
  decoded = new Map();
  for (const row of encodedOperations) {
    const [operationId = '', path = '', flags = '', request, response] = row.split(' ');
    decoded.set(operationId, {
      path,
      kind: flags[0] === 'r' ? 'read' : 'write',
      takesDbName: flags.includes('d'),
      int64Request: jsonPaths(request),
      int64Response: jsonPaths(response),
      bareBody: flags.includes('b'),
      idempotencyKey: flags.includes('i'),
    });
  }
  return decoded;
}

/**
 * What the client knows at run time about each operation, by operationId: its route, whether it
 * is a read (safe to retry after a reset), whether it takes `dbName`, where int64 values that may
 * exceed 2^53 sit in its request and response (`[]` is every array item, `{}` every map value),
 * whether its success body has no envelope (`bareBody`) and whether it takes an `Idempotency-Key`
 * header (`idempotencyKey`).
 */
export const operationTable: OperationTable = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.fromEntries(/* @__PURE__ */ operations()),
) as OperationTable;
