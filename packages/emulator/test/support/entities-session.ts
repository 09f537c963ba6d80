// Shared set-up of the entities tests: an emulator with a collection whose schema has one field of
// each kind the tests write, and short helpers that post and return the envelope.
import { afterEach, expect } from 'vitest';
import { type Emulator, startEmulator } from '../../src/index.js';
import { type Answer, envelope, post } from './contract.js';

export const BASE = '/v2/vectordb';
const running: Emulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** A custom schema, indexed (so loaded): every field kind the write tests exercise. */
export const BOOKS_SCHEMA = {
  collectionName: 'books',
  schema: {
    enableDynamicField: true,
    fields: [
      { fieldName: 'id', dataType: 'Int64', isPrimary: true },
      { fieldName: 'title', dataType: 'VarChar', elementTypeParams: { max_length: 16 } },
      { fieldName: 'year', dataType: 'Int32' },
      { fieldName: 'copies', dataType: 'Int64', nullable: true },
      { fieldName: 'rating', dataType: 'Float', defaultValue: 2.5 },
      {
        fieldName: 'tags',
        dataType: 'Array',
        elementDataType: 'VarChar',
        nullable: true,
        elementTypeParams: { max_capacity: 3, max_length: 8 },
      },
      { fieldName: 'vector', dataType: 'FloatVector', elementTypeParams: { dim: 2 } },
    ],
  },
  indexParams: [{ fieldName: 'vector', metricType: 'L2' }],
};

export type Envelope = { code: number; message?: string; data?: unknown; topks?: number[] } & Record<string, unknown>;

export type Session = {
  emulator: Emulator;
  /** Posts to `/v2/vectordb/<route>` and returns the envelope (bigints beyond 2^53). */
  call(route: string, body: unknown, headers?: Record<string, string>): Promise<Envelope>;
  /** Posts and returns the whole answer (the exact text too). */
  raw(route: string, body: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Posts and expects code 0; returns `data`. */
  ok(route: string, body: unknown, headers?: Record<string, string>): Promise<unknown>;
};

/** An emulator with the given collections created (each must succeed). */
export async function session(...creates: unknown[]): Promise<Session> {
  const emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_712_832_000_000 } });
  running.push(emulator);
  const raw = (route: string, body: unknown, headers: Record<string, string> = {}) => post(emulator.url, `${BASE}/${route}`, body, headers);
  const call = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
    const answer = await raw(route, body, headers);
    return { ...(answer.json as object), ...envelope(answer) } as Envelope;
  };
  const ok = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
    const answer = envelope(await raw(route, body, headers));
    expect(answer, `${route}: ${answer.message}`).toMatchObject({ code: 0 });
    return answer.data;
  };
  for (const body of creates) await ok('collections/create', body);
  return { emulator, call, raw, ok };
}
