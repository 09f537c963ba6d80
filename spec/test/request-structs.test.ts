// Every operation's request body is compared, field by field, with the Go struct the server binds it
// to (x-milvus-request-struct), as transcribed in fixtures/server-request-structs.json: the same
// keys, the same `binding:"required"`, the same `dive`, and the same JSON types under the Go → JSON
// Schema mapping below. The emulator reads the spec to bind bodies as the server does, so a drift
// here is a body the emulator answers differently from the server.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

type GoField = { go: string; json: string; type: string; binding?: string; line?: number; source?: string; embedded?: string };
type GoStruct = { line?: number; source?: string; fields: GoField[] };
type RouteNotes = {
  /** Keys the handler re-reads from the raw body with gjson: matched case-sensitively there. */
  rawKeys?: Record<string, string>;
  /** Spec properties the struct does not have, each with the reason the spec keeps it. */
  specOnly?: Record<string, string>;
  /** Go interface{} fields whose spec lists JSON types without x-milvus-go-type: any, with the reason. */
  typedInterfaces?: Record<string, string>;
};
type Fixture = { structs: Record<string, GoStruct>; routes: Record<string, RouteNotes> };

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = JSON.parse(readFileSync(join(specDir, 'test/fixtures/server-request-structs.json'), 'utf8')) as Fixture;

const documents = new Map<string, unknown>();
function load(file: string): unknown {
  let document = documents.get(file);
  if (document === undefined) {
    document = parse(readFileSync(file, 'utf8')) as unknown;
    documents.set(file, document);
  }
  return document;
}

/** A node with its location, so that the relative `$ref`s inside it resolve. */
type Located = { schema: Schema; file: string };

/** Follows `$ref`s (a ref's siblings, such as a description, are kept over the target's). */
function deref(node: Located): Located {
  let { schema, file } = node;
  for (let hops = 0; schema.$ref !== undefined && hops < 32; hops++) {
    const [target = '', pointer = ''] = schema.$ref.split('#');
    const targetFile = target === '' ? file : resolve(dirname(file), target);
    let value = load(targetFile);
    for (const segment of pointer.split('/').filter(Boolean)) value = (value as Record<string, unknown>)[segment];
    const { $ref: _ref, ...siblings } = schema;
    schema = { ...(value as Schema), ...siblings };
    file = targetFile;
  }
  return { schema, file };
}

function child(parent: Located, schema: Schema): Located {
  return deref({ schema, file: parent.file });
}

/** The schemas a node always includes: itself and its allOf parts. */
function baseForms(node: Located, depth = 0): Located[] {
  if (depth > 16) return [];
  return [node, ...(node.schema.allOf ?? []).flatMap((part) => baseForms(child(node, part), depth + 1))];
}

/** Every form a node allows: its base forms and the branches of oneOf/anyOf, recursively. */
function allForms(node: Located, depth = 0): Located[] {
  if (depth > 16) return [];
  return [
    node,
    ...[...(node.schema.allOf ?? []), ...(node.schema.oneOf ?? []), ...(node.schema.anyOf ?? [])].flatMap((part) =>
      allForms(child(node, part), depth + 1),
    ),
  ];
}

function jsonTypes(forms: Located[]): Set<string> {
  const types = new Set<string>();
  for (const { schema } of forms)
    for (const type of Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []) types.add(type);
  types.delete('null'); // Go decodes null into any field (as its zero value)
  return types;
}

/**
 * The schemas a key has across the forms of an object. `false` (the handler rejects any value,
 * such as collections/create's top-level `externalSource`) counts as present but has no type.
 */
function property(forms: Located[], key: string): { nodes: Located[]; present: boolean } {
  const declared = forms.flatMap((form) => {
    const found = form.schema.properties?.[key];
    return found === undefined ? [] : [{ found, form }];
  });
  const nodes = declared.flatMap(({ found, form }) => (typeof found === 'boolean' ? [] : [child(form, found)]));
  return { nodes, present: declared.length > 0 };
}

function extension(forms: Located[], name: string): unknown {
  return forms.find((form) => form.schema[name] !== undefined)?.schema[name];
}

/** The json keys of a struct, embedded structs flattened into their parent as Go's decoder does. */
function structFields(name: string): GoField[] {
  const struct = fixture.structs[name];
  if (!struct) throw new Error(`the fixture has no struct ${name}`);
  return struct.fields.flatMap((field) => (field.embedded ? structFields(field.embedded) : [field]));
}

function bindingTags(field: GoField): string[] {
  return field.binding?.split(',') ?? [];
}

/** `required` before any `dive` applies to the field itself; after it, to the items. */
function fieldIsRequired(field: GoField): boolean {
  const tags = bindingTags(field);
  const dive = tags.indexOf('dive');
  return (dive < 0 ? tags : tags.slice(0, dive)).includes('required');
}

/** The Go name the emulator's messages guess from a json key (`jobId` → `JobID`), as body-validation.ts does. */
function guessedGoName(json: string): string {
  const pascal = json
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return pascal.replace(/Id$/, 'ID').replace(/Ids$/, 'IDs');
}

/** A struct value (not a pointer, slice or map) with a `required` field: the binding checks it even when absent. */
function isStructWithRequiredFields(goType: string): boolean {
  return fixture.structs[goType] !== undefined && structFields(goType).some(fieldIsRequired);
}

const sameSet = (a: Set<string>, b: string[]) => a.size === b.length && b.every((item) => a.has(item));

/**
 * The problems of a spec node against a Go type, under this mapping: string → string; bool →
 * boolean; int32/int64 → integer with that format; uint64 → integer, format int64, with
 * `x-milvus-go-type: uint64`; float64 → number; []T → array of T; map[string]T → object (whose
 * documented keys, if any, need `x-milvus-go-type: map` so that no tool takes them for a struct's);
 * interface{} and json.RawMessage → anything; a struct → an object with the struct's fields; *T → T.
 */
function typeProblems(goType: string, nodes: Located[], where: string, stack: string[], binding: boolean, dive = false): string[] {
  const type = goType.replace(/^\*/, '');
  const forms = nodes.flatMap((node) => allForms(node));
  const types = jsonTypes(forms);
  const expect = (wanted: string[]) =>
    sameSet(types, wanted) ? [] : [`${where}: Go ${goType} wants type ${wanted.join('|')}, the spec has ${[...types].join('|') || 'none'}`];
  const formats = new Set(forms.map(({ schema }) => schema.format).filter(Boolean));
  if (type === 'interface{}' || type === 'json.RawMessage') {
    // Go's decoder takes any JSON value here; a spec that lists types must say the handler, not the
    // decoder, holds to them (or the fixture must say why the emulator may answer 1801).
    if (types.size === 0 || extension(forms, 'x-milvus-go-type') === 'any') return [];
    return [`${where}: a Go ${goType} takes any JSON value, the spec lists ${[...types].join('|')} without x-milvus-go-type: any`];
  }
  if (type === 'string') return expect(['string']);
  if (type === 'bool') return expect(['boolean']);
  if (type === 'float64' || type === 'float32') return expect(['number']);
  if (type === 'int32' || type === 'int64' || type === 'uint64') {
    const problems = expect(['integer']);
    const format = type === 'int32' ? 'int32' : 'int64';
    if (!sameSet(formats as Set<string>, [format]))
      problems.push(`${where}: Go ${goType} wants format ${format}, the spec has ${[...formats].join('|') || 'none'}`);
    const uint = extension(forms, 'x-milvus-go-type') === 'uint64';
    if (uint !== (type === 'uint64'))
      problems.push(`${where}: x-milvus-go-type: uint64 ${uint ? `on a Go ${goType}` : 'missing on a Go uint64'}`);
    return problems;
  }
  if (type.startsWith('[]')) {
    const problems = expect(['array']);
    const items = forms.flatMap((form) => (form.schema.items === undefined ? [] : [child(form, form.schema.items)]));
    if (items.length === 0)
      return type === '[]interface{}' ? problems : [...problems, `${where}: Go ${goType} wants items, the spec has none`];
    return [...problems, ...typeProblems(type.slice(2), items, `${where}[]`, stack, binding && dive)];
  }
  const map = /^map\[string\](.+)$/.exec(type);
  if (map) {
    const problems = expect(['object']);
    const documented = forms.some(({ schema }) => schema.properties !== undefined);
    if (documented && extension(forms, 'x-milvus-go-type') !== 'map') {
      problems.push(`${where}: a Go ${goType} whose keys the spec documents needs x-milvus-go-type: map`);
    }
    const values = forms.flatMap((form) =>
      typeof form.schema.additionalProperties === 'object' ? [child(form, form.schema.additionalProperties)] : [],
    );
    if (values.length > 0) problems.push(...typeProblems(map[1] as string, values, `${where}{}`, stack, binding && dive));
    return problems;
  }
  if (fixture.structs[type]) {
    // A recursive struct (FieldSchema.fields, SearchAggregationReq.subAggregation) is compared once on a path.
    if (stack.includes(type)) return expect(['object']);
    return [...expect(['object']), ...structProblems(type, nodes, where, {}, [...stack, type], binding)];
  }
  return [`${where}: the test has no mapping for Go type ${goType}`];
}

/**
 * Keys, required flags, dive and types of a spec object against a struct. `binding` says whether
 * gin's validator reaches this struct: from the body through struct fields, into slices and maps
 * only with `dive`; the spec's binding rules are those of its base forms (the emulator answers
 * 1802 from them), while `required` inside oneOf/anyOf branches or non-dive items tells forms apart
 * or is a handler's check (1100), so it is compared only on the binding path.
 */
function structProblems(
  structName: string,
  nodes: Located[],
  where: string,
  notes: RouteNotes = {},
  stack = [structName],
  binding = true,
): string[] {
  const forms = nodes.flatMap((node) => allForms(node));
  const base = nodes.flatMap((node) => baseForms(node));
  const fields = structFields(structName);
  const specKeys = new Set(forms.flatMap(({ schema }) => Object.keys(schema.properties ?? {})));
  const specRequired = new Set(base.flatMap(({ schema }) => schema.required ?? []));
  const problems: string[] = [];
  const at = (key: string) => (where ? `${where}.${key}` : key);
  for (const field of fields) {
    const { nodes: declared, present } = property(forms, field.json);
    const line = field.line ? ` (${structName}, request_v2.go L${field.line})` : ` (${structName})`;
    if (!present) {
      problems.push(`${at(field.json)}: the struct has it${line}, the spec does not`);
      continue;
    }
    const fieldBinding = binding && property(base, field.json).present;
    if (fieldBinding && fieldIsRequired(field) !== specRequired.has(field.json)) {
      problems.push(
        `${at(field.json)}: binding required is ${fieldIsRequired(field)}${line}, the spec's required is ${specRequired.has(field.json)}`,
      );
    }
    const goName = extension(declared, 'x-milvus-go-name');
    if (goName !== undefined ? goName !== field.go : field.binding !== undefined && guessedGoName(field.json) !== field.go) {
      problems.push(`${at(field.json)}: the Go field is ${field.go}${line}; its binding messages need x-milvus-go-name: ${field.go}`);
    }
    const valueStruct = fieldBinding && isStructWithRequiredFields(field.type);
    if (valueStruct !== (extension(declared, 'x-milvus-go-type') === 'struct')) {
      problems.push(
        `${at(field.json)}: x-milvus-go-type: struct marks a Go struct value with required fields${line}; here it is ${field.type}`,
      );
    }
    const dives = bindingTags(field).includes('dive');
    const specDives = declared.flatMap((node) => baseForms(node)).some(({ schema }) => schema['x-milvus-binding'] === 'dive');
    if (dives !== specDives) problems.push(`${at(field.json)}: binding dive is ${dives}${line}, x-milvus-binding: dive is ${specDives}`);
    const gte = /^gte=(\d+)$/.exec(bindingTags(field).find((tag) => tag.startsWith('gte=')) ?? '');
    const specGte = extension(declared, 'x-milvus-binding');
    if (
      gte &&
      (specGte !== `gte=${gte[1]}` || declared.flatMap((node) => allForms(node)).every(({ schema }) => schema.minimum !== Number(gte[1])))
    ) {
      problems.push(`${at(field.json)}: binding gte=${gte[1]}${line} needs x-milvus-binding: gte=${gte[1]} and minimum ${gte[1]}`);
    }
    if (!gte && typeof specGte === 'string' && specGte.startsWith('gte='))
      problems.push(`${at(field.json)}: ${specGte} on a field without it${line}`);
    if (declared.length > 0) problems.push(...typeProblems(field.type, declared, at(field.json), stack, fieldBinding, dives));
  }
  const goKeys = new Set(fields.map((field) => field.json));
  for (const key of specKeys) {
    if (!goKeys.has(key) && notes.specOnly?.[key] === undefined)
      problems.push(`${at(key)}: the spec has it, the struct ${structName} does not`);
  }
  for (const key of specRequired) if (!specKeys.has(key)) problems.push(`${at(key)}: required but not a property`);
  return problems;
}

type Route = { route: string; file: string; struct: string; body: Located };

/** Route → operation file, from the path index of openapi.yaml. */
const index = readFileSync(join(specDir, 'openapi.yaml'), 'utf8');
const routes: Route[] = [...index.matchAll(/^ {2}\/v2\/vectordb\/([^:\s]+):\n {4}\$ref: paths\/([^\s]+)$/gm)].map(
  ([, route = '', name = '']) => {
    const file = join(specDir, 'paths', name);
    const operation = (load(file) as { post: Record<string, unknown> }).post;
    const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
    const schema = content?.['application/json']?.schema;
    if (!schema) throw new Error(`${name} has no JSON request body`);
    return {
      route,
      file: name,
      struct: String(operation['x-milvus-request-struct']),
      body: deref({ schema, file }),
    };
  },
);

/** Every property schema reachable from the request bodies, with where it sits. */
function reachableProperties(): { where: string; node: Located }[] {
  const out: { where: string; node: Located }[] = [];
  const seen = new Set<Schema>();
  // Each schema once (shared components recur), and no deeper than any request body nests.
  const visit = (node: Located, where: string, depth: number) => {
    if (depth <= 12 && !seen.has(node.schema)) {
      seen.add(node.schema);
      for (const form of allForms(node)) {
        for (const [key, value] of Object.entries(form.schema.properties ?? {})) {
          const property = child(form, value);
          out.push({ where: `${where}.${key}`, node: { schema: value, file: form.file } });
          visit(property, `${where}.${key}`, depth + 1);
        }
        if (form.schema.items) visit(child(form, form.schema.items), `${where}[]`, depth + 1);
        if (typeof form.schema.additionalProperties === 'object')
          visit(child(form, form.schema.additionalProperties), `${where}{}`, depth + 1);
      }
    }
  };
  for (const { file, body } of routes) visit(body, file, 0);
  return out;
}

describe('request bodies against the server structs', () => {
  it('names a transcribed struct on every operation', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter(({ struct }) => !fixture.structs[struct]).map(({ file, struct }) => `${file}: ${struct}`)).toEqual([]);
  });

  it('has every json key of the struct, and no key the struct lacks unless the fixture says why', () => {
    const problems = routes.flatMap(({ route, struct, body }) =>
      structProblems(struct, [body], '', fixture.routes[route])
        .filter(
          (problem) => !Object.keys(fixture.routes[route]?.typedInterfaces ?? {}).some((path) => problem.startsWith(`${path}: a Go `)),
        )
        .map((problem) => `${route}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('marks exactly the keys the handler re-reads with gjson (x-milvus-gjson), which match case-sensitively', () => {
    const problems = routes.flatMap(({ route, body }) => {
      const forms = baseForms(body);
      const marked = new Set(
        forms.flatMap((form) =>
          Object.entries(form.schema.properties ?? {}).flatMap(([key, value]) =>
            typeof value === 'object' && baseForms(child(form, value)).some(({ schema }) => schema['x-milvus-gjson'] === true) ? [key] : [],
          ),
        ),
      );
      const listed = new Set(Object.keys(fixture.routes[route]?.rawKeys ?? {}));
      return [
        ...[...marked]
          .filter((key) => !listed.has(key))
          .map((key) => `${route}.${key}: x-milvus-gjson, but the fixture lists no gjson read`),
        ...[...listed].filter((key) => !marked.has(key)).map((key) => `${route}.${key}: read with gjson, but not marked x-milvus-gjson`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('explains each exception of the fixture and names only routes the spec has', () => {
    const known = new Set(routes.map(({ route }) => route));
    const problems = Object.entries(fixture.routes).flatMap(([route, notes]) => [
      ...(known.has(route) ? [] : [`${route}: not a route of the spec`]),
      ...Object.entries({ ...notes.rawKeys, ...notes.specOnly, ...notes.typedInterfaces })
        .filter(([, reason]) => typeof reason !== 'string' || reason.length < 20)
        .map(([key]) => `${route}.${key}: give the reason`),
    ]);
    expect(problems).toEqual([]);
  });

  it('marks a field the server binds but ignores as deprecated, saying so, and the other way round', () => {
    const problems = reachableProperties().flatMap(({ where, node }) => {
      const forms = baseForms(deref(node));
      const ignored = forms.some(({ schema }) => schema['x-milvus-ignored'] === true);
      const deprecated = forms.some(({ schema }) => schema.deprecated === true);
      const says = forms.some(({ schema }) => /accepted (?:[a-z, ]+ )?and ignored/i.test(String(schema.description ?? '')));
      if (ignored && !(deprecated && says))
        return [`${where}: x-milvus-ignored needs deprecated: true and "Accepted and ignored by the server"`];
      if (!ignored && says) return [`${where}: says it is ignored but lacks x-milvus-ignored`];
      return [];
    });
    expect(problems).toEqual([]);
  });

  it('fails on a drift: a required flag, a type and a key changed in a copy of the spec', () => {
    const insert = routes.find(({ route }) => route === 'entities/insert');
    if (!insert) throw new Error('entities/insert is missing');
    const properties = { ...(insert.body.schema.properties as Record<string, Schema>) };
    properties.partitionName = { type: 'integer', format: 'int64' };
    properties.extraKey = { type: 'string' };
    const drifted: Located = { file: insert.body.file, schema: { ...insert.body.schema, required: ['collectionName'], properties } };
    expect(structProblems('CollectionDataReq', [drifted], '')).toEqual([
      'partitionName: Go string wants type string, the spec has integer',
      "data: binding required is true (CollectionDataReq, request_v2.go L502), the spec's required is false",
      'extraKey: the spec has it, the struct CollectionDataReq does not',
    ]);
  });
});
