// The emulator's route registry: every resource's module. To cover a new part of the spec, add a
// module under src/routes/ (one per resource, see route-module.ts) and list it here; the test
// "every route of the spec has a handler" names each spec route that still has none.

import { collectionRoutes } from './collections.js';
import { externalCollectionJobRoutes } from './jobs-external-collection.js';
import type { RouteHandler, RouteModule } from './route-module.js';

export const routeModules: readonly RouteModule[] = [collectionRoutes, externalCollectionJobRoutes];

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
