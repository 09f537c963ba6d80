// Exact int64 values in rows: int64() checks them, and the client writes every bigint in an
// insert body as a JSON number with all its digits.
import { afterEach, describe, expect, it } from 'vitest';
import { createMilvusClient, floatVector, int64, MilvusInvalidArgumentError } from '../src/index.js';
import { startScriptedServer } from './support/scripted-server.js';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('int64', () => {
  it.each([
    ['a decimal string above 2^53', '449503829274509312', 449503829274509312n],
    ['a negative decimal string', '-449503829274509312', -449503829274509312n],
    ['the largest int64', '9223372036854775807', 9223372036854775807n],
    ['the smallest int64', '-9223372036854775808', -9223372036854775808n],
    ['a bigint', 449503829274509313n, 449503829274509313n],
    ['a safe integer', 9007199254740991, 9007199254740991n],
    ['zero', 0, 0n],
  ])('accepts %s', (_name, input, expected) => {
    expect(int64(input)).toBe(expected);
  });

  it.each([
    ['a number above 2^53 (already rounded)', 2 ** 53 + 2],
    ['a fractional number', 1.5],
    ['NaN', Number.NaN],
    ['a string with a fraction', '1.0'],
    ['a string with an exponent', '1e5'],
    ['a string with spaces', ' 12'],
    ['an empty string', ''],
    ['a value above the int64 range', '9223372036854775808'],
    ['a bigint below the int64 range', -9223372036854775809n],
  ])('rejects %s', (_name, input) => {
    expect(() => int64(input)).toThrow(MilvusInvalidArgumentError);
  });

  it('rejects what is not a string, bigint or number', () => {
    expect(() => int64(null as unknown as string)).toThrow(/expected a string, a bigint or a number/);
  });
});

describe('insert with exact int64 values', () => {
  it('sends bigint primary keys and Int64 fields above 2^53 with every digit and reads insertIds back exactly', async () => {
    const server = await startScriptedServer(() => ({
      // A server that ignores Accept-Type-Allow-Int64 writes the ids as bare numbers.
      body: '{"code":0,"cost":0,"data":{"insertCount":2,"insertIds":[449503829274509312,-9223372036854775808]}}',
    }));
    servers.push(server);
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });

    const result = await milvus.insert({
      collectionName: 'books',
      data: [
        { id: int64('449503829274509312'), tags: [int64('9223372036854775807'), 1n], vector: floatVector(new Float32Array([0.5, -1])) },
        { id: int64(-9223372036854775808n), tags: [], vector: [0.25, 2] },
      ],
    });

    expect(server.received[0]?.url).toBe('/v2/vectordb/entities/insert');
    expect(server.received[0]?.body).toBe(
      '{"collectionName":"books","data":[{"id":449503829274509312,"tags":[9223372036854775807,1],"vector":[0.5,-1]},{"id":-9223372036854775808,"tags":[],"vector":[0.25,2]}]}',
    );
    expect(result).toEqual({ insertCount: 2, insertIds: ['449503829274509312', '-9223372036854775808'] });
  });

  it('leaves decimal strings in rows as JSON strings (the server reads them for Int64 fields too)', async () => {
    const server = await startScriptedServer(() => ({ body: '{"code":0,"data":{"upsertCount":1,"upsertIds":["449503829274509312"]}}' }));
    servers.push(server);
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });

    const result = await milvus.upsert({ collectionName: 'books', data: [{ id: '449503829274509312', vector: [1, 2] }] });

    expect(server.received[0]?.body).toBe('{"collectionName":"books","data":[{"id":"449503829274509312","vector":[1,2]}]}');
    expect(result.upsertIds).toEqual(['449503829274509312']);
  });
});
