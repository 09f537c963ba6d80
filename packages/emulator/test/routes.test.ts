// The route registry: the emulator starts only with a handler for every route of the spec (so no
// request can reach an unhandled route), and each handler answers the spec's own request examples
// with an answer the spec declares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable, type SpecPath, spec } from '../src/generated/spec.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { handlersByPath, routeModules } from '../src/routes/index.js';
import type { RouteHandler, RouteModule } from '../src/routes/route-module.js';
import { envelope, expectConformingAnswer, post } from './support/contract.js';

const specPaths = Object.keys(routeTable) as SpecPath[];
const handlers = handlersByPath();
const [first, ...others] = routeModules as [RouteModule, ...RouteModule[]];

describe('the route registry', () => {
  it('has a handler for every route of the spec, and for no other path', () => {
    expect(Object.keys(handlers).sort()).toEqual([...specPaths].sort());
    for (const path of specPaths) expect(handlers[path].path).toBe(path);
  });

  it('refuses to start without a handler for some route of the spec, and names the route', () => {
    const withoutCreate = { ...first, routes: first.routes.filter((route) => route.path !== '/v2/vectordb/collections/create') };
    expect(() => handlersByPath([withoutCreate, ...others])).toThrow(
      /^no handler for \/v2\/vectordb\/collections\/create \(createCollection\): add one to a module under packages\/emulator\/src\/routes\//,
    );
  });

  it('refuses a handler for a path the spec does not define, and two handlers for one path', () => {
    const stray = {
      resource: 'collections',
      routes: [{ ...(first.routes[0] as RouteHandler), path: '/v2/vectordb/collections/nope' as SpecPath }],
    };
    expect(() => handlersByPath([...routeModules, stray])).toThrow(
      /handles \/v2\/vectordb\/collections\/nope, which the spec does not define/,
    );
    expect(() => handlersByPath([...routeModules, first])).toThrow(/two route modules handle/);
  });

  it('answers binding errors with the struct name the spec gives each route (x-milvus-request-struct)', () => {
    const declared = (path: SpecPath) =>
      (spec.paths[path] as { post: { 'x-milvus-request-struct'?: string } }).post['x-milvus-request-struct'];
    const differing = specPaths.filter((path) => handlers[path].requestStruct !== declared(path));
    expect(
      differing.map((path) => `${path}: handler ${handlers[path].requestStruct}, spec ${declared(path)}`),
      "make the handler's requestStruct and the spec's x-milvus-request-struct agree",
    ).toEqual([]);
  });

  it('names each module after its resource', () => {
    for (const module of routeModules) {
      for (const route of module.routes) expect(route.path.startsWith(`/v2/vectordb/${module.resource}/`), route.path).toBe(true);
    }
  });
});

type Examples = Record<string, { summary?: string; value: unknown }>;
function requestExamples(path: SpecPath): [string, unknown][] {
  const post = (spec.paths[path] as { post: { requestBody?: { content: Record<string, { examples?: Examples; example?: unknown }> } } })
    .post;
  const media = post.requestBody?.content['application/json'];
  if (media?.examples) return Object.entries(media.examples).map(([name, example]) => [name, example.value]);
  return media?.example === undefined ? [] : [['example', media.example]];
}

describe('each route answers the examples of the spec', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: true, clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  });
  afterAll(() => emulator.close());

  const cases = specPaths.flatMap((path) => requestExamples(path).map(([name, body]) => ({ path, name, body })));

  it.each(cases)('$path, example "$name"', async ({ path, body }) => {
    const before = emulator.executions(routeTable[path].operationId);
    const answer = await post(emulator.url, path, body);
    expect(answer.status).toBe(200);
    expectConformingAnswer(path, answer);
    const { code, message } = envelope(answer);
    expect([1801, 1802], `${path}: ${message}`).not.toContain(code);
    expect(emulator.executions(routeTable[path].operationId)).toBe(before + 1);
  });
});
