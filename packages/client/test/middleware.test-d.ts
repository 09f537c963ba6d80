// Middleware written for openapi-fetch is middleware for this client: the types prove it.
import type { Middleware as OpenapiFetchMiddleware } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import { createMilvusClient, type Middleware } from '../src/index.js';

describe('Middleware', () => {
  it('accepts any openapi-fetch middleware object', () => {
    expectTypeOf<OpenapiFetchMiddleware>().toExtend<Middleware>();
    const logger: OpenapiFetchMiddleware = {
      onRequest: ({ request, schemaPath, id, options }) => {
        void [request.url, schemaPath, id, options.baseUrl];
      },
      onResponse: ({ response }) => response.clone(),
      onError: ({ error }) => (error instanceof Error ? error : new Error(String(error))),
    };
    const milvus = createMilvusClient({ endpoint: 'http://localhost:19530' });
    milvus.use(logger);
    milvus.eject(logger);
  });

  it('gives callbacks what openapi-fetch gives them', () => {
    expectTypeOf<Parameters<NonNullable<Middleware['onResponse']>>[0]['response']>().toEqualTypeOf<Response>();
    expectTypeOf<Parameters<NonNullable<Middleware['onRequest']>>[0]['request']>().toEqualTypeOf<Request>();
  });

  it('refuses what is not middleware', () => {
    const milvus = createMilvusClient({ endpoint: 'http://localhost:19530' });
    // @ts-expect-error a function is not a middleware object
    milvus.use(() => undefined);
  });
});
