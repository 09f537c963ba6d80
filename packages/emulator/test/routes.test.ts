// Every route of the spec has a handler module, and each handler answers the spec's own request
// examples with an answer the spec declares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable, type SpecPath, spec } from '../src/generated/spec.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { handlersByPath, routeModules } from '../src/routes/index.js';
import { envelope, post } from './support/contract.js';

const specPaths = Object.keys(routeTable) as SpecPath[];
const handlers = handlersByPath();

describe('the route registry', () => {
  it('has a handler for every route of the spec', () => {
    const missing = specPaths.filter((path) => !handlers.has(path)).map((path) => `${path} (${routeTable[path].operationId})`);
    expect(
      missing,
      `routes of the spec without an emulator handler: add a module under packages/emulator/src/routes/\n${missing.join('\n')}`,
    ).toEqual([]);
  });

  it('has no handler for a route the spec does not define', () => {
    expect([...handlers.keys()].filter((path) => !Object.hasOwn(routeTable, path))).toEqual([]);
  });

  it('names each module after its resource, and no route twice', () => {
    for (const module of routeModules) {
      for (const route of module.routes) expect(route.path.startsWith(`/v2/vectordb/${module.resource}/`), route.path).toBe(true);
    }
    expect(() => handlersByPath([...routeModules, routeModules[0] as (typeof routeModules)[number]])).toThrow(/two route modules handle/);
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

describe('each handled route answers the examples of the spec', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: true, clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  });
  afterAll(() => emulator.close());

  const cases = specPaths
    .filter((path) => handlers.has(path))
    .flatMap((path) => requestExamples(path).map(([name, body]) => ({ path, name, body })));

  it.each(cases)('$path, example "$name"', async ({ path, body }) => {
    const before = emulator.executions(routeTable[path].operationId);
    const answer = await post(emulator.url, path, body);
    expect(answer.status).toBe(200);
    const { code, message } = envelope(answer);
    expect([1801, 1802], `${path}: ${message}`).not.toContain(code);
    expect(emulator.executions(routeTable[path].operationId)).toBe(before + 1);
  });
});
