// Property tests over every route of the spec: random bodies that the spec accepts never get the
// binding's errors (1801/1802), and bodies broken in the ways the server's binding catches always
// get its code. Every answer is also checked against the spec.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable, type SpecPath } from '../src/generated/spec.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { requestSchema, validateRequestBody } from '../src/spec-schemas.js';
import { envelope, post, toJson } from './support/contract.js';
import { baseOf, declaredTypes, hasZeroRequiredField, resolve, valueArbitrary, wrongKindValue } from './support/schema-arbitrary.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: true, clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
});
afterAll(() => emulator.close());

const paths = Object.keys(routeTable) as SpecPath[];
const RUNS = 15;

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  return value;
}

/** Bodies the spec accepts and the server's binding too: no required field at its Go zero value. */
function validBodies(path: SpecPath): fc.Arbitrary<Record<string, unknown>> {
  const schema = requestSchema(path);
  return valueArbitrary(schema)
    .filter((value) => value !== null && typeof value === 'object' && !Array.isArray(value))
    .filter((value) => !hasZeroRequiredField(schema, value))
    .filter((value) => validateRequestBody(path, plain(value)).length === 0) as fc.Arbitrary<Record<string, unknown>>;
}

// A handler may answer 1802 by itself, after binding: collections/create does for an index on a
// field the schema lacks ("hasn't defined in schema"), as the server does. Binding's own 1802
// messages name a struct field (`Key: '...'`).
function isBindingError(code: number, message: string | undefined): boolean {
  return code === 1801 || (code === 1802 && (message ?? '').includes("Key: '"));
}

// Each property runs only on the routes it applies to, so that every generated test asserts.
const routes = paths.map((path) => {
  const schema = requestSchema(path);
  const base = baseOf(schema);
  const wrongKinds = [...declaredTypes(schema)].flatMap(([field, types]) => {
    const wrong = wrongKindValue(types);
    return wrong ? [{ field, ...wrong }] : [];
  });
  const enums = Object.entries(base.properties ?? {})
    .filter(([, child]) => Array.isArray(resolve(child)?.enum))
    .map(([name]) => name);
  return { path, required: [...new Set(base.required ?? [])], wrongKinds, enums };
});
const withRequired = routes.filter((route) => route.required.length > 0);
const withWrongKinds = routes.filter((route) => route.wrongKinds.length > 0);
const withEnums = routes.filter((route) => route.enums.length > 0);

describe('bodies the spec accepts', () => {
  it.each(paths)('%s answers them without a binding error', async (path) => {
    await fc.assert(
      fc.asyncProperty(validBodies(path), async (body) => {
        const answer = envelope(await post(emulator.url, path, body));
        expect(isBindingError(answer.code, answer.message), `${toJson(body)} got ${answer.code} ${answer.message}`).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a required field missing or at its zero value', () => {
  it.each(withRequired)('$path answers 1802', async ({ path, required }) => {
    await fc.assert(
      fc.asyncProperty(validBodies(path), fc.constantFrom(...required), fc.constantFrom('missing', 'zero'), async (body, field, how) => {
        const broken: Record<string, unknown> = { ...body };
        if (how === 'missing') delete broken[field];
        else if (typeof broken[field] === 'string') broken[field] = '';
        else if (typeof broken[field] === 'number' || typeof broken[field] === 'bigint') broken[field] = 0;
        else delete broken[field];
        const answer = envelope(await post(emulator.url, path, broken));
        expect(answer.code, `${toJson(broken)}: ${answer.message}`).toBe(1802);
        // A missing struct value (x-milvus-go-type: struct) fails on its own required fields: `A.B.C`.
        expect(answer.message).toMatch(
          /^missing required parameters, error: Key: '\w+(?:\.\w+)+' Error:Field validation for '\w+' failed on the 'required' tag/,
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a field with a JSON type its Go field cannot take', () => {
  it.each(withWrongKinds)('$path answers 1801', async ({ path, wrongKinds }) => {
    await fc.assert(
      fc.asyncProperty(validBodies(path), fc.constantFrom(...wrongKinds), async (body, { field, value, kind }) => {
        const broken = { ...body, [field]: value };
        const answer = envelope(await post(emulator.url, path, broken));
        expect(answer.code, `${toJson(broken)}: ${answer.message}`).toBe(1801);
        expect(answer.message).toContain(
          `can only accept json format request, error: json: cannot unmarshal ${kind} into Go struct field `,
        );
        expect(answer.message).toContain(`.${field} of type `);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a body that is cut short, empty, or not an object', () => {
  it.each(paths)('%s answers 1801', async (path) => {
    await fc.assert(
      fc.asyncProperty(validBodies(path), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.nat(3), async (body, cut, shape) => {
        const text = toJson(body);
        const sent = [text.slice(0, Math.floor(text.length * cut)), `[${text}]`, JSON.stringify(text), '   '][shape] as string;
        const answer = envelope(await post(emulator.url, path, sent));
        expect(answer.code, `${JSON.stringify(sent)}: ${answer.message}`).toBe(1801);
        expect(answer.message).toMatch(
          /^can only accept json format request, (error: |the request body should be nil, however \{\} is valid$)/,
        );
      }),
      { numRuns: RUNS },
    );
  });
});

describe('a top-level enum field with a value outside its enum', () => {
  it.each(withEnums)('$path answers 1100', async ({ path, enums }) => {
    await fc.assert(
      fc.asyncProperty(validBodies(path), fc.constantFrom(...enums), async (body, field) => {
        const broken = { ...body, [field]: 'NotAValue' };
        const answer = envelope(await post(emulator.url, path, broken));
        expect(answer.code, `${toJson(broken)}: ${answer.message}`).toBe(1100);
      }),
      { numRuns: RUNS },
    );
  });
});
