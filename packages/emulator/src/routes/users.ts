// /v2/vectordb/users/*: users, their passwords and descriptions, and the roles bound to them.

import { defineRoute, type RouteModule } from './route-module.js';

export const userRoutes: RouteModule = {
  resource: 'users',
  routes: [
    defineRoute('/v2/vectordb/users/list', {
      requestStruct: 'DatabaseReq',
      handle(_body, { store }) {
        return { code: 0, data: store.rbac.userNames() };
      },
    }),

    defineRoute('/v2/vectordb/users/describe', {
      requestStruct: 'UserReq',
      handle(body, { store }) {
        const { roles, description } = store.rbac.describeUser(body.userName);
        return { code: 0, data: roles, description };
      },
    }),

    defineRoute('/v2/vectordb/users/create', {
      requestStruct: 'PasswordReq',
      handle(body, { store }) {
        store.rbac.createUser(body.userName, body.password, body.description ?? '');
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/users/update_password', {
      requestStruct: 'NewPasswordReq',
      handle(body, { store }) {
        store.rbac.updateUser(body.userName, {
          password: body.password,
          newPassword: body.newPassword,
          description: body.description ?? undefined,
        });
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/users/drop', {
      requestStruct: 'UserReq',
      handle(body, { store }) {
        store.rbac.dropUser(body.userName);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/users/grant_role', {
      requestStruct: 'UserRoleReq',
      handle(body, { store }) {
        store.rbac.grantRole(body.userName, body.roleName);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/users/revoke_role', {
      requestStruct: 'UserRoleReq',
      handle(body, { store }) {
        store.rbac.revokeRole(body.userName, body.roleName);
        return { code: 0, data: {} };
      },
    }),
  ],
};
