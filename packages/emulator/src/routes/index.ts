// The emulator's route registry: every resource's module. To cover a new part of the spec, add a
// module under src/routes/ (one per resource, see route-module.ts) and list it here: the emulator
// refuses to start while a route of the spec has no handler, and names it.

import { routeTable, type SpecPath } from '../generated/spec.js';
import { aliasRoutes } from './aliases.js';
import { collectionSchemaRoutes } from './collection-schema.js';
import { collectionRoutes } from './collections.js';
import { collectionAdminRoutes } from './collections-admin.js';
import { databaseRoutes } from './databases.js';
import { analyzerRoutes, quotaCenterRoutes, segmentRoutes } from './diagnostics.js';
import { entityRoutes } from './entities.js';
import { fileResourceRoutes } from './file-resources.js';
import { importJobRoutes } from './import-jobs.js';
import { indexRoutes } from './indexes.js';
import { externalCollectionJobRoutes } from './jobs-external-collection.js';
import { partitionRoutes } from './partitions.js';
import { privilegeGroupRoutes } from './privilege-groups.js';
import { resourceGroupRoutes } from './resource-groups.js';
import { roleRoutes } from './roles.js';
import type { RouteHandler, RouteModule } from './route-module.js';
import { serverRoutes } from './server.js';
import { snapshotJobRoutes } from './snapshot-jobs.js';
import { snapshotRoutes } from './snapshots.js';
import { userRoutes } from './users.js';

export const routeModules: readonly RouteModule[] = [
  collectionRoutes,
  externalCollectionJobRoutes,
  // Metadata: databases, the other collection routes, partitions, indexes, aliases, diagnostics.
  databaseRoutes,
  collectionAdminRoutes,
  collectionSchemaRoutes,
  partitionRoutes,
  indexRoutes,
  aliasRoutes,
  analyzerRoutes,
  segmentRoutes,
  quotaCenterRoutes,
  serverRoutes,
  // Entities: insert, upsert, delete, get, query, search, hybrid search.
  entityRoutes,
  // Access and jobs.
  userRoutes,
  roleRoutes,
  privilegeGroupRoutes,
  resourceGroupRoutes,
  importJobRoutes,
  snapshotRoutes,
  snapshotJobRoutes,
  fileResourceRoutes,
];

/** One handler for each route of the spec. */
export type HandlerTable = { readonly [P in SpecPath]: RouteHandler };

/**
 * Every handler, by path. A route of the spec without a handler, a handler for a path the spec
 * lacks and two modules claiming one path are mistakes worth failing fast for: the emulator does
 * not start, so no request can reach a route nobody handles.
 */
export function handlersByPath(modules: readonly RouteModule[] = routeModules): HandlerTable {
  const byPath = new Map<string, RouteHandler>();
  for (const module of modules) {
    for (const route of module.routes) {
      if (byPath.has(route.path)) throw new Error(`two route modules handle ${route.path}`);
      if (!Object.hasOwn(routeTable, route.path)) throw new Error(`a route module handles ${route.path}, which the spec does not define`);
      byPath.set(route.path, route);
    }
  }
  const missing = (Object.keys(routeTable) as SpecPath[]).filter((path) => !byPath.has(path));
  if (missing.length > 0) {
    const named = missing.map((path) => `${path} (${routeTable[path].operationId})`).join(', ');
    throw new Error(`no handler for ${named}: add one to a module under packages/emulator/src/routes/ and list it in routes/index.ts`);
  }
  return Object.fromEntries(byPath) as HandlerTable;
}
