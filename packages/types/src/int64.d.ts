/**
 * An int64 as the SDK hands it to you: its exact decimal digits, since Milvus ids (around 4.5e17)
 * are beyond the 2^53 a JavaScript number holds. A server that uses non-numeric ids (Zilliz Cloud
 * project endpoints answer `job-…`) has them passed through unchanged.
 */
export type Int64 = string;

/**
 * An int64 as you may pass it: decimal digits as a string, a bigint, or a number that is a safe
 * integer. `@milvus-rest/client` writes it to the server as a JSON number with every digit.
 */
export type Int64Input = string | bigint | number;
