// Random request bodies from the spec's schemas, for the property tests: valid ones (filtered
// through the spec's own validator), and the ways a body goes wrong that the server's binding
// answers with a fixed code.
import fc from 'fast-check';
import { refName, type Schema, schemaDefinitions } from '../../src/spec-schemas.js';

type Node = Schema | boolean | undefined;

export function resolve(node: Node): Schema | undefined {
  if (node === undefined || typeof node === 'boolean') return node === true ? {} : undefined;
  let current: Schema | undefined = node;
  for (let hops = 0; current?.$ref && hops < 32; hops++) {
    const { $ref, ...siblings }: Schema = current;
    const target: Schema | undefined = schemaDefinitions()[refName($ref as string)];
    current = target ? { ...target, ...siblings } : undefined;
  }
  return current;
}

/** A schema merged with its allOf parts (an object's properties and required lists add up). */
function mergeAll(node: Node, depth = 0): Schema | undefined {
  const schema = resolve(node);
  if (!schema || depth > 8) return schema;
  if (!schema.allOf) return schema;
  let merged: Schema = { ...schema, allOf: undefined };
  for (const part of schema.allOf) {
    const resolved = mergeAll(part, depth + 1);
    if (!resolved) continue;
    merged = {
      ...resolved,
      ...merged,
      type: merged.type ?? resolved.type,
      properties: { ...(resolved.properties ?? {}), ...(merged.properties ?? {}) },
      required: [...(merged.required ?? []), ...(resolved.required ?? [])],
      oneOf: merged.oneOf ?? resolved.oneOf,
      anyOf: merged.anyOf ?? resolved.anyOf,
    };
  }
  return merged;
}

const anyJson = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean());
const INT64_MAX = 2n ** 63n - 1n;

function integerArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  const int32 = schema.format === 'int32';
  const min = BigInt(Math.ceil(typeof schema.minimum === 'number' ? schema.minimum : int32 ? -(2 ** 31) : 0));
  const max = typeof schema.maximum === 'number' ? BigInt(Math.floor(schema.maximum)) : int32 ? 2n ** 31n - 1n : INT64_MAX;
  if (schema.format === 'int64' && max > 2n ** 53n) {
    // int64s above 2^53 are what breaks clients: generate plenty of them.
    return fc.oneof(fc.bigInt({ min: 2n ** 53n + 1n > min ? 2n ** 53n + 1n : min, max }), fc.bigInt({ min, max: min + 1000n }));
  }
  return fc.bigInt({ min, max }).map((value) => Number(value));
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(minLength, 12);
  if (schema.contentMediaType === 'application/json') return fc.constant('{}');
  return fc.string({ minLength, maxLength, unit: 'grapheme-ascii' });
}

/** A value that (usually) matches `node`; the caller filters with the spec's validator. */
export function valueArbitrary(node: Node, depth = 0): fc.Arbitrary<unknown> {
  const schema = mergeAll(node);
  if (!schema) return fc.constant(undefined);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (branches.length > 0) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...base } = schema;
    return fc.oneof(...branches.map((branch) => valueArbitrary({ ...base, allOf: [branch] } as Schema, depth + 1)));
  }
  const types = (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []).filter((type) => type !== 'null');
  if (types.length > 1) return fc.oneof(...types.map((type) => valueArbitrary({ ...schema, type }, depth + 1)));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      if (depth > 4) return fc.constant(Array.from({ length: minLength }, () => ({})));
      return fc.array(valueArbitrary(schema.items, depth + 1), { minLength, maxLength: Math.max(minLength, 2) });
    }
    case 'object':
    case undefined:
      if (!schema.properties && types[0] === undefined) return anyJson;
      return objectArbitrary(schema, depth);
    default:
      return anyJson;
  }
}

function objectArbitrary(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {}).filter(([, child]) => (child as Node) !== false);
  const required = new Set(schema.required ?? []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, child] of properties) {
    if (depth > 4 && !required.has(name)) continue;
    record[name] = valueArbitrary(child as Node, depth + 1);
  }
  const requiredKeys = [...required].filter((key) => key in record);
  return fc.record(record, { requiredKeys }).map((value) => {
    // dependentRequired: a property without its partner is dropped.
    const out = { ...(value as Record<string, unknown>) };
    for (const [property, partners] of Object.entries(schema.dependentRequired ?? {})) {
      if (property in out && partners.some((partner) => !(partner in out))) delete out[property];
    }
    return out;
  });
}

/**
 * Whether a body has Go's zero value ("", 0, false) or nothing at a required field of the request
 * schema (not of one of its alternative forms), in nested objects but not inside arrays: the
 * server's binding answers 1802 there even where the spec's types allow the zero value (a union
 * type such as a primary key that may be a string or a number cannot say "non-empty").
 */
export function hasZeroRequiredField(node: Node, value: unknown): boolean {
  const schema = mergeAll(node);
  if (!schema || !value || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  for (const key of schema.required ?? []) {
    const item = record[key];
    if (item === undefined || item === '' || item === 0 || item === 0n || item === false) return true;
  }
  return Object.entries(schema.properties ?? {}).some(([key, child]) => hasZeroRequiredField(child as Node, record[key]));
}

/** The top level of a request schema as the server's Go struct sees it: `$ref` and allOf, no alternatives. */
export function baseOf(node: Node): Schema {
  return mergeAll(node) ?? {};
}

/** Every property any form of the request schema declares, with the JSON types all its forms allow. */
export function declaredTypes(node: Node): Map<string, Set<string>> {
  const out = new Map<string, Set<string> | null>();
  const visit = (current: Node, depth: number) => {
    const schema = mergeAll(current);
    if (!schema || depth > 6) return;
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const childSchema = mergeAll(child as Node);
      if ((child as Node) === false || !childSchema) continue;
      const types = Array.isArray(childSchema.type) ? childSchema.type : childSchema.type ? [childSchema.type] : [];
      const known = out.get(name);
      if (types.length === 0 || known === null) out.set(name, null);
      else out.set(name, new Set([...(known ?? []), ...types]));
    }
    for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) visit(branch, depth + 1);
  };
  visit(node, 0);
  return new Map([...out].filter((entry): entry is [string, Set<string>] => entry[1] !== null));
}

/** A JSON value of a kind that none of `types` allows, with Go's name for its kind. */
export function wrongKindValue(types: Set<string>): { value: unknown; kind: string } | undefined {
  const candidates: { value: unknown; kind: string; fits: string[] }[] = [
    { value: 'not-a-number', kind: 'string', fits: ['string'] },
    { value: 7, kind: 'number', fits: ['integer', 'number'] },
    { value: true, kind: 'bool', fits: ['boolean'] },
    { value: ['x'], kind: 'array', fits: ['array'] },
    { value: { x: 1 }, kind: 'object', fits: ['object'] },
  ];
  return candidates.find((candidate) => !candidate.fits.some((type) => types.has(type)));
}
