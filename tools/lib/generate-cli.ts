// Generates the command table of `milvus-rest` (packages/cli): one command per operation of the
// spec, named from its path (`/v2/vectordb/collections/describe` → `collections describe`),
// listed under its tag, with one flag per top-level property of its request body.

import { isUnsafeInt64, type JsonSchema, listOperations, type OpenApiDocument } from './spec-model.ts';

/** How the CLI reads a flag's text into a body value. Mirrored by `FlagType` in packages/cli/src/command-table.ts. */
type FlagType = 'string' | 'integer' | 'number' | 'boolean' | 'int64' | 'list' | 'json';
type ItemType = 'string' | 'integer' | 'number' | 'int64';

type FlagSpec = {
  flag: string;
  property: string;
  type: FlagType;
  items?: ItemType;
  enum?: string[];
  required?: true;
  description: string;
};

/**
 * Global options of the CLI: a body property whose flag would take one of these names fails the
 * generator, so that a spec change cannot silently shadow `--token` or `--json`. `dbName` is
 * left out on purpose: the global `--db-name` fills it through the client's `dbName` option.
 */
const GLOBAL_FLAGS = new Set(['endpoint', 'token', 'db-name', 'profile', 'json', 'jsonl', 'body', 'verbose', 'timeout', 'help', 'color']);
const OMITTED_PROPERTIES = new Set(['dbName']);

const PATH_PREFIX = '/v2/vectordb/';

/** `collectionName` → `collection-name`, `autoID` → `auto-id`, `resource_groups` → `resource-groups`. */
export function flagName(property: string): string {
  return property
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replaceAll('_', '-')
    .toLowerCase();
}

/** `/v2/vectordb/jobs/external_collection/list` → `['jobs', 'external-collection', 'list']`. */
export function commandWords(path: string): string[] {
  if (!path.startsWith(PATH_PREFIX)) throw new Error(`${path}: the CLI names commands from paths under ${PATH_PREFIX}`);
  return path.slice(PATH_PREFIX.length).split('/').map(flagName);
}

function resolve(doc: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined {
  let node = schema;
  // A property written as `allOf: [{$ref}]` (to add a description to a shared schema) is that schema.
  while (node && (node.$ref || (node.allOf?.length === 1 && !node.type && !node.properties))) {
    if (node.$ref) {
      const name = node.$ref.split('/').pop() as string;
      const target = doc.components.schemas[name];
      if (!target) throw new Error(`dangling $ref ${node.$ref}`);
      node = { ...target, ...(node.description ? { description: node.description } : {}) };
    } else {
      const [only] = node.allOf as JsonSchema[];
      node = { ...resolve(doc, only), ...(node.description ? { description: node.description } : {}) };
    }
  }
  return node;
}

function firstParagraph(text: unknown): string {
  if (typeof text !== 'string') return '';
  return (text.trim().split(/\n\s*\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The spec's prose with its source line breaks removed inside paragraphs (commander wraps help
 * to the terminal), keeping paragraph breaks and the lines of lists and tables.
 */
export function reflow(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\n(?!\s*(?:[-*|]|\d+\.)\s)/g, ' ').replace(/ {2,}/g, ' '))
    .join('\n\n');
}

function mainType(schema: JsonSchema): string | undefined {
  const types = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [schema.type];
  return types.length === 1 ? types[0] : undefined;
}

function itemType(doc: OpenApiDocument, schema: JsonSchema | undefined): ItemType | undefined {
  const item = resolve(doc, schema);
  if (!item) return undefined;
  if (isUnsafeInt64(item)) return 'int64';
  const type = mainType(item);
  return type === 'string' || type === 'integer' || type === 'number' ? type : undefined;
}

function flagFor(doc: OpenApiDocument, property: string, schema: JsonSchema, required: boolean): FlagSpec {
  const resolved = resolve(doc, schema) as JsonSchema;
  const spec: FlagSpec = { flag: flagName(property), property, type: 'json', description: firstParagraph(resolved.description) };
  const type = mainType(resolved);
  if (isUnsafeInt64(resolved)) spec.type = 'int64';
  else if (type === 'string' || type === 'integer' || type === 'number' || type === 'boolean') spec.type = type;
  else if (type === 'array') {
    const items = itemType(doc, resolved.items);
    if (items) {
      spec.type = 'list';
      spec.items = items;
    }
  }
  if (spec.type === 'string' && Array.isArray(resolved.enum)) spec.enum = resolved.enum.map(String);
  if (required) spec.required = true;
  return spec;
}

function flagsOf(doc: OpenApiDocument, operationId: string, schema: JsonSchema | undefined): FlagSpec[] {
  const body = resolve(doc, schema);
  if (!body) return [];
  const required = new Set(body.required ?? []);
  const flags = new Map<string, FlagSpec>();
  // Properties of oneOf branches become flags too (not required: which branch applies is the
  // server's to check); a branch's `false` marks a property that branch forbids.
  for (const source of [body, ...(body.oneOf ?? []).map((branch) => resolve(doc, branch) as JsonSchema)]) {
    for (const [property, propertySchema] of Object.entries(source.properties ?? {})) {
      if (OMITTED_PROPERTIES.has(property) || typeof propertySchema !== 'object' || flags.has(property)) continue;
      const spec = flagFor(doc, property, propertySchema, source === body && required.has(property));
      if (GLOBAL_FLAGS.has(spec.flag)) {
        throw new Error(
          `${operationId}: body property ${property} would shadow the CLI's global --${spec.flag}; rename it in tools/lib/generate-cli.ts`,
        );
      }
      const clash = [...flags.values()].find((other) => other.flag === spec.flag);
      if (clash) throw new Error(`${operationId}: body properties ${clash.property} and ${property} both map to --${spec.flag}`);
      flags.set(property, spec);
    }
  }
  return [...flags.values()];
}

function cliCommands(doc: OpenApiDocument) {
  const tagOrder = ((doc as { tags?: { name: string; description?: string }[] }).tags ?? []).map((tag) => ({
    name: tag.name,
    description: firstParagraph(tag.description),
  }));
  const paths = doc.paths as Record<string, { post?: { tags?: string[] } }>;
  const commands = listOperations(doc).map((op) => {
    const tag = paths[op.path]?.post?.tags?.[0];
    if (!tag || !tagOrder.some((t) => t.name === tag))
      throw new Error(`${op.operationId}: the CLI lists commands by tag; give it one of the spec's tags`);
    return {
      words: commandWords(op.path),
      operationId: op.operationId,
      path: op.path,
      tag,
      kind: op.kind,
      ...(op.deprecated ? { deprecated: true } : {}),
      summary: op.summary,
      description: reflow(op.description ?? ''),
      flags: flagsOf(doc, op.operationId, op.requestSchema),
    };
  });
  const seen = new Set<string>();
  for (const command of commands) {
    const name = command.words.join(' ');
    if (seen.has(name)) throw new Error(`two operations are both the command \`${name}\``);
    seen.add(name);
  }
  return { tagOrder, commands };
}

function cliHeader(specHash: string): string[] {
  return [
    '// Generated by tools/generate.ts (tools/lib/generate-cli.ts) from spec/openapi.yaml.',
    '// Do not edit: change the spec and run `pnpm generate`.',
    `// spec: ${specHash}`,
    '',
  ];
}

/**
 * The command table without prose: what every start of the CLI loads. The descriptions (two thirds
 * of the text) go to command-help.ts, which only `--help` loads: see {@link generateCliHelp}.
 */
export function generateCliCommands(doc: OpenApiDocument, specHash: string): string {
  const { tagOrder, commands } = cliCommands(doc);
  const lean = commands.map(({ description: _description, flags, ...command }) => ({
    ...command,
    flags: flags.map(({ description: _flagDescription, ...flag }) => flag),
  }));
  return [
    ...cliHeader(specHash),
    "import type { CommandSpec, TagSpec } from '../command-table.js';",
    '',
    "/** The spec's tags, in its order: `--help` lists commands under them. */",
    `export const tags: readonly TagSpec[] = ${JSON.stringify(tagOrder, null, 2)};`,
    '',
    "/** One command per operation of the spec, in the spec's order (descriptions are in command-help.ts). */",
    `export const commands: readonly CommandSpec[] = ${JSON.stringify(lean, null, 2)};`,
    '',
  ].join('\n');
}

/** The operations' and flags' descriptions, by operationId: the text of `<command> --help`. */
export function generateCliHelp(doc: OpenApiDocument, specHash: string): string {
  const { commands } = cliCommands(doc);
  const help = Object.fromEntries(
    commands.map((command) => [
      command.operationId,
      { description: command.description, flags: Object.fromEntries(command.flags.map((flag) => [flag.flag, flag.description])) },
    ]),
  );
  return [
    ...cliHeader(specHash),
    "import type { CommandHelp } from '../command-table.js';",
    '',
    "/** By operationId: the operation's description and each flag's, from the spec. */",
    `export const commandHelp: Readonly<Record<string, CommandHelp>> = ${JSON.stringify(help, null, 2)};`,
    '',
  ].join('\n');
}
