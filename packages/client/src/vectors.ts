// Row and query values for every vector type, in the encodings the Milvus REST server reads
// (internal/distributed/proxy/httpserver/utils.go: checkAndSetData for rows,
// convertQueries2Placeholder for search queries) and writes back in query and search rows.
//
// The server accepts base64 for BinaryVector, Float16Vector and BFloat16Vector (a JSON string is
// decoded as Go []byte), number arrays for FloatVector and Int8Vector (base64 is rejected for
// Int8Vector), and also number arrays for the two 16-bit types, which it converts itself. The
// 16-bit helpers here send base64: half the bytes of a decimal array, accepted by every server
// version, and rounded to nearest-even (the server truncates when it converts bfloat16).

import { bfloat16BitsToNumber, float16BitsToNumber, float32ToBFloat16Bits, float32ToFloat16Bits } from '@milvus-rest/wire/float16';
import { MilvusInvalidArgumentError } from './errors.js';

/** Numbers in any array-like form: a typed array or a plain array. */
export type NumericInput = ArrayLike<number>;

/** A sparse vector the helpers accept: index → value, as a Map, a record, or parallel arrays. */
export type SparseVectorInput =
  | ReadonlyMap<number, number>
  | Readonly<Record<string | number, number>>
  | { readonly indices: ArrayLike<number>; readonly values: ArrayLike<number> };

/** A sparse vector as the server reads and writes it: `{"<index>": value}`. */
export type SparseVectorRecord = Record<string, number>;

// Sparse indices are uint32, and the server reserves 2^32 - 1.
const MAX_SPARSE_INDEX = 4_294_967_294;

function invalid(message: string): never {
  throw new MilvusInvalidArgumentError(message);
}

function checkFinite(values: NumericInput, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`${what}[${i}] is ${String(value)}, not a finite number`);
  }
}

function checkNotEmpty(values: NumericInput, what: string): void {
  if (values.length === 0) invalid(`${what} is empty: a vector has at least one dimension`);
}

// btoa/atob exist in browsers, Deno, Bun, edge runtimes and Node 16+; Buffer does not everywhere.
function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function base64ToBytes(text: string, what: string): Uint8Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    invalid(`${what} is not a base64 string`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export { bfloat16BitsToNumber, float16BitsToNumber, float32ToBFloat16Bits, float32ToFloat16Bits };

function encode16(values: NumericInput, what: string, toBits: (value: number) => number, exponentMask: number): string {
  checkNotEmpty(values, what);
  checkFinite(values, what);
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) {
    const bits = toBits(values[i] as number);
    // All exponent bits set is infinity here (the inputs are finite): the server rejects it.
    if ((bits & exponentMask) === exponentMask) invalid(`${what}[${i}] is ${String(values[i])}, beyond the range of the type`);
    view.setUint16(i * 2, bits, true);
  }
  return bytesToBase64(bytes);
}

function decode16(text: string, what: string, fromBits: (bits: number) => number): Float32Array {
  const bytes = base64ToBytes(text, what);
  if (bytes.length % 2 !== 0) invalid(`${what} decodes to ${bytes.length} bytes, not a whole number of 2-byte values`);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = fromBits(view.getUint16(i * 2, true));
  return out;
}

/**
 * A FloatVector value: a plain array of numbers (what JSON can carry). The length must be the
 * field's `dim`; the server checks it.
 *
 * @example
 * await milvus.insert({ collectionName: 'books', data: [{ id: int64('449503829274509312'), vector: floatVector(embedding) }] });
 */
export function floatVector(values: NumericInput): number[] {
  checkNotEmpty(values, 'floatVector');
  checkFinite(values, 'floatVector');
  return Array.from(values);
}

/**
 * A BinaryVector value: the packed bits as a base64 string (`dim / 8` bytes). Milvus compares the
 * bytes as they are, so pack bits the same way for rows and queries ({@link packBits} does it
 * like `numpy.packbits`).
 */
export function binaryVector(bytes: Uint8Array): string {
  if (bytes.length === 0) invalid('binaryVector is empty: a vector has at least 8 dimensions');
  return bytesToBase64(bytes);
}

/**
 * Packs one bit per dimension into bytes, the first dimension in the most significant bit of the
 * first byte (as `numpy.packbits`, which pymilvus examples use). The number of bits must be a
 * multiple of 8, as a BinaryVector's `dim` is.
 */
export function packBits(bits: ArrayLike<number | boolean>): Uint8Array {
  if (bits.length === 0 || bits.length % 8 !== 0) invalid(`packBits takes a multiple of 8 bits; got ${bits.length}`);
  const bytes = new Uint8Array(bits.length / 8);
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i];
    if (bit !== 0 && bit !== 1 && bit !== true && bit !== false) invalid(`packBits: bits[${i}] is ${String(bit)}, not 0, 1 or a boolean`);
    if (bit === 1 || bit === true) bytes[i >> 3] = (bytes[i >> 3] as number) | (0x80 >> (i & 7));
  }
  return bytes;
}

/**
 * A Float16Vector value: each number rounded to IEEE half precision (nearest-even), the 2-byte
 * values little-endian, as base64. A number that rounds beyond ±65504 throws, since the server
 * rejects infinities.
 */
export function float16Vector(values: NumericInput): string {
  return encode16(values, 'float16Vector', float32ToFloat16Bits, 0x7c00);
}

/** A BFloat16Vector value: each number rounded to bfloat16 (nearest-even), little-endian, as base64. */
export function bfloat16Vector(values: NumericInput): string {
  return encode16(values, 'bfloat16Vector', float32ToBFloat16Bits, 0x7f80);
}

/**
 * An Int8Vector value: an array of integers in [-128, 127]. The server reads Int8Vector only as
 * a number array (a base64 string is rejected), though it answers with base64 (see
 * {@link decodeInt8Vector}).
 */
export function int8Vector(values: NumericInput): number[] {
  checkNotEmpty(values, 'int8Vector');
  const out = Array.from(values);
  out.forEach((value, i) => {
    if (!Number.isInteger(value) || value < -128 || value > 127)
      invalid(`int8Vector[${i}] is ${String(value)}, not an integer in [-128, 127]`);
  });
  return out;
}

function checkSparseIndex(index: number, where: string): void {
  if (!Number.isInteger(index) || index < 0 || index > MAX_SPARSE_INDEX) {
    invalid(`sparseVector: index ${where} is not an integer in [0, ${MAX_SPARSE_INDEX}]`);
  }
}

/**
 * A SparseFloatVector value, `{"<index>": value}`, from a Map, a record or parallel
 * `indices`/`values` arrays (Float32Array/Uint32Array welcome). Indices are integers in
 * [0, 4294967294] and appear once; values are finite. Keys come out in ascending index order.
 *
 * @example
 * sparseVector(new Map([[3, 0.5], [1024, 0.125]])); // { '3': 0.5, '1024': 0.125 }
 * sparseVector({ indices: new Uint32Array([3, 1024]), values: new Float32Array([0.5, 0.125]) });
 */
export function sparseVector(input: SparseVectorInput): SparseVectorRecord {
  const entries: [number, number][] = [];
  if (input instanceof Map) {
    for (const [index, value] of input as ReadonlyMap<number, number>) entries.push([index, value]);
  } else if (isParallelArrays(input)) {
    const { indices, values } = input;
    if (indices.length !== values.length) invalid(`sparseVector: ${indices.length} indices but ${values.length} values`);
    for (let i = 0; i < indices.length; i++) entries.push([indices[i] as number, values[i] as number]);
  } else {
    for (const [key, value] of Object.entries(input as Record<string, number>)) {
      if (!/^\d+$/.test(key)) invalid(`sparseVector: key ${JSON.stringify(key)} is not an index`);
      entries.push([Number(key), value]);
    }
  }
  entries.sort((a, b) => a[0] - b[0]);
  const out: SparseVectorRecord = {};
  for (let i = 0; i < entries.length; i++) {
    const [index, value] = entries[i] as [number, number];
    checkSparseIndex(index, String(index));
    if (i > 0 && (entries[i - 1] as [number, number])[0] === index) invalid(`sparseVector: index ${index} appears twice`);
    if (typeof value !== 'number' || !Number.isFinite(value))
      invalid(`sparseVector: the value at index ${index} is ${String(value)}, not a finite number`);
    out[String(index)] = value;
  }
  return out;
}

function isParallelArrays(input: SparseVectorInput): input is { indices: ArrayLike<number>; values: ArrayLike<number> } {
  const candidate = input as { indices?: unknown; values?: unknown };
  return (
    typeof candidate.indices === 'object' &&
    candidate.indices !== null &&
    'length' in candidate.indices &&
    typeof candidate.values === 'object' &&
    candidate.values !== null &&
    'length' in candidate.values
  );
}

/** The bytes of a BinaryVector as the server answers it (base64). */
export function decodeBinaryVector(value: string): Uint8Array {
  return base64ToBytes(value, 'the binary vector');
}

/** The numbers of a Float16Vector as the server answers it (base64 of little-endian halves). */
export function decodeFloat16Vector(value: string): Float32Array {
  return decode16(value, 'the float16 vector', float16BitsToNumber);
}

/** The numbers of a BFloat16Vector as the server answers it (base64 of little-endian bfloat16s). */
export function decodeBFloat16Vector(value: string): Float32Array {
  return decode16(value, 'the bfloat16 vector', bfloat16BitsToNumber);
}

/**
 * The numbers of an Int8Vector as the server answers it: base64 of the signed bytes (the server
 * writes a Go []byte); a number array is accepted as well.
 */
export function decodeInt8Vector(value: string | readonly number[]): Int8Array {
  if (typeof value !== 'string') return Int8Array.from(value);
  const bytes = base64ToBytes(value, 'the int8 vector');
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** A sparse vector as the server answers it (`{"<index>": value}`), as a Map keyed by index. */
export function decodeSparseVector(value: Readonly<Record<string, number>>): Map<number, number> {
  return new Map(
    Object.entries(value)
      .map(([key, entry]) => [Number(key), entry] as [number, number])
      .sort((a, b) => a[0] - b[0]),
  );
}
