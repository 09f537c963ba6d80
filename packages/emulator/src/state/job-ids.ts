// Job ids sent as decimal strings (import commit/abort, snapshot job describes, unpin): the REST
// handler parses them with strconv.ParseInt and answers code 1100 when that fails.

import { ApiError, ErrorCode } from '../api-error.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Parses a decimal int64 the way Go's strconv.ParseInt(value, 10, 64) does, or throws the server's 1100. */
export function parseDecimalId(value: string, field: string): bigint {
  const fail = (reason: string) =>
    new ApiError(
      ErrorCode.InvalidParameter,
      `strconv.ParseInt: parsing ${JSON.stringify(value)}: ${reason}: invalid parameter[expected=int64 ${field}][actual=${value}]`,
    );
  if (!/^[+-]?\d+$/.test(value)) throw fail('invalid syntax');
  const id = BigInt(value);
  if (id < INT64_MIN || id > INT64_MAX) throw fail('value out of range');
  return id;
}
