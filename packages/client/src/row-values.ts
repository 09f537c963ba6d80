// Exact int64 values inside rows. Rows are free-form objects (their shape is the collection's
// schema), so the spec cannot say which row fields are Int64 and the client cannot convert them:
// a string stays a JSON string and a number above 2^53 has already lost digits. A bigint is the
// one JavaScript value the client writes as a bare JSON number with every digit, wherever it is.

import { MilvusInvalidArgumentError } from './errors.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^-?\d+$/;

/**
 * An Int64 row value (a primary key or an Int64 field) as a bigint, checked to be an exact int64,
 * for `insert`, `upsert` rows and `exprParams`: the client writes it as a JSON number with all its
 * digits. Accepts a decimal string (such as an id read back from the server), a bigint, or a
 * safe-integer number; throws a `MilvusInvalidArgumentError` for anything that would lose or
 * invent digits.
 *
 * The server also accepts a decimal string for an Int64 field or key in a row, but older servers
 * reject strings inside Int64 arrays; a bigint is read the same way by every version.
 *
 * @example
 * await milvus.insert({ collectionName: 'books', data: [{ id: int64('449503829274509312'), vector: [0.1, 0.2] }] });
 */
export function int64(value: string | bigint | number): bigint {
  let result: bigint;
  if (typeof value === 'bigint') {
    result = value;
  } else if (typeof value === 'string') {
    if (!DECIMAL.test(value)) {
      throw new MilvusInvalidArgumentError(`int64: ${JSON.stringify(value)} is not a decimal integer`);
    }
    result = BigInt(value);
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new MilvusInvalidArgumentError(
        `int64: ${String(value)} is not a safe integer: a number above 2^53 has already lost digits. Pass the id as a string or a bigint.`,
      );
    }
    result = BigInt(value);
  } else {
    throw new MilvusInvalidArgumentError(`int64: expected a string, a bigint or a number, not ${typeof value}`);
  }
  if (result < INT64_MIN || result > INT64_MAX) {
    throw new MilvusInvalidArgumentError(`int64: ${result.toString()} is outside the int64 range`);
  }
  return result;
}
