// The spec's JSON Schemas, compiled with ajv (draft 2020-12, strict): request bodies are validated
// against them on every call, and the tests validate every answer against them too.
//
// The bundled spec refers to `#/components/schemas/X`; ajv gets the component schemas as `$defs` of
// one schema document instead, since the OpenAPI document itself is not a JSON Schema.

import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import { type SpecPath, spec } from './generated/spec.js';

/** A JSON Schema node as the emulator reads it. */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  minLength?: number;
  minimum?: number;
  maximum?: number;
  dependentRequired?: Record<string, string[]>;
  [keyword: string]: unknown;
};

const SPEC_ID = 'https://milvus-rest.emulator/spec.json';
const COMPONENT_PREFIX = '#/components/schemas/';
// OpenAPI keywords that are not JSON Schema: ajv's strict mode rejects them unless declared.
const OPENAPI_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'not',
  'contains',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
]);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'allOf', 'prefixItems']);

/** Copies a spec schema for ajv: `$ref`s point into the `$defs` document. */
function copyForAjv(node: unknown, extensions: Set<string>): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
  const source = node as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith(COMPONENT_PREFIX)) throw new Error(`unsupported $ref ${value}: the emulator reads component schemas only`);
      copy.$ref = `${SPEC_ID}#/$defs/${value.slice(COMPONENT_PREFIX.length)}`;
    } else if (SCHEMA_MAPS.has(key) && value && typeof value === 'object') {
      copy[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, copyForAjv(child, extensions)]));
    } else if (SCHEMA_VALUES.has(key)) {
      copy[key] = copyForAjv(value, extensions);
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      copy[key] = value.map((child) => copyForAjv(child, extensions));
    } else {
      if (key.startsWith('x-')) extensions.add(key);
      copy[key] = value;
    }
  }
  return copy;
}

type Compiled = {
  ajv: Ajv2020;
  defs: Record<string, Schema>;
  requests: Map<string, ValidateFunction | undefined>;
  responses: Map<string, ValidateFunction | undefined>;
};
let compiled: Compiled | undefined;

function compiler(): Compiled {
  if (compiled) return compiled;
  const extensions = new Set<string>();
  const defs = copyForAjv({ properties: spec.components.schemas ?? {} }, extensions) as { properties: Record<string, Schema> };
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // The spec puts `minLength` beside `$ref` (the type comes from the target): legal, but
    // strictTypes would log a warning for each; strictRequired likewise for inherited properties.
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    verbose: true,
  });
  (ajvFormats as unknown as { default: (ajv: Ajv2020) => void }).default(ajv);
  for (const keyword of [...OPENAPI_KEYWORDS, ...extensions]) ajv.addKeyword(keyword);
  ajv.addSchema({ $id: SPEC_ID, $defs: defs.properties } as AnySchema);
  compiled = { ajv, defs: defs.properties, requests: new Map(), responses: new Map() };
  return compiled;
}

type OperationObject = {
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: unknown }> }>;
};

function operation(path: string): OperationObject | undefined {
  return (spec.paths[path] as { post?: OperationObject } | undefined)?.post;
}

function compile(schema: unknown): ValidateFunction | undefined {
  if (schema === undefined) return undefined;
  const { ajv } = compiler();
  return ajv.compile(copyForAjv(schema, new Set()) as AnySchema);
}

/** The spec's JSON request schema of a route (its `$ref`s point into {@link schemaDefinitions}). */
export function requestSchema(path: SpecPath): Schema | undefined {
  const schema = operation(path)?.requestBody?.content?.['application/json']?.schema;
  return schema === undefined ? undefined : (copyForAjv(schema, new Set()) as Schema);
}

/** The component schemas, by name, as ajv sees them. */
export function schemaDefinitions(): Record<string, Schema> {
  return compiler().defs;
}

/** The component name a `$ref` of a copied schema points to. */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Validates a decoded request body against the route's schema. Returns ajv's errors ([] when valid). */
export function validateRequestBody(path: SpecPath, body: unknown): ErrorObject[] {
  const { requests } = compiler();
  if (!requests.has(path)) requests.set(path, compile(operation(path)?.requestBody?.content?.['application/json']?.schema));
  const validate = requests.get(path);
  if (!validate) return [];
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

/**
 * The validator of one answer of a route, as the spec declares it: by HTTP status and media
 * type. Undefined when the spec declares no such answer (or no schema for it).
 */
export function responseValidator(path: string, status: number, mediaType: string): ValidateFunction | undefined {
  const key = `${path} ${status} ${mediaType}`;
  const { responses } = compiler();
  if (responses.has(key)) return responses.get(key);
  let response = operation(path)?.responses?.[String(status)];
  if (response?.$ref) {
    const name = refName(response.$ref);
    response = (spec.components.responses as Record<string, typeof response> | undefined)?.[name];
  }
  const validate = compile(response?.content?.[mediaType]?.schema);
  responses.set(key, validate);
  return validate;
}

/** Whether the spec declares an answer with this status for the route. */
export function declaresStatus(path: string, status: number): boolean {
  return operation(path)?.responses?.[String(status)] !== undefined;
}
