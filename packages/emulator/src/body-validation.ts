// Turns a request body into what a handler receives, or into the answer the server gives a bad
// body. The server binds JSON into one Go struct per route with gin, in stages, and the earliest
// failing stage decides:
//   1801  the body is empty, is not JSON, or a value has the wrong JSON type for the Go field
//         (Go's decoder; a field's Go type is what every form of the spec's schema agrees on);
//   1802  a `binding:"required"` field is missing, an empty string or a zero number (go-playground
//         validator; it checks nested structs but not the elements of slices);
//   1100  any other rule of the spec (enums, ranges, one of several forms, fields given
//         together), which the server's handler checks.
// A null is a Go zero value (a nil pointer fails `required`; otherwise the field is left unset);
// unknown keys are ignored. A key binds to a struct field as Go's decoder binds it: by the exact
// name, else by the first field whose name matches it case-insensitively (`CollectionName` is
// `collectionName`), in nested structs too; keys of maps, and the keys a handler re-reads with
// gjson (`x-milvus-gjson`), match exactly: such a key in another case binds to the struct's field
// (its rules see it), but the handler's re-read does not find it.

import { forEachAtPath } from '@milvus-rest/wire/json-path';
import type { ErrorObject } from 'ajv';
import { ApiError, ErrorCode, invalidParameter } from './api-error.js';
import { routeTable, type SpecPath } from './generated/spec.js';
import { decodeBody, type NumberLiterals, numberLiteral } from './json-body.js';
import { refName, requestSchema, type Schema, schemaDefinitions, validateRequestBody } from './spec-schemas.js';

const FORMAT_PREFIX = 'can only accept json format request';

/**
 * A body the server would bind: int64 values at the spec's int64 paths are exact decimal strings.
 * `invalid` is set when the body breaks a rule of the spec that the server's handler checks
 * (code 1100): the route may answer first with a more specific error of its own.
 */
/** A body as the client sent it: nulls kept, numbers as parsed, with the literal text of each number. */
export type RawBody = { body: Record<string, unknown>; literals: NumberLiterals };

/**
 * A body read once: `body` as the spec's rules see it (nulls dropped, int64s at the spec's paths
 * as exact decimal strings), and `raw`, the same decode as the client sent it, for the handlers
 * that read rows and template values as the server does (from the raw bytes).
 */
export type CheckedBody =
  | { ok: true; body: Record<string, unknown>; raw: RawBody; invalid: ApiError | undefined }
  | { ok: false; error: ApiError };

/**
 * The Go field name of a JSON key, as the validator prints it (`jobId` → `JobID`,
 * `transfer_from` → `TransferFrom`).
 */
export function goFieldName(jsonName: string): string {
  const pascal = jsonName
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return pascal.replace(/Id$/, 'ID').replace(/Ids$/, 'IDs');
}

type SchemaNode = Schema | boolean;

/** A schema with its `$ref`s followed (siblings of a `$ref`, such as minLength, are kept). */
function resolve(schema: SchemaNode | undefined): { schema: Schema | undefined; component: string | undefined } {
  if (schema === undefined || typeof schema === 'boolean') return { schema: undefined, component: undefined };
  let current: Schema | undefined = schema;
  let component: string | undefined;
  for (let hops = 0; current?.$ref && hops < 32; hops++) {
    component = refName(current.$ref);
    const target: Schema | undefined = schemaDefinitions()[component];
    const { $ref: _ref, ...siblings } = current;
    current = target ? { ...target, ...siblings } : undefined;
  }
  return { schema: current, component };
}

/**
 * What the Go struct field behind a schema looks like: the union of every form the spec allows
 * (allOf, oneOf, anyOf branches), since the server binds one struct whatever the form.
 */
class GoShape {
  private flat: { schema: Schema; component: string | undefined }[] | undefined;

  constructor(private readonly schemas: readonly SchemaNode[]) {}

  private flattened() {
    if (this.flat) return this.flat;
    const out: { schema: Schema; component: string | undefined }[] = [];
    const visit = (node: SchemaNode | undefined, depth: number) => {
      const { schema, component } = resolve(node);
      if (!schema || depth > 16) return;
      out.push({ schema, component });
      for (const branch of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) visit(branch, depth + 1);
    };
    for (const schema of this.schemas) visit(schema, 0);
    this.flat = out;
    return out;
  }

  /** Whether the Go field is an interface{} (`x-milvus-go-type: any`): the decoder takes any value. */
  isInterface(): boolean {
    return this.flattened().some(({ schema }) => schema['x-milvus-go-type'] === 'any');
  }

  /**
   * Whether the handler holds an interface{} to the types the spec lists, answering another with
   * code 1100 in its own words (`x-milvus-type-error`); otherwise the server takes any value.
   */
  handlerChecksType(): boolean {
    return this.flattened().some(({ schema }) => schema['x-milvus-type-error'] !== undefined);
  }

  /** The JSON types the field takes, or undefined when any will do. */
  types(): Set<string> | undefined {
    const types = new Set<string>();
    // A Go interface{}: the decoder takes any value, whatever the spec lists.
    if (this.isInterface()) return undefined;
    for (const { schema } of this.flattened()) {
      for (const type of Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []) types.add(type);
    }
    return types.size > 0 ? types : undefined;
  }

  intKind(): GoIntKind {
    const schemas = this.flattened().map(({ schema }) => schema);
    if (schemas.some((schema) => schema['x-milvus-go-type'] === 'uint64')) return 'uint64';
    return schemas.some((schema) => schema.format === 'int32') ? 'int32' : 'int64';
  }

  component(): string | undefined {
    return this.flattened().find(({ component, schema }) => component && schema.properties)?.component;
  }

  hasProperties(): boolean {
    return this.flattened().some(({ schema }) => schema.properties !== undefined);
  }

  /** Whether Go binds this object to a struct, whose keys match case-insensitively, rather than to a map. */
  isStruct(): boolean {
    const schemas = this.flattened().map(({ schema }) => schema);
    return schemas.some((schema) => schema.properties !== undefined) && !schemas.some((schema) => schema['x-milvus-go-type'] === 'map');
  }

  /**
   * The struct field a key binds to, as Go's decoder finds it: the field of that exact name, else
   * the first whose name folds to the same letters, leaving out the keys read with gjson.
   */
  fieldFor(key: string): string | undefined {
    this.fieldsByFold ??= this.foldedFields();
    const exact = this.flattened().some(({ schema }) => schema.properties !== undefined && Object.hasOwn(schema.properties, key));
    return exact ? key : this.fieldsByFold.get(foldKey(key));
  }

  private fieldsByFold: Map<string, string> | undefined;

  private foldedFields(): Map<string, string> {
    const byFold = new Map<string, string>();
    for (const { schema } of this.flattened()) {
      for (const name of Object.keys(schema.properties ?? {})) {
        // A branch of oneOf may name the key again without the mark.
        if (this.isGjsonField(name)) continue;
        if (!byFold.has(foldKey(name))) byFold.set(foldKey(name), name);
      }
    }
    return byFold;
  }

  property(name: string): GoShape | undefined {
    const found: SchemaNode[] = [];
    for (const { schema } of this.flattened()) {
      const property = schema.properties?.[name] as SchemaNode | undefined;
      if (property !== undefined) found.push(property);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') found.push(schema.additionalProperties);
    }
    return found.length > 0 ? new GoShape(found) : undefined;
  }

  /** Whether every JSON type the field takes is a scalar: nothing inside it can need a key bound. */
  holdsOnlyScalars(): boolean {
    const types = this.types();
    return types !== undefined && !types.has('object') && !types.has('array');
  }

  /** The field read with gjson that `key` binds to when it differs from the field's name only in case. */
  gjsonFieldFor(key: string): string | undefined {
    this.gjsonByFold ??= this.foldedGjsonFields();
    if (this.gjsonByFold.size === 0) return undefined;
    const name = this.gjsonByFold.get(foldKey(key));
    if (name === undefined || name === key) return undefined;
    const exact = this.flattened().some(({ schema }) => schema.properties !== undefined && Object.hasOwn(schema.properties, key));
    return exact ? undefined : name;
  }

  private gjsonByFold: Map<string, string> | undefined;

  private foldedGjsonFields(): Map<string, string> {
    const byFold = new Map<string, string>();
    for (const { schema } of this.flattened()) {
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (isGjsonKey(property)) byFold.set(foldKey(name), name);
      }
    }
    return byFold;
  }

  /** Whether the struct's field `name` is one the handler re-reads with gjson. */
  isGjsonField(name: string): boolean {
    return this.flattened().some(({ schema }) => isGjsonKey(schema.properties?.[name] as SchemaNode | undefined));
  }

  items(): GoShape | undefined {
    const found = this.flattened().flatMap(({ schema }) => (schema.items === undefined ? [] : [schema.items as SchemaNode]));
    return found.length > 0 ? new GoShape(found) : undefined;
  }

  /** How Go names the field's type in a decode error. */
  goTypeName(): string {
    const types = this.types();
    const type = types ? [...types].find((item) => item !== 'null') : undefined;
    switch (type) {
      case 'integer':
        return this.intKind();
      case 'number':
        return 'float64';
      case 'string':
        return 'string';
      case 'boolean':
        return 'bool';
      case 'array':
        return `[]${this.items()?.goTypeName() ?? 'interface {}'}`;
      case 'object': {
        const component = this.component();
        return component ? `httpserver.${component}` : 'map[string]interface {}';
      }
      default:
        return 'interface {}';
    }
  }
}

type GoIntKind = 'int32' | 'int64' | 'uint64';

/**
 * A key as Go's encoding/json compares it with a field name (bytes.EqualFold): ASCII letters in
 * one case, and the two non-ASCII letters that fold onto ASCII ones (the Kelvin sign onto K, the
 * long s onto S). No other character folds onto the ASCII of a field name.
 */
function foldKey(key: string): string {
  let folded = '';
  for (const char of key) folded += char === '\u212a' ? 'K' : char === '\u017f' ? 'S' : char < '\u0080' ? char.toUpperCase() : char;
  return folded;
}

/** A property the handler re-reads from the raw body with gjson, which matches its key exactly. */
function isGjsonKey(property: SchemaNode | undefined): boolean {
  return typeof property === 'object' && property['x-milvus-gjson'] === true;
}

// `x-milvus-go-type: uint64` marks the few Go uint64 fields (the spec writes them as int64s so
// that the generators keep them exact).
const GO_INT_RANGES: Record<GoIntKind, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (value !== null && typeof value === 'object') return 'object';
  return typeof value;
}

/** Whether Go's decoder takes this value into a field of these JSON types. */
function decodes(value: unknown, literal: string, shape: GoShape, types: Set<string>): boolean {
  if (Array.isArray(value)) return types.has('array');
  if (value !== null && typeof value === 'object') return types.has('object');
  if (typeof value === 'string') return types.has('string');
  if (typeof value === 'boolean') return types.has('boolean');
  if (typeof value === 'number') {
    if (types.has('number')) return true;
    if (!types.has('integer') || !/^-?\d+$/.test(literal)) return false;
    const [min, max] = GO_INT_RANGES[shape.intKind()];
    return BigInt(literal) >= min && BigInt(literal) <= max;
  }
  return true;
}

/**
 * The body with each key under the struct field name it binds to (see {@link GoShape.fieldFor}),
 * in structs nested in structs, slices and maps too; a key that binds to no field is left as it
 * is (Go ignores it), and of two keys that bind to one field the later wins, as Go decodes them in
 * order. Subtrees with nothing to rename are returned as they are, and a renamed holder gets the
 * number literals of the one it copies, under the new keys.
 */
function bindKeys(value: unknown, shape: GoShape | undefined, literals: NumberLiterals): unknown {
  if (!shape || value === null || typeof value !== 'object' || shape.holdsOnlyScalars()) return value;
  if (Array.isArray(value)) {
    const items = shape.items();
    if (!items || items.holdsOnlyScalars()) return value;
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const bound = bindKeys(value[index], items, literals);
      if (bound === value[index]) continue;
      copy ??= value.slice();
      copy[index] = bound;
    }
    if (!copy) return value;
    const own = literals.get(value);
    if (own) literals.set(copy, own);
    return copy;
  }
  const record = value as Record<string, unknown>;
  const struct = shape.isStruct();
  let changed = false;
  const entries: [string, string, unknown][] = [];
  for (const [key, item] of Object.entries(record)) {
    const field = struct ? (shape.fieldFor(key) ?? key) : key;
    // A key read with gjson keeps its subtree as the client sent it: the handler reads it raw.
    const bound = struct && shape.isGjsonField(field) ? item : bindKeys(item, shape.property(field), literals);
    changed ||= field !== key || bound !== item;
    entries.push([key, field, bound]);
  }
  return changed ? rekeyed(record, entries, literals) : value;
}

/**
 * A copy of `record` with each `[key, field, value]` entry's value under `field`, in entry order
 * (of two keys for one field, the later wins, as in Go), and the number literals of the keys moved
 * with them.
 */
function rekeyed(
  record: Record<string, unknown>,
  entries: Iterable<[string, string, unknown]>,
  literals: NumberLiterals,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  const own = literals.get(record);
  const moved = new Map<string | number, string>();
  for (const [key, field, bound] of entries) {
    // defineProperty keeps `__proto__` an ordinary key.
    Object.defineProperty(copy, field, { value: bound, enumerable: true, writable: true, configurable: true });
    const literal = own?.get(key);
    if (literal === undefined) moved.delete(field);
    else moved.set(field, literal);
  }
  if (moved.size > 0) literals.set(copy, moved);
  return copy;
}

/** A key as a JSON pointer segment, as ajv writes it in `instancePath`. */
function pointerSegment(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The body as Go's decoder binds it where `raw` keeps the keys a handler re-reads with gjson as the
 * client wrote them (`bindKeys`): a key that folds onto such a field (`{"Data": [...]}`) binds to
 * it, so the struct's rules see it, while the handler's exact re-read of `data` finds nothing.
 * Such keys are top-level only.
 */
function bindGjsonKeys(raw: Record<string, unknown>, shape: GoShape, literals: NumberLiterals): Record<string, unknown> {
  const folded = Object.keys(raw).filter((key) => shape.gjsonFieldFor(key) !== undefined);
  if (folded.length === 0) return raw;
  // Keys in the client's order: of two keys for one field, Go keeps the later.
  return rekeyed(
    raw,
    Object.entries(raw).map(([key, item]): [string, string, unknown] => [key, shape.gjsonFieldFor(key) ?? key, item]),
    literals,
  );
}

/**
 * Walks the body like Go's decoder walks the struct, and returns its first type error (Go's
 * message), or undefined. `structName` is the innermost struct, `fieldPath` the JSON names from the
 * root: both appear in Go's message. The JSON pointers (from `pointer`, the value's own) of the
 * values that land in a Go interface{} the server takes whatever they hold go to `anyValues`:
 * the spec's rules do not apply under them.
 */
function decodeError(
  value: unknown,
  shape: GoShape,
  literals: NumberLiterals,
  structName: string,
  fieldPath: string[],
  pointer: string,
  anyValues: string[],
): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [string | number, unknown, GoShape | undefined, string[], string][] = Array.isArray(value)
    ? value.map((item, index) => [index, item, shape.items(), fieldPath, structName])
    : Object.entries(value).map(([key, item]) => [
        key,
        item,
        shape.property(key),
        [...fieldPath, key],
        fieldPath.length === 0 ? structName : (shape.component() ?? structName),
      ]);
  for (const [key, item, itemShape, itemPath, holderStruct] of entries) {
    if (!itemShape) continue; // a key the struct does not have: Go ignores it
    if (itemShape.isInterface()) {
      // Go's decoder takes any value here, and nothing inside it is bound to a struct.
      if (!itemShape.handlerChecksType()) anyValues.push(`${pointer}/${pointerSegment(key)}`);
      continue;
    }
    const types = itemShape.types();
    const literal = typeof item === 'number' ? numberLiteral(literals, value, key, item) : '';
    if (types && !decodes(item, literal, itemShape, types)) {
      const what = typeof item === 'number' && !types.has('number') && types.has('integer') ? `number ${literal}` : jsonKind(item);
      return `json: cannot unmarshal ${what} into Go struct field ${holderStruct}.${itemPath.join('.')} of type ${itemShape.goTypeName()}`;
    }
    if (item === null || typeof item !== 'object') continue;
    const nested = decodeError(item, itemShape, literals, holderStruct, itemPath, `${pointer}/${pointerSegment(key)}`, anyValues);
    if (nested) return nested;
  }
  return undefined;
}

/** The JSON path of an ajv error's value, with indices (`schema.fields[1].dataType`), for messages. */
function readablePath(segments: string[]): string {
  let path = '';
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : path ? `.${segment}` : segment;
  return path;
}

/** A schema and the schemas it always includes (`$ref`, `allOf`), but not its alternatives. */
function baseSchemas(node: SchemaNode | undefined, depth = 0): Schema[] {
  const { schema } = resolve(node);
  if (!schema || depth > 16) return [];
  return [schema, ...(schema.allOf ?? []).flatMap((part) => baseSchemas(part as SchemaNode, depth + 1))];
}

/**
 * The binding stage: go-playground's `required` on the struct's fields (the spec's `required` of
 * the request schema, not of one of its alternative forms), descending into nested objects. A
 * missing field fails, and so does Go's zero value: "", 0, false, and `null` (a nil pointer).
 * The validator descends into the items of a slice or the values of a map only with `dive`
 * (`x-milvus-binding: dive` in the spec): then each item must be non-null, and its own required
 * fields are checked (`Struct.Field[0].Name`, `Struct.Field[key].Name`). `x-milvus-binding: gte=N`
 * refuses a number below N the same way, on the `gte` tag.
 */
/** A field the binding refuses, and the tag it fails on. */
type BindingFailure = { field: string; tag: string };

function bindingErrors(schemas: Schema[], value: Record<string, unknown>, namespace: string, out: BindingFailure[]): void {
  const required = new Set(schemas.flatMap((schema) => schema.required ?? []));
  const keys = [...new Set([...schemas.flatMap((schema) => Object.keys(schema.properties ?? {})), ...required])];
  for (const key of keys) {
    const item = value[key];
    const declared = schemas.flatMap((schema) => baseSchemas(schema.properties?.[key] as SchemaNode | undefined));
    // `x-milvus-go-name`: a Go field named otherwise than its key says (`name` → `FunctionName`).
    const goName = declared.map((schema) => schema['x-milvus-go-name']).find((name) => typeof name === 'string');
    const field = `${namespace}.${goName ?? goFieldName(key)}`;
    // A struct value (`x-milvus-go-type: struct`) is never nil: go-playground ignores `required` on
    // it but checks its fields, so a missing one fails on each of its required fields.
    if ((item === undefined || item === null) && declared.some((schema) => schema['x-milvus-go-type'] === 'struct')) {
      bindingErrors(declared, {}, field, out);
      continue;
    }
    if (required.has(key) && isGoZero(item)) {
      out.push({ field, tag: 'required' });
      continue;
    }
    // `x-milvus-binding: gte=N`: a number below N fails on the `gte` tag.
    const gte = declared.map((schema) => /^gte=(\d+)$/.exec(String(schema['x-milvus-binding'] ?? ''))?.[1]).find(Boolean);
    if (gte !== undefined && typeof item === 'number' && item < Number(gte)) out.push({ field, tag: 'gte' });
    if (!item || typeof item !== 'object') continue;
    if (declared.some((schema) => schema['x-milvus-binding'] === 'dive')) {
      diveErrors(declared, item, field, out);
      continue;
    }
    if (Array.isArray(item)) continue;
    if (declared.some((schema) => schema.properties)) bindingErrors(declared, item as Record<string, unknown>, field, out);
  }
}

/** `dive,required`: every item of a slice (or value of a map) is present, and bound in turn. */
function diveErrors(declared: Schema[], container: object, field: string, out: BindingFailure[]): void {
  const itemSchemas = declared.flatMap((schema) => {
    const item = Array.isArray(container) ? schema.items : schema.additionalProperties;
    return item && typeof item === 'object' ? baseSchemas(item) : [];
  });
  for (const [key, item] of Object.entries(container)) {
    const itemField = `${field}[${key}]`;
    if (item === null || item === undefined) out.push({ field: itemField, tag: 'required' });
    else if (typeof item === 'object' && !Array.isArray(item)) bindingErrors(itemSchemas, item as Record<string, unknown>, itemField, out);
  }
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function isGoZero(value: unknown): boolean {
  return value === undefined || value === null || value === '' || value === 0 || value === false;
}

function valueAt(body: unknown, segments: string[]): unknown {
  let value: unknown = body;
  for (const segment of segments) value = (value as Record<string, unknown> | undefined)?.[segment];
  return value;
}

/**
 * A copy of `value` without its null members (Go leaves such a field at its zero value). Each
 * copied holder gets the literals of the one it copies (keys and indexes are unchanged), so that
 * int64s read from the copy keep the client's digits.
 */
function withoutNulls(value: unknown, literals: NumberLiterals): unknown {
  if (!value || typeof value !== 'object') return value;
  const copy: unknown = Array.isArray(value)
    ? value.map((item) => withoutNulls(item, literals))
    : Object.fromEntries(
        Object.entries(value)
          .filter(([, item]) => item !== null)
          .map(([key, item]) => [key, withoutNulls(item, literals)]),
      );
  const own = literals.get(value);
  if (own) literals.set(copy as object, own);
  return copy;
}

function formatError(detail: string): ApiError {
  return new ApiError(ErrorCode.InvalidJson, `${FORMAT_PREFIX}, error: ${detail}`);
}

/**
 * Whether an ajv error is one the server answers (1100); Go ignores unknown keys and empty
 * partners, and the server takes any value into an interface{} (`x-milvus-go-type: any`, the
 * pointers in `anyValues`) unless its handler checks the type (`x-milvus-type-error`): there the
 * types the spec lists guide users only.
 */
function serverChecks(error: ErrorObject, body: unknown, anyValues: readonly string[]): boolean {
  const at = error.instancePath;
  if (anyValues.some((pointer) => at === pointer || at.startsWith(`${pointer}/`))) return false;
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return false;
    case 'dependentRequired':
      // Go cannot tell an absent field from an empty one: an empty partner is no partner.
      return !isGoZero(valueAt(body, [...pointerSegments(error.instancePath), String(error.params.property)]));
    default:
      return true;
  }
}

/**
 * The error worth reporting. An error inside a oneOf/anyOf branch only says why that branch did
 * not fit; ajv reports those before the composite error that covers them, so an error followed
 * by a composite at or above its path is a branch's, and the composite speaks for it.
 */
function reportedProblem(errors: ErrorObject[]): ErrorObject | undefined {
  const covered = (error: ErrorObject, index: number) =>
    errors
      .slice(index + 1)
      .some(
        (later) =>
          (later.keyword === 'oneOf' || later.keyword === 'anyOf') &&
          (error.instancePath === later.instancePath || error.instancePath.startsWith(`${later.instancePath}/`)),
      );
  return errors.find((error, index) => !covered(error, index));
}

function branchTitles(error: ErrorObject): string {
  const titles = (Array.isArray(error.schema) ? (error.schema as SchemaNode[]) : []).map((branch) => resolve(branch).schema?.title);
  return titles.every((title) => typeof title === 'string') && titles.length > 0 ? ` (${titles.join(', ')})` : '';
}

function invalidValueDetail(error: ErrorObject): string {
  const segments = pointerSegments(error.instancePath);
  const name = readablePath(segments) || 'body';
  const leaf = segments[segments.length - 1] ?? '';
  switch (error.keyword) {
    case 'type': {
      // A Go interface{} whose handler checks the type itself, in its own words.
      const words = (error.parentSchema as Schema | undefined)?.['x-milvus-type-error'];
      return `${name} ${typeof words === 'string' ? words : (error.message ?? 'is invalid')}`;
    }
    case 'enum':
      if (leaf === 'vectorFieldType') return `data type ${String(error.data)} is invalid(case sensitive)`;
      return `${name} can only be [${(error.schema as unknown[]).map(String).join(', ')}], got ${JSON.stringify(error.data)}`;
    case 'dependentRequired':
      return `${String(error.params.property)} and ${String(error.params.missingProperty)} must be both set or both empty`;
    case 'required':
      return `${name === 'body' ? '' : `${name}.`}${String(error.params.missingProperty)} is required`;
    case 'false schema':
      return `${name} is not accepted here`;
    case 'oneOf':
    case 'anyOf':
      return `${name === 'body' ? 'the request' : name} matches none of the accepted forms${branchTitles(error)}`;
    default:
      return `${name} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * The server's 1100 for a rule of the spec. A field's data type is checked by the handler with
 * its own wording (handler_v2_test.go TestCreateCollection), without merr's suffix.
 */
function invalidValueError(error: ErrorObject): ApiError {
  const leaf = pointerSegments(error.instancePath).at(-1);
  if (error.keyword === 'enum' && (leaf === 'dataType' || leaf === 'elementDataType')) {
    const what = leaf === 'dataType' ? 'data type' : 'element data type';
    return new ApiError(ErrorCode.InvalidParameter, `invalid parameter, ${what} ${String(error.data)} is invalid(case sensitive).`);
  }
  return invalidParameter(invalidValueDetail(error));
}

/** Gives the int64 at `holder[key]` its literal text, when JSON.parse's number lost digits. */
function exactInt64(literals: NumberLiterals, holder: Record<string | number, unknown>, key: string | number): void {
  const item = holder[key];
  if (typeof item === 'number') holder[key] = numberLiteral(literals, holder, key, item);
}

/**
 * Reads and checks a request body for `path`; `requestStruct` is the Go struct the server binds
 * it to (it appears in the server's messages).
 */
export function checkRequestBody(path: SpecPath, text: string, requestStruct: string): CheckedBody {
  const decoded = decodeBody(text);
  if (decoded.kind === 'empty') {
    return {
      ok: false,
      error: new ApiError(ErrorCode.InvalidJson, `${FORMAT_PREFIX}, the request body should be nil, however {} is valid`),
    };
  }
  if (decoded.kind === 'syntaxError') return { ok: false, error: formatError(decoded.message) };
  // Go decodes `null` into a struct as nothing at all.
  const value = decoded.value === null ? {} : decoded.value;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: formatError(`json: cannot unmarshal ${jsonKind(value)} into Go value of type httpserver.${requestStruct}`) };
  }
  const root = requestSchema(path);
  const raw = (root ? bindKeys(value, new GoShape([root]), decoded.literals) : value) as Record<string, unknown>;
  const bound = root ? bindGjsonKeys(raw, new GoShape([root]), decoded.literals) : raw;
  const anyValues: string[] = [];
  const typeError = root ? decodeError(bound, new GoShape([root]), decoded.literals, requestStruct, [], '', anyValues) : undefined;
  if (typeError) return { ok: false, error: formatError(typeError) };
  const missing: BindingFailure[] = [];
  // Binding sees the nulls (a `dive` item may not be null); the spec's other rules do not.
  bindingErrors(baseSchemas(root), bound, requestStruct, missing);
  const body = withoutNulls(bound, decoded.literals) as Record<string, unknown>;
  if (missing.length > 0) {
    const lines = missing.map(
      ({ field, tag }) =>
        `Key: '${field}' Error:Field validation for '${field.slice(field.lastIndexOf('.') + 1)}' failed on the '${tag}' tag`,
    );
    return {
      ok: false,
      error: new ApiError(ErrorCode.MissingRequiredParameters, `missing required parameters, error: ${lines.join('\n')}`),
    };
  }
  const problem = reportedProblem(validateRequestBody(path, body).filter((error) => serverChecks(error, body, anyValues)));
  for (const int64Path of routeTable[path].int64Request) {
    forEachAtPath(body, int64Path, (holder, key) => exactInt64(decoded.literals, holder, key));
  }
  return {
    ok: true,
    body,
    raw: { body: raw, literals: decoded.literals },
    invalid: problem && invalidValueError(problem),
  };
}
