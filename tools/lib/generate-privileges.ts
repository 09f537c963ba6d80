// Generates the emulator's authorization table from each operation's `x-milvus-privilege` (which
// spec/lint/milvus-rules.js requires and checks): the privilege the server's REST layer checks for
// a route, on which object, or `none`. packages/emulator/src/authorization.ts reads the table; no
// route's privilege is written by hand anywhere else.

import type { OpenApiDocument } from './spec-model.ts';

/** `x-milvus-privilege` as the lint rule allows it. */
export type PrivilegeExtension =
  | 'none'
  | {
      name: string;
      object: 'Global' | 'Collection' | 'User';
      field?: string;
      at?: 'request' | 'job' | 'each';
    };

/** One route's entry of the generated table (`at` defaults to `request`). */
export type RoutePrivilegeEntry =
  | { check: 'none' }
  | { check: 'request'; privilege: string; object: 'Global' }
  | { check: 'request'; privilege: string; object: 'Collection' | 'User'; field: string }
  | { check: 'job' | 'each'; privilege: string; object: 'Collection' };

/** Every route's privilege, by path. Throws on an operation the lint rule would refuse. */
export function routePrivileges(doc: OpenApiDocument): Record<string, RoutePrivilegeEntry> {
  const table: Record<string, RoutePrivilegeEntry> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.post as ({ operationId: string } & Record<string, unknown>) | undefined;
    const extension = op?.['x-milvus-privilege'] as PrivilegeExtension | undefined;
    if (!op || extension === undefined) {
      throw new Error(`${path}: the operation has no x-milvus-privilege (run \`pnpm --filter @milvus-rest/spec lint\` for the form)`);
    }
    if (extension === 'none') {
      table[path] = { check: 'none' };
      continue;
    }
    const at = extension.at ?? 'request';
    if (at === 'request' && extension.object === 'Global') {
      table[path] = { check: 'request', privilege: extension.name, object: 'Global' };
    } else if (at === 'request' && extension.field !== undefined && extension.object !== 'Global') {
      table[path] = { check: 'request', privilege: extension.name, object: extension.object, field: extension.field };
    } else if (at !== 'request' && extension.object === 'Collection') {
      table[path] = { check: at, privilege: extension.name, object: 'Collection' };
    } else {
      throw new Error(`${op.operationId}: x-milvus-privilege ${JSON.stringify(extension)} is not a form the lint rule allows`);
    }
  }
  return table;
}

/** The emulator's `generated/privileges.ts`. */
export function generateEmulatorPrivileges(doc: OpenApiDocument, header: string): string {
  const table = routePrivileges(doc);
  const rows = Object.keys(table)
    .sort()
    .map((path) => `  ${JSON.stringify(path)}: ${JSON.stringify(table[path])},`);
  return [
    header,
    '',
    "import type { SpecPath } from './spec.js';",
    '',
    '/**',
    " * What the server's REST layer checks before a route acts, from each operation's",
    ' * `x-milvus-privilege`: `none`; a privilege on `*` (Global) or on the object a body field names',
    ' * (`request`); on the collection of the job the body names, after the job is looked up (`job`);',
    ' * or on each listed item, dropping those the caller may not see (`each`).',
    ' */',
    'export type RoutePrivilege =',
    "  | { readonly check: 'none' }",
    "  | { readonly check: 'request'; readonly privilege: string; readonly object: 'Global' }",
    "  | { readonly check: 'request'; readonly privilege: string; readonly object: 'Collection' | 'User'; readonly field: string }",
    "  | { readonly check: 'job'; readonly privilege: string; readonly object: 'Collection' }",
    "  | { readonly check: 'each'; readonly privilege: string; readonly object: 'Collection' };",
    '',
    '/** Every route of the spec and the privilege check its REST handler runs. */',
    'export const routePrivileges: { readonly [path in SpecPath]: RoutePrivilege } = {',
    ...rows,
    '};',
    '',
  ].join('\n');
}
