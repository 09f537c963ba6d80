// Compares two bundled OpenAPI documents and classifies every difference by what it does to the
// people who use the published packages: breaking (their code stops compiling or working: a major
// bump), feature (something new they may use: minor) or docs (descriptions, examples: patch).
//
// Direction matters. In a request, a narrower schema breaks callers (a field removed or newly
// required, an enum value or a type removed, a tighter bound) and a wider one is a feature. In a
// response, a field that disappears or may now be absent, a type that changes, or an enum that
// loses values breaks readers; a new field or enum value is a feature. Anything this file does not
// know how to judge is reported as breaking, so that an unknown change never ships as a patch.

import { isUnsafeInt64, type JsonSchema } from './spec-model.ts';

export type ChangeKind = 'breaking' | 'feature' | 'docs';
export type Bump = 'major' | 'minor' | 'patch';

/** One difference between two specs: what it is, where, and how it must be released. */
export type SpecChange = { kind: ChangeKind; where: string; what: string };

/** The semver bump each kind of change needs. */
export const bumpFor: Record<ChangeKind, Bump> = { breaking: 'major', feature: 'minor', docs: 'patch' };

const bumpOrder: Record<Bump | 'none', number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** The larger of two bumps (`none` when there is nothing to release). */
export function maxBump(a: Bump | 'none', b: Bump | 'none'): Bump | 'none' {
  return bumpOrder[a] >= bumpOrder[b] ? a : b;
}

/** Whether `planned` releases at least as much as `needed`. */
export function bumpCovers(planned: Bump | 'none', needed: Bump | 'none'): boolean {
  return bumpOrder[planned] >= bumpOrder[needed];
}

/** The bump a list of changes needs: the largest of theirs. */
export function neededBump(changes: SpecChange[]): Bump | 'none' {
  return changes.reduce<Bump | 'none'>((acc, change) => maxBump(acc, bumpFor[change.kind]), 'none');
}

/** One line per change: `major  breaking  response RefreshJob.jobId: removed`. */
export function formatChange(change: SpecChange): string {
  return `${bumpFor[change.kind].padEnd(5)}  ${change.kind.padEnd(8)}  ${change.where}: ${change.what}`;
}

type Node = Record<string, unknown>;
/** A parsed OpenAPI document; only what the comparison walks is typed. */
export type SpecDocument = { paths?: Record<string, Node>; components?: Record<string, Record<string, unknown>>; [key: string]: unknown };
type Direction = 'request' | 'response';

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Schema keywords that only document: a change to them needs a patch. */
const schemaDocKeys = new Set(['description', 'title', 'examples', 'example', '$comment', 'externalDocs', 'default']);
const lowerBounds = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const upperBounds = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
/** Schema keywords this file compares; any other keyword that changes is reported as breaking. */
const handledSchemaKeys = new Set([
  ...schemaDocKeys,
  ...lowerBounds,
  ...upperBounds,
  '$ref',
  'deprecated',
  'type',
  'nullable',
  'enum',
  'const',
  'format',
  'pattern',
  'multipleOf',
  'dependentRequired',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'oneOf',
  'anyOf',
  'allOf',
]);
const operationDocKeys = new Set(['summary', 'description', 'tags', 'externalDocs', 'x-codeSamples', 'security', 'servers']);
const handledOperationKeys = new Set([
  ...operationDocKeys,
  'operationId',
  'deprecated',
  'x-milvus-operation-kind',
  'parameters',
  'requestBody',
  'responses',
]);

function isObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text with sorted keys, so that key order never counts as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => value[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'nothing';
}

function lookup(doc: SpecDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}: compare bundled specs (local refs only)`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isObject(node) ? node[key] : undefined;
  }
  if (node === undefined) throw new Error(`dangling $ref ${ref}`);
  return node;
}

/** Follows $refs (parameters, responses, request bodies); sibling keywords override the target's. */
function deref(doc: SpecDocument, node: unknown, seen = new Set<string>()): Node {
  if (!isObject(node)) return {};
  if (typeof node.$ref !== 'string') return node;
  if (seen.has(node.$ref)) throw new Error(`circular $ref ${node.$ref}`);
  const { $ref, ...siblings } = node;
  return { ...deref(doc, lookup(doc, $ref), new Set([...seen, $ref])), ...siblings };
}

function componentName(node: unknown): string | undefined {
  if (!isObject(node) || typeof node.$ref !== 'string') return undefined;
  return /^#\/components\/schemas\/([^/]+)$/.exec(node.$ref)?.[1];
}

function typeSet(schema: Node): Set<string> | undefined {
  let types: unknown = schema.type;
  if (types === undefined && schema.const !== undefined) types = jsonType(schema.const);
  if (types === undefined && Array.isArray(schema.enum)) types = [...new Set(schema.enum.map(jsonType))];
  if (types === undefined) return undefined; // unconstrained (or decided by oneOf/allOf, compared there)
  const set = new Set(Array.isArray(types) ? (types as string[]) : [types as string]);
  if (schema.nullable === true) set.add('null');
  return set;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function covers(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function enumValues(schema: Node): string[] | undefined {
  if (schema.const !== undefined) return [canonical(schema.const)];
  return Array.isArray(schema.enum) ? schema.enum.map(canonical) : undefined;
}

function branchLabel(node: unknown, index: number): string {
  const name = componentName(node);
  if (name) return name;
  if (isObject(node) && typeof node.title === 'string') return node.title;
  return `#${index + 1}`;
}

class SpecDiff {
  readonly changes: SpecChange[] = [];
  /** Component schemas already compared, per direction: each change is reported once. */
  private readonly comparedComponents = new Set<string>();

  constructor(
    private readonly base: SpecDocument,
    private readonly head: SpecDocument,
  ) {}

  private add(kind: ChangeKind, where: string, what: string): void {
    // A documentation change inside a component schema reads the same in requests and responses:
    // it is named once, as `schema <Name>...`.
    const inComponent = /^(?:request|response) ([^.[{|]+)(.*)$/.exec(where);
    if (kind === 'docs' && inComponent && this.isComponentSchema(inComponent[1] as string))
      where = `schema ${inComponent[1]}${inComponent[2]}`;
    if (!this.changes.some((c) => c.kind === kind && c.where === where && c.what === what)) this.changes.push({ kind, where, what });
  }

  private isComponentSchema(name: string): boolean {
    return name in (this.base.components?.schemas ?? {}) || name in (this.head.components?.schemas ?? {});
  }

  run(): SpecChange[] {
    this.compareTopLevel();
    this.compareOperations();
    this.compareComponentSchemas();
    if (this.changes.length === 0 && !same(this.base, this.head)) {
      this.add('docs', 'spec', 'changed where nothing is published (other components or metadata)');
    }
    return this.changes;
  }

  private compareTopLevel(): void {
    const keys = new Set([...Object.keys(this.base), ...Object.keys(this.head)]);
    for (const key of keys) {
      if (key === 'paths' || key === 'components' || same(this.base[key], this.head[key])) continue;
      if (key === 'webhooks') this.add('breaking', 'spec', 'webhooks changed (not classified: review it)');
      else this.add('docs', 'spec', `${key} changed`);
    }
  }

  // ---- operations -------------------------------------------------------------------------

  private operations(doc: SpecDocument): Map<string, Node> {
    const found = new Map<string, Node>();
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of httpMethods) {
        const op = item[method];
        if (isObject(op)) found.set(`${method.toUpperCase()} ${path}`, op);
      }
    }
    return found;
  }

  private compareOperations(): void {
    const before = this.operations(this.base);
    const after = this.operations(this.head);
    for (const [route, op] of before) {
      if (!after.has(route)) this.add('breaking', `operation ${op.operationId} (${route})`, 'removed');
    }
    for (const [route, op] of after) {
      const old = before.get(route);
      if (!old) this.add('feature', `operation ${op.operationId} (${route})`, 'new operation');
      else this.compareOperation(old, op, route);
    }
  }

  private compareOperation(a: Node, b: Node, route: string): void {
    const id = String(b.operationId ?? route);
    const where = `operation ${id}`;
    if (a.operationId !== b.operationId) {
      this.add('breaking', where, `operationId renamed from ${show(a.operationId)} (the client method and the types change name)`);
    }
    const docKeys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
      (key) => (operationDocKeys.has(key) || (key.startsWith('x-') && key !== 'x-milvus-operation-kind')) && !same(a[key], b[key]),
    );
    if (docKeys.length > 0) this.add('docs', where, `${docKeys.join(', ')} changed`);
    if (Boolean(a.deprecated) !== Boolean(b.deprecated)) this.add('feature', where, b.deprecated ? 'deprecated' : 'no longer deprecated');
    if (a['x-milvus-operation-kind'] !== b['x-milvus-operation-kind']) {
      this.add(
        'feature',
        where,
        `kind changed from ${show(a['x-milvus-operation-kind'])} to ${show(b['x-milvus-operation-kind'])} (the client retries it differently)`,
      );
    }
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!handledOperationKeys.has(key) && !key.startsWith('x-') && !same(a[key], b[key])) {
        this.add('breaking', where, `${key} changed (not classified: review it)`);
      }
    }
    this.compareParameters(a, b, id);
    this.compareRequestBody(a.requestBody, b.requestBody, id);
    this.compareResponses(a.responses, b.responses, id);
  }

  private compareParameters(a: Node, b: Node, id: string): void {
    const index = (doc: SpecDocument, op: Node): Map<string, Node> =>
      new Map(
        (Array.isArray(op.parameters) ? op.parameters : []).map((p) => {
          const param = deref(doc, p);
          return [`${param.in} ${param.name}`, param] as const;
        }),
      );
    const before = index(this.base, a);
    const after = index(this.head, b);
    for (const key of before.keys()) if (!after.has(key)) this.add('breaking', `request ${id}() parameter ${key}`, 'removed');
    for (const [key, param] of after) {
      const where = `request ${id}() parameter ${key}`;
      const old = before.get(key);
      if (!old) {
        this.add(param.required ? 'breaking' : 'feature', where, param.required ? 'new required parameter' : 'new optional parameter');
        continue;
      }
      if (!old.required && param.required) this.add('breaking', where, 'now required');
      if (old.required && !param.required) this.add('feature', where, 'now optional');
      const docKeys = ['description', 'example', 'examples', 'deprecated'].filter((k) => !same(old[k], param[k]));
      if (docKeys.length > 0) this.add('docs', where, `${docKeys.join(', ')} changed`);
      this.compareSchema(old.schema, param.schema, where, 'request');
    }
  }

  private compareContent(a: unknown, b: unknown, where: string, direction: Direction): void {
    const before = isObject(a) ? a : {};
    const after = isObject(b) ? b : {};
    for (const type of Object.keys(before)) {
      if (!(type in after)) this.add('breaking', where, `no longer ${direction === 'request' ? 'accepts' : 'answers with'} ${type}`);
    }
    for (const [type, media] of Object.entries(after)) {
      const old = before[type];
      if (old === undefined) {
        this.add(
          direction === 'request' ? 'feature' : 'breaking',
          where,
          `now ${direction === 'request' ? 'accepts' : 'may answer with'} ${type}`,
        );
        continue;
      }
      const oldMedia = isObject(old) ? old : {};
      const newMedia = isObject(media) ? media : {};
      const docKeys = ['example', 'examples', 'encoding'].filter((k) => !same(oldMedia[k], newMedia[k]));
      if (docKeys.length > 0) this.add('docs', where, `${type} ${docKeys.join(', ')} changed`);
      this.compareSchema(oldMedia.schema, newMedia.schema, where, direction);
    }
  }

  private compareRequestBody(rawA: unknown, rawB: unknown, id: string): void {
    const where = `request ${id}()`;
    if (rawA === undefined && rawB === undefined) return;
    const a = deref(this.base, rawA);
    const b = deref(this.head, rawB);
    if (rawA === undefined) {
      this.add(b.required ? 'breaking' : 'feature', where, b.required ? 'now requires a body' : 'now accepts a body');
      return;
    }
    if (rawB === undefined) {
      this.add('breaking', where, 'no longer takes a body');
      return;
    }
    if (!a.required && b.required) this.add('breaking', where, 'body now required');
    if (a.required && !b.required) this.add('feature', where, 'body now optional');
    if (!same(a.description, b.description)) this.add('docs', where, 'body description changed');
    this.compareContent(a.content, b.content, where, 'request');
  }

  private compareResponses(rawA: unknown, rawB: unknown, id: string): void {
    const before = isObject(rawA) ? rawA : {};
    const after = isObject(rawB) ? rawB : {};
    for (const status of Object.keys(before)) {
      if (!(status in after)) {
        this.add(status.startsWith('2') ? 'breaking' : 'docs', `response ${id}() ${status}`, 'no longer documented');
      }
    }
    for (const [status, raw] of Object.entries(after)) {
      const where = `response ${id}() ${status}`;
      if (!(status in before)) {
        this.add(status.startsWith('2') ? 'feature' : 'docs', where, 'newly documented');
        continue;
      }
      const a = deref(this.base, before[status]);
      const b = deref(this.head, raw);
      const docKeys = ['description', 'headers', 'links'].filter((k) => !same(a[k], b[k]));
      if (docKeys.length > 0) this.add('docs', where, `${docKeys.join(', ')} changed`);
      this.compareContent(a.content, b.content, where, 'response');
    }
  }

  // ---- schemas ----------------------------------------------------------------------------

  private compareComponentSchemas(): void {
    const before = (this.base.components?.schemas ?? {}) as Record<string, unknown>;
    const after = (this.head.components?.schemas ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(before)) {
      if (!(name in after)) this.add('breaking', `type ${name}`, 'removed from @milvus-rest/types');
    }
    for (const name of Object.keys(after)) {
      if (!(name in before)) {
        this.add('feature', `type ${name}`, 'new in @milvus-rest/types');
        continue;
      }
      // A schema no operation reaches is still an exported type: judge it as something users read.
      const reached = this.comparedComponents.has(`request ${name}`) || this.comparedComponents.has(`response ${name}`);
      if (!reached) this.compareComponent(name, 'response');
    }
  }

  private compareComponent(name: string, direction: Direction): void {
    const key = `${direction} ${name}`;
    if (this.comparedComponents.has(key)) return;
    this.comparedComponents.add(key);
    const schemas = (doc: SpecDocument) => (doc.components?.schemas ?? {}) as Record<string, unknown>;
    this.compareSchema(schemas(this.base)[name], schemas(this.head)[name], `${direction} ${name}`, direction);
  }

  private compareSchema(rawA: unknown, rawB: unknown, where: string, direction: Direction, refsOnPath = new Set<string>()): void {
    if (rawA === undefined && rawB === undefined) return;
    const nameA = componentName(rawA);
    const nameB = componentName(rawB);
    if (nameA && nameA === nameB) {
      // The same component on both sides: compare the use site's own keywords here, and the
      // component once, under its own name.
      const { $ref: _a, ...siblingsA } = rawA as Node;
      const { $ref: _b, ...siblingsB } = rawB as Node;
      if (Object.keys(siblingsA).length > 0 || Object.keys(siblingsB).length > 0) {
        this.compareSchemaObject(siblingsA, siblingsB, where, direction, refsOnPath);
      }
      this.compareComponent(nameA, direction);
      return;
    }
    // Different components, or inline schemas: compare structurally where they are used.
    const pairKey = `${nameA ?? ''}|${nameB ?? ''}`;
    if ((nameA || nameB) && refsOnPath.has(pairKey)) return;
    const path = nameA || nameB ? new Set([...refsOnPath, pairKey]) : refsOnPath;
    const a = rawA === undefined ? undefined : deref(this.base, rawA);
    const b = rawB === undefined ? undefined : deref(this.head, rawB);
    if (a === undefined || b === undefined) {
      // A schema where there was none constrains what callers send; dropping one frees them.
      // Readers lose their types either way.
      const added = a === undefined;
      this.add(direction === 'request' && !added ? 'feature' : 'breaking', where, added ? 'schema added' : 'schema removed');
      return;
    }
    this.compareSchemaObject(a, b, where, direction, path);
  }

  private compareSchemaObject(a: Node, b: Node, where: string, direction: Direction, refsOnPath: Set<string>): void {
    const isRequest = direction === 'request';
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];

    const docKeys = keys.filter((k) => (schemaDocKeys.has(k) || k.startsWith('x-')) && !same(a[k], b[k]));
    if (docKeys.length > 0) this.add('docs', where, `${docKeys.join(', ')} changed`);
    if (Boolean(a.deprecated) !== Boolean(b.deprecated)) this.add('feature', where, b.deprecated ? 'deprecated' : 'no longer deprecated');
    for (const key of keys) {
      if (!handledSchemaKeys.has(key) && !key.startsWith('x-') && !same(a[key], b[key])) {
        this.add('breaking', where, `${key} changed (not classified: review it)`);
      }
    }

    this.compareTypes(a, b, where, isRequest);
    this.compareEnums(a, b, where, isRequest);
    this.compareBounds(a, b, where, isRequest);
    this.compareInt64(a, b, where, isRequest);
    this.compareProperties(a, b, where, direction, refsOnPath);
    this.compareAdditionalProperties(a, b, where, direction, refsOnPath);
    this.compareItems(a, b, where, direction, refsOnPath);
    for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) this.compareBranches(keyword, a, b, where, direction, refsOnPath);
  }

  private compareTypes(a: Node, b: Node, where: string, isRequest: boolean): void {
    const before = typeSet(a);
    const after = typeSet(b);
    if (!before && !after) return;
    if (!before || !after) {
      if (!before) this.add('breaking', where, `type narrowed from anything to ${[...(after ?? [])].join(' | ')}`);
      else this.add(isRequest ? 'feature' : 'breaking', where, `type widened from ${[...before].join(' | ')} to anything`);
      return;
    }
    const removed = [...before].filter((t) => !covers(after, t));
    const added = [...after].filter((t) => !covers(before, t));
    if (removed.length > 0) this.add('breaking', where, `type narrowed: no longer ${removed.join(' | ')}`);
    if (added.length > 0) {
      this.add(
        isRequest ? 'feature' : 'breaking',
        where,
        `type widened: ${isRequest ? 'now also accepts' : 'may now be'} ${added.join(' | ')}`,
      );
    }
  }

  private compareEnums(a: Node, b: Node, where: string, isRequest: boolean): void {
    const before = enumValues(a);
    const after = enumValues(b);
    if (!before && !after) return;
    if (!before) {
      this.add('breaking', where, `now restricted to ${after?.join(', ')}`);
      return;
    }
    if (!after) {
      this.add(isRequest ? 'feature' : 'breaking', where, `no longer restricted to ${before.join(', ')}`);
      return;
    }
    const removed = before.filter((v) => !after.includes(v));
    const added = after.filter((v) => !before.includes(v));
    if (removed.length > 0) this.add('breaking', where, `enum narrowed: ${removed.join(', ')} removed`);
    if (added.length > 0) {
      this.add(
        'feature',
        where,
        `enum widened: ${added.join(', ')} added${isRequest ? '' : ' (readers should expect values they do not know)'}`,
      );
    }
  }

  private compareBounds(a: Node, b: Node, where: string, isRequest: boolean): void {
    const changed: string[] = [];
    const judge = (key: string, tighter: boolean): void => {
      const what = `${key} ${show(a[key])} -> ${show(b[key])}`;
      if (!isRequest) changed.push(what);
      else this.add(tighter ? 'breaking' : 'feature', where, `${tighter ? 'tightened' : 'loosened'}: ${what}`);
    };
    for (const key of lowerBounds) {
      if (same(a[key], b[key])) continue;
      judge(key, b[key] !== undefined && (a[key] === undefined || Number(b[key]) > Number(a[key])));
    }
    for (const key of upperBounds) {
      if (same(a[key], b[key])) continue;
      judge(key, b[key] !== undefined && (a[key] === undefined || Number(b[key]) < Number(a[key])));
    }
    for (const key of ['pattern', 'multipleOf', 'dependentRequired']) if (!same(a[key], b[key])) judge(key, b[key] !== undefined);
    if (Boolean(a.uniqueItems) !== Boolean(b.uniqueItems)) judge('uniqueItems', Boolean(b.uniqueItems));
    if (!same(a.format, b.format)) {
      const widened = a.format === 'int32' && b.format === 'int64';
      judge('format', !widened && b.format !== undefined);
    }
    // Bounds of what the server sends do not change anyone's code: they document it.
    if (changed.length > 0) this.add('docs', where, `documented bounds changed: ${changed.join(', ')}`);
  }

  private compareInt64(a: Node, b: Node, where: string, isRequest: boolean): void {
    const before = isUnsafeInt64(a as JsonSchema);
    const after = isUnsafeInt64(b as JsonSchema);
    if (before === after) return;
    if (isRequest) {
      this.add(
        after ? 'feature' : 'breaking',
        where,
        after ? 'now an int64 beyond 2^53 (also accepts strings and bigints)' : 'no longer an int64 beyond 2^53 (only numbers)',
      );
    } else {
      this.add(
        'breaking',
        where,
        after ? 'now an exact int64 string instead of a number' : 'now a number instead of an exact int64 string',
      );
    }
  }

  private compareProperties(a: Node, b: Node, where: string, direction: Direction, refsOnPath: Set<string>): void {
    const isRequest = direction === 'request';
    const propsA = isObject(a.properties) ? a.properties : {};
    const propsB = isObject(b.properties) ? b.properties : {};
    const requiredA = new Set(Array.isArray(a.required) ? (a.required as string[]) : []);
    const requiredB = new Set(Array.isArray(b.required) ? (b.required as string[]) : []);
    const names = new Set([...Object.keys(propsA), ...Object.keys(propsB), ...requiredA, ...requiredB]);
    // A property whose schema is `false` is one callers may not send (`?: never` in the types):
    // for what a caller may write it is no field at all.
    const declared = (props: Record<string, unknown>, name: string) => name in props && !(isRequest && props[name] === false);
    for (const name of names) {
      const at = `${where}.${name}`;
      const inA = declared(propsA, name) || requiredA.has(name);
      const inB = declared(propsB, name) || requiredB.has(name);
      if (!inA && !inB) continue;
      if (inA && !inB) {
        this.add('breaking', at, isRequest ? 'removed (callers that send it no longer compile)' : 'removed');
        continue;
      }
      if (!inA && inB) {
        if (isRequest)
          this.add(requiredB.has(name) ? 'breaking' : 'feature', at, requiredB.has(name) ? 'new required field' : 'new optional field');
        else this.add('feature', at, 'new field');
        continue;
      }
      if (requiredA.has(name) !== requiredB.has(name)) {
        const nowRequired = requiredB.has(name);
        if (isRequest) this.add(nowRequired ? 'breaking' : 'feature', at, nowRequired ? 'now required' : 'now optional');
        else this.add(nowRequired ? 'feature' : 'breaking', at, nowRequired ? 'now always present' : 'may now be absent');
      }
      this.compareSchema(propsA[name], propsB[name], at, direction, refsOnPath);
    }
  }

  private compareAdditionalProperties(a: Node, b: Node, where: string, direction: Direction, refsOnPath: Set<string>): void {
    const before = a.additionalProperties;
    const after = b.additionalProperties;
    if (same(before, after)) return;
    if (isObject(before) && isObject(after)) {
      this.compareSchema(before, after, `${where}{}`, direction, refsOnPath);
      return;
    }
    if (direction === 'request') {
      // An unspecified additionalProperties lets callers send any extra field.
      const rank = (v: unknown) => (v === false ? 0 : isObject(v) ? 1 : 2);
      const tighter = rank(after) < rank(before);
      this.add(
        tighter ? 'breaking' : 'feature',
        where,
        `${tighter ? 'accepts fewer' : 'accepts more'} extra fields (additionalProperties ${show(before)} -> ${show(after)})`,
      );
    } else {
      // In the types an object has an index signature only with additionalProperties true or a schema.
      const rank = (v: unknown) => (v === true ? 2 : isObject(v) ? 1 : 0);
      const narrower = rank(after) < rank(before);
      this.add(
        narrower ? 'breaking' : 'feature',
        where,
        `extra fields ${narrower ? 'no longer typed' : 'now typed'} (additionalProperties ${show(before)} -> ${show(after)})`,
      );
    }
  }

  private compareItems(a: Node, b: Node, where: string, direction: Direction, refsOnPath: Set<string>): void {
    if (a.items === undefined && b.items === undefined) return;
    if (a.items === undefined || b.items === undefined) {
      const tighter = a.items === undefined;
      this.add(
        direction === 'request' && !tighter ? 'feature' : 'breaking',
        `${where}[]`,
        tighter ? 'items now constrained' : 'items no longer constrained',
      );
      return;
    }
    this.compareSchema(a.items, b.items, `${where}[]`, direction, refsOnPath);
  }

  private onlyNewOptionalFields(branch: unknown, holder: Node): string[] | undefined {
    return optionalFieldsOnly(deref(this.head, branch), holder);
  }

  private compareBranches(
    keyword: 'oneOf' | 'anyOf' | 'allOf',
    a: Node,
    b: Node,
    where: string,
    direction: Direction,
    refsOnPath: Set<string>,
  ): void {
    const before = Array.isArray(a[keyword]) ? (a[keyword] as unknown[]) : [];
    const after = Array.isArray(b[keyword]) ? (b[keyword] as unknown[]) : [];
    if (before.length === 0 && after.length === 0) return;
    const labelsA = before.map(branchLabel);
    const labelsB = after.map(branchLabel);
    const unmatchedA = before.map((_, i) => i).filter((i) => !labelsB.includes(labelsA[i] as string));
    const unmatchedB = after.map((_, i) => i).filter((i) => !labelsA.includes(labelsB[i] as string));
    // Branches whose label changed but whose place did not are compared with each other.
    const pairs: [number, number][] = labelsA.flatMap((label, i) =>
      labelsB.includes(label) ? [[i, labelsB.indexOf(label)] as [number, number]] : [],
    );
    while (unmatchedA.length > 0 && unmatchedB.length > 0) pairs.push([unmatchedA.shift() as number, unmatchedB.shift() as number]);
    // allOf: one more branch constrains more; oneOf/anyOf: one more branch allows more.
    const addedIsTighter = keyword === 'allOf';
    for (const i of unmatchedA) {
      const tighter = !addedIsTighter;
      this.add(direction === 'request' && !tighter ? 'feature' : 'breaking', `${where}|${labelsA[i]}`, `${keyword} branch removed`);
    }
    for (const i of unmatchedB) {
      const optionalFields = keyword === 'allOf' && direction === 'request' ? this.onlyNewOptionalFields(after[i], b) : undefined;
      if (optionalFields) {
        for (const name of optionalFields) this.add('feature', `${where}.${name}`, `new optional field (allOf ${labelsB[i]})`);
        continue;
      }
      const tighter = addedIsTighter;
      const kind: ChangeKind = direction === 'request' ? (tighter ? 'breaking' : 'feature') : tighter ? 'feature' : 'breaking';
      this.add(kind, `${where}|${labelsB[i]}`, `${keyword} branch added`);
    }
    for (const [i, j] of pairs) this.compareSchema(before[i], after[j], `${where}|${labelsB[j]}`, direction, refsOnPath);
  }
}

/**
 * The names of the fields an allOf branch of a request adds, when that is all it does: optional
 * properties that its schema does not already declare (or declares as `false`), and no other
 * constraint. Such a branch lets callers send more, like new optional fields; undefined otherwise.
 */
function optionalFieldsOnly(branch: Node, holder: Node): string[] | undefined {
  const constraining = Object.keys(branch).filter((key) => !schemaDocKeys.has(key) && !key.startsWith('x-') && key !== 'properties');
  if (constraining.some((key) => key !== 'type') || (branch.type !== undefined && branch.type !== 'object')) return undefined;
  if (!isObject(branch.properties)) return undefined;
  const declared = isObject(holder.properties) ? holder.properties : {};
  const names = Object.keys(branch.properties);
  return names.every((name) => !(name in declared) || declared[name] === false) ? names : undefined;
}

/** Every difference between the `base` and `head` specs (bundled: local $refs only), classified. */
export function diffSpecs(base: SpecDocument, head: SpecDocument): SpecChange[] {
  return new SpecDiff(base, head).run();
}
