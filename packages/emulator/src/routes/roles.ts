// /v2/vectordb/roles/*: roles, their descriptions, and the privileges granted to them (v1: one
// privilege on one object of a type; v2: a privilege or group on a database and a collection).

import { ANY, ROOT_USER } from '../state/rbac.js';
import { defineRoute, type HandlerContext, type RouteModule } from './route-module.js';

const grantor = (context: HandlerContext) => context.principal?.user ?? ROOT_USER;

export const roleRoutes: RouteModule = {
  resource: 'roles',
  routes: [
    defineRoute('/v2/vectordb/roles/list', {
      requestStruct: 'DatabaseReq',
      handle(_body, { store }) {
        return { code: 0, data: store.rbac.roleNames() };
      },
    }),

    defineRoute('/v2/vectordb/roles/describe', {
      requestStruct: 'RoleReq',
      handle(body, { store, dbName }) {
        const { grants, description } = store.rbac.describeRole(body.roleName, dbName);
        return { code: 0, data: grants, description };
      },
    }),

    defineRoute('/v2/vectordb/roles/create', {
      requestStruct: 'RoleReq',
      handle(body, { store }) {
        store.rbac.createRole(body.roleName, body.description ?? '');
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/roles/alter', {
      requestStruct: 'RoleReq',
      handle(body, { store }) {
        store.rbac.alterRole(body.roleName, body.description ?? '');
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/roles/drop', {
      requestStruct: 'RoleReq',
      handle(body, { store }) {
        store.rbac.dropRole(body.roleName);
        return { code: 0, data: {} };
      },
    }),

    ...(['grant', 'revoke'] as const).map((operation) =>
      defineRoute(`/v2/vectordb/roles/${operation}_privilege`, {
        requestStruct: 'GrantReq',
        handle(body, context) {
          const { objectType, objectName, privilege } = body;
          const grant = { objectType, objectName, privilege, dbName: context.dbName, grantor: grantor(context) };
          context.store.rbac.operatePrivilege(body.roleName, grant, operation);
          return { code: 0, data: {} };
        },
      }),
    ),

    ...(['grant', 'revoke'] as const).map((operation) =>
      defineRoute(`/v2/vectordb/roles/${operation}_privilege_v2`, {
        requestStruct: 'GrantV2Req',
        handle(body, context) {
          // The body's dbName is passed on as given (no DB-Name header); empty means `default`.
          const request = {
            privilege: body.privilege,
            dbName: body.dbName || 'default',
            collectionName: body.collectionName || ANY,
            grantor: grantor(context),
          };
          context.store.rbac.operatePrivilegeV2(body.roleName, request, operation);
          return { code: 0, data: {} };
        },
      }),
    ),
  ],
};
