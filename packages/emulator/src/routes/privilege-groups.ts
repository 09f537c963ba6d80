// /v2/vectordb/privilege_groups/*: custom privilege groups, which roles can be granted like a
// privilege (Grant Privilege V2).

import { defineRoute, type RouteModule } from './route-module.js';

export const privilegeGroupRoutes: RouteModule = {
  resource: 'privilege_groups',
  routes: [
    defineRoute('/v2/vectordb/privilege_groups/create', {
      requestStruct: 'PrivilegeGroupReq',
      handle(body, { store }) {
        store.rbac.createPrivilegeGroup(body.privilegeGroupName);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/privilege_groups/drop', {
      requestStruct: 'PrivilegeGroupReq',
      handle(body, { store }) {
        store.rbac.dropPrivilegeGroup(body.privilegeGroupName);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/privilege_groups/list', {
      requestStruct: 'DatabaseReq',
      handle(_body, { store }) {
        return { code: 0, data: { privilegeGroups: store.rbac.listPrivilegeGroups() } };
      },
    }),

    defineRoute('/v2/vectordb/privilege_groups/add_privileges_to_group', {
      requestStruct: 'PrivilegeGroupReq',
      handle(body, { store }) {
        store.rbac.operatePrivilegeGroup(body.privilegeGroupName, body.privileges, 'add');
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/privilege_groups/remove_privileges_from_group', {
      requestStruct: 'PrivilegeGroupReq',
      handle(body, { store }) {
        store.rbac.operatePrivilegeGroup(body.privilegeGroupName, body.privileges, 'remove');
        return { code: 0, data: {} };
      },
    }),
  ],
};
