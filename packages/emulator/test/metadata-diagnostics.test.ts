// common/run_analyzer (the emulator's simple analyzer), segments/describe and quotacenter/describe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, murmurHash3 } from '../src/analyzer.js';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: true, firstId: '449503829274509400' });
});
afterAll(() => emulator.close());

async function call(route: string, body: unknown) {
  return envelope(await post(emulator.url, `/v2/vectordb/${route}`, body));
}

describe('the analyzer', () => {
  it('splits at whitespace and punctuation and lowercases, with byte offsets and positions', async () => {
    expect(await call('common/run_analyzer', { text: ['Milvus is a vector database.', 'Déjà-vu!'], withDetail: true })).toEqual({
      code: 0,
      data: {
        results: [
          {
            tokens: [
              { token: 'milvus', startOffset: 0, endOffset: 6, position: 0, positionLength: 1 },
              { token: 'is', startOffset: 7, endOffset: 9, position: 1, positionLength: 1 },
              { token: 'a', startOffset: 10, endOffset: 11, position: 2, positionLength: 1 },
              { token: 'vector', startOffset: 12, endOffset: 18, position: 3, positionLength: 1 },
              { token: 'database', startOffset: 19, endOffset: 27, position: 4, positionLength: 1 },
            ],
          },
          // Offsets count UTF-8 bytes: é and à take two each.
          {
            tokens: [
              { token: 'déjà', startOffset: 0, endOffset: 6, position: 0, positionLength: 1 },
              { token: 'vu', startOffset: 7, endOffset: 9, position: 1, positionLength: 1 },
            ],
          },
        ],
      },
    });
  });

  it('hashes tokens with MurmurHash3 (32 bits, seed 0) when asked', async () => {
    const encoder = new TextEncoder();
    expect(['', 'a', 'abc', 'Hello, world!'].map((text) => murmurHash3(encoder.encode(text)))).toEqual([
      0, 0x3c2569b2, 0xb3dd93fa, 0xc0363e43,
    ]);
    expect(await call('common/run_analyzer', { text: ['ABC'], withHash: true })).toEqual({
      code: 0,
      data: { results: [{ tokens: [{ token: 'abc', hash: 0xb3dd93fa }] }] },
    });
    expect(analyze('')).toEqual([]);
  });

  it('uses a collection field’s analyzer only if the field exists, and refuses analyzerParams that are not a JSON object', async () => {
    expect((await call('common/run_analyzer', { collectionName: 'books', fieldName: 'vector', text: ['x'] })).code).toBe(0);
    expect(await call('common/run_analyzer', { collectionName: 'books', fieldName: 'nothing', text: ['x'] })).toEqual({
      code: 1700,
      message: 'field not found[field=nothing]',
    });
    expect(await call('common/run_analyzer', { analyzerParams: '["standard"]', text: ['x'] })).toEqual({
      code: 1100,
      message: 'analyzer params must be a JSON object: invalid parameter',
    });
    expect((await call('common/run_analyzer', { analyzerParams: '{"tokenizer":', text: ['x'] })).code).toBe(1100);
  });
});

describe('segments/describe', () => {
  it('finds no segment: the emulator stores rows, not segments (600), and checks the collection id (100)', async () => {
    const { collectionID } = (await call('collections/describe', { collectionName: 'books' })).data as { collectionID: bigint };
    expect(await call('segments/describe', { collectionID })).toEqual({ code: 0, data: { segmentInfos: [] } });
    expect(await call('segments/describe', { collectionID, segmentIDs: [449503829274509350n] })).toEqual({
      code: 600,
      message: 'segment not found[segment=449503829274509350]',
    });
    expect(await call('segments/describe', { collectionID: 449503829274599999n })).toEqual({
      code: 100,
      message: 'collection not found[collection=449503829274599999]',
    });
  });
});

describe('quotacenter/describe', () => {
  it('answers a metrics document as a JSON string', async () => {
    const answer = await call('quotacenter/describe', {});
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.data as string)).toMatchObject({
      Proxies: [{ NodeID: 1 }],
      QueryNodes: [{ NodeID: 1 }],
      DataNodes: [{ NodeID: 1 }],
    });
  });
});
