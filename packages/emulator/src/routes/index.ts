// The emulator's route registry: every resource's module. To cover a new part of the spec, add a
// module under src/routes/ (one per resource, see route-module.ts) and list it here; the test
// "every route of the spec has a handler" names each spec route that still has none.

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

/** Every handler, by path. Two modules claiming one path is a mistake worth failing fast for. */
export function handlersByPath(modules: readonly RouteModule[] = routeModules): Map<string, RouteHandler> {
  const byPath = new Map<string, RouteHandler>();
  for (const module of modules) {
    for (const route of module.routes) {
      if (byPath.has(route.path)) throw new Error(`two route modules handle ${route.path}`);
      byPath.set(route.path, route);
    }
  }
  return byPath;
}
