// /v2/vectordb/file_resources/*: named files in object storage that analyzers refer to.

import { defineRoute, type RouteModule } from './route-module.js';

export const fileResourceRoutes: RouteModule = {
  resource: 'file_resources',
  routes: [
    defineRoute('/v2/vectordb/file_resources/add', {
      requestStruct: 'FileResourceReq',
      handle(body, { store }) {
        store.fileResources.add(body.name, body.path, () => store.newId());
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/file_resources/remove', {
      requestStruct: 'FileResourceNameReq',
      handle(body, { store }) {
        store.fileResources.remove(body.name);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/file_resources/list', {
      requestStruct: 'EmptyReq',
      handle(_body, { store }) {
        return { code: 0, data: store.fileResources.list() };
      },
    }),
  ],
};
