// The compact operation rows decode to the facts the spec gives each operation: every field of a
// row, including an empty int64 request list between a route and a response list.
import { describe, expect, it } from 'vitest';
import { encodedOperations } from '../src/generated/operations.js';
import { operationTable } from '../src/index.js';

describe('operationTable', () => {
  it('has one entry per generated row, each with a /v2/vectordb/ route', () => {
    expect(Object.keys(operationTable)).toHaveLength(encodedOperations.length);
    for (const info of Object.values(operationTable)) expect(info.path).toMatch(/^\/v2\/vectordb\/[a-z0-9_/]+$/);
  });

  it.each([
    [
      'describeCollection',
      { path: '/v2/vectordb/collections/describe', kind: 'read', takesDbName: true, bareBody: false, idempotencyKey: false },
    ],
    [
      'abortImportJob',
      { path: '/v2/vectordb/jobs/import/abort', kind: 'write', takesDbName: false, bareBody: false, idempotencyKey: false },
    ],
    ['describeResourceGroup', { path: '/v2/vectordb/resource_groups/describe', kind: 'read', takesDbName: false, bareBody: true }],
    ['createImportJob', { path: '/v2/vectordb/jobs/import/create', kind: 'write', takesDbName: true, idempotencyKey: true }],
  ] as const)('%s: route, kind and flags', (operationId, facts) => {
    expect(operationTable[operationId]).toMatchObject(facts);
  });

  it('keeps an empty request list apart from the response list (compact: no int64 in, one out)', () => {
    expect(operationTable.compact.int64Request).toEqual([]);
    expect(operationTable.compact.int64Response).toEqual([['data', 'compactionID']]);
  });

  it('splits int64 paths into segments, `[]` included', () => {
    expect(operationTable.getSegmentsInfo.int64Request).toEqual([['collectionID'], ['segmentIDs', '[]']]);
    expect(operationTable.describeCollection.int64Response).toContainEqual(['data', 'fields', '[]', 'defaultValue', 'Data', 'LongData']);
    expect(operationTable.describeIndex.int64Request).toEqual([['timestamp']]);
  });

  it('is frozen, so a caller cannot change what every client reads', () => {
    expect(Object.isFrozen(operationTable)).toBe(true);
  });
});
