// Entity values as the server reads them from rows (internal/distributed/proxy/httpserver/utils.go,
// checkAndSetData, and the proxy's checks that follow) and writes them back in query, get and
// search rows. Rows are re-read from the raw body, as the server does with gjson, so an int64
// keeps every digit and an explicit null stays distinguishable from a missing key.

import type { FieldDescription } from '@milvus-rest/types';
import { bfloat16BitsToNumber, float16BitsToNumber, float32ToFloat16Bits, truncateToBFloat16Bits } from '@milvus-rest/wire/float16';
import { ApiError, ErrorCode } from '../api-error.js';
import { type NumberLiterals, numberLiteral } from '../json-body.js';
import type { Collection } from './collections.js';
import type { StoredPartition } from './partitions.js';

/** A body read as the client sent it: numbers keep their literal text. */
export type ExactJson = { literals: NumberLiterals };

/** A sparse vector as stored: ascending indices and their values. */
export type SparseVector = { indices: number[]; values: number[] };

/**
 * One stored entity. Values by field: Int64 as bigint, other numbers as numbers, strings, booleans,
 * JSON documents, arrays, FloatVector and Int8Vector as number arrays, byte vectors as Uint8Array,
 * sparse vectors as {@link SparseVector}; `null` for a null.
 */
export type StoredRow = {
  pk: bigint | string;
  /** The partition that holds it (the metadata's own record: a partition made again is another one). */
  partition: StoredPartition;
  values: Map<string, unknown>;
  /** The keys of the dynamic field ($meta), when the collection has one. */
  dynamic: Map<string, unknown>;
};

/** A row as read from a request, before it gets its primary key and partition. */
export type ReadRow = {
  values: Map<string, unknown>;
  dynamic: Map<string, unknown>;
  /** The fields the row carried (for a partial update, the ones to change). */
  given: Set<string>;
};

export const VECTOR_TYPES = new Set(['FloatVector', 'BinaryVector', 'Float16Vector', 'BFloat16Vector', 'SparseFloatVector', 'Int8Vector']);
const INT_RANGES: Record<string, [bigint, bigint]> = {
  Int8: [-128n, 127n],
  Int16: [-32768n, 32767n],
  Int32: [-2147483648n, 2147483647n],
  Int64: [-(2n ** 63n), 2n ** 63n - 1n],
};
const MAX_FLOAT32 = 3.4028234663852886e38;
const MAX_SPARSE_INDEX = 4_294_967_294;
const DECIMAL = /^[+-]?\d+$/;

/** merr.WrapErrParameterInvalid: `<message>: invalid parameter[expected=..][actual=..]`. */
export function invalidValue(expected: string, actual: string, message: string): string {
  return `${message}: invalid parameter[expected=${expected}][actual=${actual}]`;
}

/** The REST layer's answer to a row it cannot read (code 1804). */
export function insertDataError(detail: string): ApiError {
  return new ApiError(ErrorCode.InvalidInsertData, `fail to deal the insert data, error: ${detail}`);
}

/** The proxy's answer to a row that does not fit the schema (code 1100, merr's wording). */
export function proxyInvalid(detail: string): ApiError {
  return new ApiError(ErrorCode.InvalidParameter, `${detail}: invalid parameter`);
}

/** The int64 a JSON number stands for, from its literal text (undefined unless a whole decimal). */
export function integerAt(json: ExactJson, holder: object, key: string | number): bigint | undefined {
  const value = (holder as Record<string | number, unknown>)[key];
  if (typeof value !== 'number') return undefined;
  const text = numberLiteral(json.literals, holder, key, value);
  return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
}

/** A JSON value with every integer beyond 2^53 as a bigint, so that it is written back exactly. */
export function exactJsonValue(json: ExactJson, holder: object, key: string | number): unknown {
  const value = (holder as Record<string | number, unknown>)[key];
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
    return integerAt(json, holder, key) ?? value;
  }
  if (Array.isArray(value)) return value.map((_item, index) => exactJsonValue(json, value, index));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: exactJsonValue(json, value, key), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** What a JSON value looks like in Go's messages (gjson's String()). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? 'null';
}

function paramOf(field: FieldDescription, key: string): string | undefined {
  return field.params?.find((param) => param.key === key)?.value;
}

/** A vector field's `dim` (0 for sparse vectors). */
export function dimOf(field: FieldDescription): number {
  return Number(paramOf(field, 'dim') ?? 0);
}

// btoa/atob are global in Node 16+; Buffer is not needed.
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Go's json.Unmarshal into []byte: standard base64 with padding; undefined when it is not. */
export function base64ToBytes(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return undefined;
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The numbers of a Float16Vector or BFloat16Vector, from its little-endian bytes. */
export function decode16(type: string, bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const bits = (bytes[i] as number) | ((bytes[i + 1] as number) << 8);
    out.push(type === 'Float16Vector' ? float16BitsToNumber(bits) : bfloat16BitsToNumber(bits));
  }
  return out;
}

// The server converts number arrays for the 16-bit types itself: float16 rounds to nearest-even,
// bfloat16 truncates (typeutil.Float32ArrayToBFloat16Bytes keeps the high half of the float32).
function encode16(type: string, values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  values.forEach((value, i) => {
    const bits = type === 'Float16Vector' ? float32ToFloat16Bits(value) : truncateToBFloat16Bits(value);
    bytes[i * 2] = bits & 0xff;
    bytes[i * 2 + 1] = bits >>> 8;
  });
  return bytes;
}

/** A sparse vector from `{"<index>": value}` or `{"indices": [...], "values": [...]}`; a message when invalid. */
export function readSparse(value: unknown): SparseVector | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'a sparse vector is a JSON object';
  const record = value as Record<string, unknown>;
  let pairs: [number, unknown][];
  if (Array.isArray(record.indices) || Array.isArray(record.values)) {
    const { indices, values } = record as { indices?: unknown; values?: unknown };
    if (!Array.isArray(indices) || !Array.isArray(values)) return 'indices and values must both be arrays';
    if (indices.length !== values.length) return 'indices and values must have the same length';
    pairs = indices.map((index, i) => [typeof index === 'number' ? index : Number.NaN, values[i]]);
  } else {
    pairs = Object.entries(record).map(([key, item]) => [/^\d+$/.test(key) ? Number(key) : Number.NaN, item]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const out: SparseVector = { indices: [], values: [] };
  for (const [index, item] of pairs) {
    if (!Number.isInteger(index) || index < 0 || index > MAX_SPARSE_INDEX)
      return `sparse vector index out of range [0, ${MAX_SPARSE_INDEX}]`;
    if (typeof item !== 'number' || !Number.isFinite(item)) return 'sparse vector values must be finite numbers';
    if (out.indices[out.indices.length - 1] === index) return `sparse vector index ${index} appears twice`;
    out.indices.push(index);
    out.values.push(item);
  }
  return out;
}

function goBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const textual = typeof value === 'number' ? String(value) : value;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(textual as string)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(textual as string)) return false;
  return undefined;
}

/** An integer of an IntN field from a JSON number (exact) or a decimal string; undefined when not one. */
function readInteger(json: ExactJson, holder: object, key: string | number, type: string): bigint | undefined {
  const value = (holder as Record<string | number, unknown>)[key];
  let result: bigint | undefined;
  if (typeof value === 'number') result = integerAt(json, holder, key);
  else if (typeof value === 'string' && DECIMAL.test(value)) result = BigInt(value);
  const range = INT_RANGES[type] as [bigint, bigint];
  return result !== undefined && result >= range[0] && result <= range[1] ? result : undefined;
}

/** One value of a scalar type (also an Array element); a message when it does not fit. */
function readScalar(json: ExactJson, holder: object, key: string | number, type: string, name: string): { value: unknown } | string {
  const value = (holder as Record<string | number, unknown>)[key];
  switch (type) {
    case 'Bool': {
      const bool = goBool(value);
      return bool === undefined
        ? invalidValue('Bool', text(value), `strconv.ParseBool: parsing ${JSON.stringify(text(value))}: invalid syntax`)
        : { value: bool };
    }
    case 'Int8':
    case 'Int16':
    case 'Int32':
    case 'Int64': {
      const integer = readInteger(json, holder, key, type);
      const [min, max] = INT_RANGES[type] as [bigint, bigint];
      if (integer === undefined) {
        return invalidValue(
          type,
          typeof value === 'number' ? numberLiteral(json.literals, holder, key, value) : text(value),
          `field ${name} value must be an integer in range [${min}, ${max}]`,
        );
      }
      return { value: type === 'Int64' ? integer : Number(integer) };
    }
    case 'Float':
    case 'Double': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) return invalidValue(type, text(value), `invalid ${type === 'Float' ? 'float' : 'double'} value`);
      if (type === 'Float' && Math.abs(number) > MAX_FLOAT32) return invalidValue(type, text(value), 'value is outside the float32 range');
      return { value: number };
    }
    case 'VarChar':
    case 'String':
    case 'Text':
      if (value !== null && typeof value === 'object') {
        return `field ${name} expects a string, got a JSON ${Array.isArray(value) ? 'array' : 'object'}: invalid parameter`;
      }
      return { value: typeof value === 'number' ? numberLiteral(json.literals, holder, key, value) : text(value) };
    case 'JSON':
      return { value: exactJsonValue(json, holder, key) };
    default:
      // Geometry, Timestamptz and the newest scalar types: kept as the text the client sent.
      return { value: text(value) };
  }
}

function readVector(field: FieldDescription, value: unknown): { value: unknown } | string {
  const type = field.type;
  const name = field.name;
  const shown = text(value);
  switch (type) {
    case 'FloatVector':
    case 'Int8Vector': {
      if (!Array.isArray(value)) {
        if (typeof value === 'string')
          return `field ${name} expects a vector, got the text of one: ${JSON.stringify(value)}: invalid parameter`;
        return invalidValue(
          type,
          shown,
          `json: cannot unmarshal ${typeof value} into Go value of type []${type === 'FloatVector' ? 'float32' : 'int8'}`,
        );
      }
      const nullAt = value.indexOf(null);
      if (nullAt >= 0) return `field ${name} has a null at index ${nullAt}; a vector element cannot be null: invalid parameter`;
      for (const item of value) {
        if (typeof item !== 'number')
          return invalidValue(
            type,
            shown,
            `json: cannot unmarshal ${typeof item} into Go value of type ${type === 'FloatVector' ? 'float32' : 'int8'}`,
          );
        if (type === 'Int8Vector' && (!Number.isInteger(item) || item < -128 || item > 127)) {
          return invalidValue(type, shown, `json: cannot unmarshal number ${item} into Go value of type int8`);
        }
      }
      return { value: value.slice() };
    }
    case 'BinaryVector':
    case 'Float16Vector':
    case 'BFloat16Vector': {
      if (Array.isArray(value) && type !== 'BinaryVector') {
        if (value.some((item) => typeof item !== 'number'))
          return invalidValue(type, shown, 'json: cannot unmarshal into Go value of type []float32');
        return { value: encode16(type, value as number[]) };
      }
      if (typeof value !== 'string') return invalidValue(type, shown, `invalid vector field: ${name}`);
      const bytes = base64ToBytes(value);
      if (!bytes) return invalidValue(type, value, 'illegal base64 data');
      return { value: bytes };
    }
    case 'SparseFloatVector': {
      const sparse = readSparse(value);
      return typeof sparse === 'string' ? invalidValue(type, shown, sparse) : { value: sparse };
    }
    default:
      return { value };
  }
}

/** How many elements a vector value has, in the field's `dim` units. */
function vectorDim(type: string, value: unknown): number {
  if (value instanceof Uint8Array) return type === 'BinaryVector' ? value.length * 8 : value.length / 2;
  return Array.isArray(value) ? value.length : 0;
}

/** The value a field's default stands for (describe's protobuf form). */
function defaultOf(field: FieldDescription): unknown {
  const data = field.defaultValue?.Data as Record<string, unknown> | undefined;
  if (!data) return undefined;
  const [kind, value] = Object.entries(data)[0] ?? [];
  if (kind === 'LongData') return BigInt(value as string);
  if (kind === 'TimestamptzData') return new Date(Number(BigInt(value as string) / 1000n)).toISOString();
  return value;
}

/** The schema facts a collection's rows are read and written with. */
export class RowSchema {
  readonly fields: FieldDescription[];
  readonly byName: Map<string, FieldDescription>;
  readonly primary: FieldDescription;
  readonly vectors: FieldDescription[];
  readonly functionOutputs: Set<string>;

  constructor(readonly collection: Collection) {
    this.fields = collection.fields;
    this.byName = new Map(this.fields.map((field) => [field.name, field]));
    // An external collection has no user primary key: the server adds a virtual one.
    this.primary = this.fields.find((field) => field.primaryKey) ?? {
      name: '__virtual_pk__',
      id: 0,
      type: 'Int64',
      primaryKey: true,
      partitionKey: false,
      clusteringKey: false,
      autoId: true,
      description: '',
      nullable: false,
    };
    this.vectors = this.fields.filter((field) => VECTOR_TYPES.has(field.type));
    this.functionOutputs = new Set(collection.functions.flatMap((fn) => fn.outputFieldNames));
  }

  get dynamicField(): boolean {
    return this.collection.enableDynamicField;
  }

  /**
   * Reads one row of an insert or upsert, as checkAndSetData does: every field in schema order,
   * then the other keys (dynamic field). `partial`: only the fields the row carries. Throws 1804
   * with the server's message when the row does not fit.
   */
  readRow(json: ExactJson, row: unknown, partial: boolean): ReadRow {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      throw insertDataError(invalidValue('JSON', text(row), 'NULL:0, FALSE:1, NUMBER:2, STRING:3, TRUE:4, JSON:5'));
    }
    const record = row as Record<string, unknown>;
    const values = new Map<string, unknown>();
    const given = new Set<string>();
    for (const field of this.fields) {
      const name = field.name;
      const present = Object.hasOwn(record, name);
      const value = record[name];
      if (partial && !present) continue;
      if (present) given.add(name);
      if ((field.nullable || field.defaultValue !== undefined) && (value === null || !present)) {
        values.set(name, !present || value === null ? (defaultOf(field) ?? null) : null);
        continue;
      }
      if (field.primaryKey && field.autoId && !present) continue;
      if (this.functionOutputs.has(name) && !present) continue;
      // The proxy fills a function's output itself (handler_v2_test.go TestDocInDocOutInsertInvalid: 1804).
      if (this.functionOutputs.has(name) && !partial) {
        throw new ApiError(ErrorCode.InvalidInsertData, 'not allowed to provide data for BM25 function output field: invalid insert data');
      }
      if (!present) throw insertDataError(`field ${name} is required: missing parameter`);
      if (value === null) throw insertDataError(`field ${name} is not nullable: invalid parameter`);
      const read = VECTOR_TYPES.has(field.type) ? readVector(field, value) : this.readField(json, record, name, field);
      if (typeof read === 'string') throw insertDataError(read);
      values.set(name, read.value);
    }
    const dynamic = new Map<string, unknown>();
    for (const key of Object.keys(record)) {
      if (this.byName.has(key)) continue;
      if (!this.dynamicField) throw insertDataError('has pass more field without dynamic schema, please check it: invalid parameter');
      if (key === '$meta') throw insertDataError('use the invalid field name($meta) when enable dynamicField: invalid parameter');
      if (record[key] === null) continue;
      dynamic.set(key, exactJsonValue(json, record, key));
      given.add(key);
    }
    return { values, dynamic, given };
  }

  private readField(json: ExactJson, record: Record<string, unknown>, name: string, field: FieldDescription): { value: unknown } | string {
    if (field.type !== 'Array') return readScalar(json, record, name, field.type, name);
    const value = record[name];
    if (!Array.isArray(value)) return `field ${name} is an array field, but the value sent is not an array: invalid parameter`;
    const nullAt = value.indexOf(null);
    if (nullAt >= 0) return `field ${name} has a null at index ${nullAt}; an array element cannot be null: invalid parameter`;
    const elementType = field.elementType ?? 'VarChar';
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const read = readScalar(json, value, i, elementType, name);
      if (typeof read === 'string')
        return read.includes('invalid parameter[') ? read : invalidValue(`Array of ${elementType}`, text(value), read);
      out.push(read.value);
    }
    return { value: out };
  }

  /**
   * The REST layer's size check of the byte vectors once the rows are columns (utils.go
   * anyToColumns, convertBinaryVectorToArray: code 1804, before any of the proxy's checks). A
   * Float16 or BFloat16 vector sent as numbers is two bytes a number by then.
   */
  checkByteVectorSizes(rows: readonly ReadRow[]): void {
    for (const field of this.fields) {
      if (field.type !== 'BinaryVector' && field.type !== 'Float16Vector' && field.type !== 'BFloat16Vector') continue;
      const dim = dimOf(field);
      const bytesLen = field.type === 'BinaryVector' ? dim / 8 : dim * 2;
      for (const row of rows) {
        const value = row.values.get(field.name);
        if (value instanceof Uint8Array && value.length !== bytesLen) {
          throw insertDataError(`[]byte size ${value.length} doesn't equal to vector dimension ${dim} of ${field.type}`);
        }
      }
    }
  }

  /**
   * The proxy's checks of a read row: vector dimensions, VarChar lengths and Array capacities
   * (code 1100). `index` is the row's position, for the messages.
   */
  checkLimits(row: ReadRow, index: number): void {
    for (const [name, value] of row.values) {
      if (value === null || value === undefined) continue;
      const field = this.byName.get(name) as FieldDescription;
      if (VECTOR_TYPES.has(field.type) && field.type !== 'SparseFloatVector') {
        const dim = dimOf(field);
        const actual = vectorDim(field.type, value);
        if (actual !== dim) {
          throw new ApiError(
            ErrorCode.InvalidParameter,
            `the dim (${actual}) of field data(${name}) is not equal to schema dim (${dim}): invalid parameter[expected=${dim}][actual=${actual}]`,
          );
        }
      }
      const maxLength = paramOf(field, 'max_length');
      const strings =
        field.type === 'Array' && STRING_ELEMENT.has(field.elementType ?? '')
          ? (value as string[])
          : typeof value === 'string' && STRING_ELEMENT.has(field.type)
            ? [value]
            : [];
      if (maxLength !== undefined) {
        for (const item of strings) {
          const length = [...item].length;
          if (length > Number(maxLength)) {
            throw proxyInvalid(
              `length of varchar field ${name} exceeds max length, row number: ${index}, length: ${length}, max length: ${maxLength}`,
            );
          }
        }
      }
      const capacity = paramOf(field, 'max_capacity');
      if (field.type === 'Array' && capacity !== undefined && (value as unknown[]).length > Number(capacity)) {
        throw proxyInvalid(
          `the length (${(value as unknown[]).length}) of ${index}th array exceeds max capacity (${capacity}) of field ${name}`,
        );
      }
    }
  }

  /** A primary key from a request (get's `id`, search's `ids`): Int64 from an exact number or a decimal string. */
  readKey(json: ExactJson, holder: object, key: string | number): bigint | string | undefined {
    const value = (holder as Record<string | number, unknown>)[key];
    if (this.primary.type === 'Int64') {
      if (typeof value === 'number') return integerAt(json, holder, key);
      if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
      return undefined;
    }
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return numberLiteral(json.literals, holder, key, value);
    return undefined;
  }
}

const STRING_ELEMENT = new Set(['VarChar', 'String', 'Text']);

/** Int64 values as the client asked for them: JSON numbers with every digit, or decimal strings. */
export function int64Out(value: bigint, int64AsNumbers: boolean): bigint | string {
  return int64AsNumbers ? value : value.toString();
}

/** A stored value as the server writes it in a row (`field` undefined: a key of the dynamic field). */
export function valueOut(field: FieldDescription | undefined, value: unknown, int64AsNumbers: boolean): unknown {
  if (value === null || value === undefined) return null;
  // A JSON document is written as it is: its numbers are JSON numbers, every digit kept.
  if (field === undefined || field.type === 'JSON') return value;
  if (typeof value === 'bigint') return int64Out(value, int64AsNumbers);
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (field?.type === 'Int8Vector') return bytesToBase64(Uint8Array.from(value as number[], (item) => item & 0xff));
  if (field?.type === 'SparseFloatVector') {
    const sparse = value as SparseVector;
    const out: Record<string, number> = {};
    sparse.indices.forEach((index, i) => {
      out[String(index)] = sparse.values[i] as number;
    });
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'bigint' ? int64Out(item, int64AsNumbers) : item));
  return value;
}

/**
 * A float32 score as Go writes it: the shortest decimal that reads back as the same float32
 * (JavaScript would print the float32's exact double expansion).
 */
export function float32Json(value: number): number {
  const single = Math.fround(value);
  if (!Number.isFinite(single)) return single;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return single;
}
