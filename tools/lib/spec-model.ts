// Reads facts out of the bundled spec that more than one generated output needs: which int64
// values can exceed 2^53 and where they sit in each operation's request and response, and which
// component schemas requests and responses reach.

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  required?: string[];
  [key: string]: unknown;
};

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, { post?: OperationObject }>;
  components: { schemas: Record<string, JsonSchema> };
};

export type OperationObject = {
  operationId: string;
  summary: string;
  description: string;
  deprecated?: boolean;
  'x-milvus-operation-kind': 'read' | 'write';
  parameters?: { name?: string; $ref?: string }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
};

export type Operation = {
  operationId: string;
  path: string;
  summary: string;
  description: string;
  deprecated: boolean;
  kind: 'read' | 'write';
  requestSchema: JsonSchema | undefined;
  responseSchema: JsonSchema | undefined;
};

/** A location inside a JSON value: property names, `[]` for every array item, `{}` for every map value. */
export type JsonPath = string[];

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function listOperations(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.post;
    if (!op) throw new Error(`${path}: every Milvus v2 route is a POST; this one has no post operation`);
    operations.push({
      operationId: op.operationId,
      path,
      summary: op.summary,
      description: op.description,
      deprecated: op.deprecated === true,
      kind: op['x-milvus-operation-kind'],
      requestSchema: op.requestBody?.content['application/json']?.schema,
      responseSchema: op.responses['200']?.content?.['application/json']?.schema,
    });
  }
  return operations;
}

function refName(ref: string): string {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`unsupported $ref ${ref}: the bundled spec only refers to component schemas`);
  return ref.slice(prefix.length);
}

/** An int64 that may exceed 2^53: `format: int64` with no `maximum` inside the safe range. */
export function isUnsafeInt64(schema: JsonSchema): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('integer') && schema.format === 'int64' && !(typeof schema.maximum === 'number' && schema.maximum <= MAX_SAFE);
}

/** Every path at which `schema` holds an int64 that may exceed 2^53. */
export function int64Paths(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonPath[] {
  const found = new Map<string, JsonPath>();
  const visit = (node: JsonSchema | undefined, path: JsonPath, refsOnPath: Set<string>): void => {
    if (!node) return;
    if (node.$ref) {
      const name = refName(node.$ref);
      if (refsOnPath.has(name)) return; // a recursive schema: its int64s were found on the first pass
      const target = doc.components.schemas[name];
      if (!target) throw new Error(`dangling $ref ${node.$ref}`);
      visit(target, path, new Set([...refsOnPath, name]));
    }
    if (isUnsafeInt64(node)) found.set(path.join('\u0000'), path);
    for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, [...path, key], refsOnPath);
    if (node.items) visit(node.items, [...path, '[]'], refsOnPath);
    if (node.additionalProperties && typeof node.additionalProperties === 'object') {
      visit(node.additionalProperties, [...path, '{}'], refsOnPath);
    }
    for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) visit(branch, path, refsOnPath);
  };
  visit(schema, [], new Set());
  return [...found.values()];
}

/** The names of the component schemas reachable from `roots`. */
export function reachableComponents(doc: OpenApiDocument, roots: (JsonSchema | undefined)[]): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') {
      const name = refName(record.$ref);
      if (seen.has(name)) return;
      seen.add(name);
      visit(doc.components.schemas[name]);
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'examples' && key !== 'example') visit(value);
  };
  for (const root of roots) visit(root);
  return seen;
}
