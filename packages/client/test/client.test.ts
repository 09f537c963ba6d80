// The client against a real HTTP server on 127.0.0.1 that answers exactly what a Milvus proxy
// sends, byte for byte: success envelopes, errors with HTTP 200, 401, plain-text 404.
import { afterEach, describe, expect, it } from 'vitest';
import { createMilvusClient, MilvusApiError, MilvusErrorCode, MilvusHttpError } from '../src/index.js';
import { type ScriptedAnswer, startScriptedServer } from './support/scripted-server.js';

const JOB_ID = '449503829274509312'; // above 2^53: JSON.parse would make it ...300
const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(answer: (body: string, index: number) => ScriptedAnswer) {
  const server = await startScriptedServer((request, index) => answer(request.body, index));
  servers.push(server);
  return server;
}

const jobsBody = `{"code":0,"data":{"records":[{"jobId":${JOB_ID},"collectionName":"ext_books","state":"RefreshCompleted","progress":100,"externalSource":"s3://bucket/books/","startTime":1712832000000,"endTime":1712832600000}]}}`;

describe('createMilvusClient against a loopback server', () => {
  it('lists refresh jobs and returns the unwrapped data with exact ids', async () => {
    const server = await serve(() => ({ body: jobsBody }));
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    const { records } = await milvus.listRefreshExternalCollectionJobs({ collectionName: 'ext_books' });
    expect(records).toHaveLength(1);
    expect(records[0]?.jobId).toBe(JOB_ID);
    expect(records[0]?.startTime).toBe(1712832000000);
    expect(server.received[0]?.url).toBe('/v2/vectordb/jobs/external_collection/list');
    expect(server.received[0]?.method).toBe('POST');
    expect(server.received[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.received[0]?.body ?? '')).toEqual({ collectionName: 'ext_books' });
  });

  it('sends a listed job id back to describe with exactly the same digits', async () => {
    const server = await serve((_body, index) =>
      index === 0
        ? { body: jobsBody }
        : {
            body: `{"code":0,"data":{"jobId":${JOB_ID},"collectionName":"ext_books","state":"RefreshInProgress","progress":42,"externalSource":"s3://bucket/books/","startTime":1712832000000,"endTime":0}}`,
          },
    );
    const milvus = createMilvusClient({ endpoint: server.url, maxRetries: 0 });
    const { records } = await milvus.listRefreshExternalCollectionJobs();
    const job = await milvus.getRefreshExternalCollectionProgress({ jobId: records[0]?.jobId ?? '' });
    expect(server.received[1]?.body).toBe(`{"jobId":${JOB_ID}}`);
    expect(job.jobId).toBe(JOB_ID);
    expect(job.progress).toBe(42);
  });

  it('sends {} when a call has no body', async () => {
    const server = await serve(() => ({ body: '{"code":0,"data":{"records":[]}}' }));
    const milvus = createMilvusClient({ endpoint: server.url });
    const data = await milvus.listRefreshExternalCollectionJobs();
    expect(data).toEqual({ records: [] });
    expect(server.received[0]?.body).toBe('{}');
  });

  it('accepts code 200 as success (servers of the 2.4.0 era)', async () => {
    const server = await serve(() => ({ body: `{"code":200,"data":{"jobId":${JOB_ID}}}` }));
    const milvus = createMilvusClient({ endpoint: server.url });
    expect(await milvus.refreshExternalCollection({ collectionName: 'ext_books' })).toEqual({ jobId: JOB_ID });
  });

  it('throws a MilvusApiError for an error envelope that came with HTTP 200', async () => {
    const server = await serve(() => ({
      headers: { 'X-Milvus-Trace-Id': 'trace-123' },
      body: '{"code":100,"message":"collection not found[database=default][collection=ext_books]"}',
    }));
    const milvus = createMilvusClient({ endpoint: server.url });
    const error = await milvus.refreshExternalCollection({ collectionName: 'ext_books' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MilvusApiError);
    const apiError = error as MilvusApiError;
    expect(apiError.code).toBe(MilvusErrorCode.CollectionNotFound);
    expect(apiError.httpStatus).toBe(200);
    expect(apiError.traceId).toBe('trace-123');
    expect(apiError.operationId).toBe('refreshExternalCollection');
    expect(apiError.path).toBe('/v2/vectordb/jobs/external_collection/refresh');
    expect(apiError.retriable).toBe(false);
    expect(apiError.message).toBe(
      'refreshExternalCollection failed: collection not found[database=default][collection=ext_books] (code 100, HTTP 200)',
    );
    expect(server.received).toHaveLength(1);
  });

  it('throws a MilvusApiError with code 1800 for HTTP 401', async () => {
    const server = await serve(() => ({ status: 401, body: '{"code":1800,"message":"user hasn\'t authenticated"}' }));
    const milvus = createMilvusClient({ endpoint: server.url, token: 'root:wrong-password' });
    const error = (await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e)) as MilvusApiError;
    expect(error).toBeInstanceOf(MilvusApiError);
    expect(error.code).toBe(MilvusErrorCode.NotAuthenticated);
    expect(error.httpStatus).toBe(401);
    expect(server.received[0]?.headers.authorization).toBe('Bearer root:wrong-password');
    expect(JSON.stringify(error)).not.toContain('wrong-password');
  });

  it('throws a MilvusHttpError for the plain-text 404 of an unknown route', async () => {
    const server = await serve(() => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: '404 page not found' }));
    const milvus = createMilvusClient({ endpoint: server.url });
    const error = (await milvus.listRefreshExternalCollectionJobs().catch((e: unknown) => e)) as MilvusHttpError;
    expect(error).toBeInstanceOf(MilvusHttpError);
    expect(error.status).toBe(404);
    expect(error.bodyExcerpt).toBe('404 page not found');
    expect(error.message).toBe('listRefreshExternalCollectionJobs failed: unexpected answer (HTTP 404): "404 page not found"');
  });

  it('adds the client dbName to a copy of the body, and an explicit one wins', async () => {
    const server = await serve(() => ({ body: '{"code":0,"data":{"records":[]}}' }));
    const milvus = createMilvusClient({ endpoint: `${server.url}/v2/vectordb/`, dbName: 'analytics' });
    const body = { collectionName: 'ext_books' };
    await milvus.listRefreshExternalCollectionJobs(body);
    await milvus.listRefreshExternalCollectionJobs({ dbName: 'other' });
    expect(body).toEqual({ collectionName: 'ext_books' });
    expect(JSON.parse(server.received[0]?.body ?? '')).toEqual({ collectionName: 'ext_books', dbName: 'analytics' });
    expect(JSON.parse(server.received[1]?.body ?? '')).toEqual({ dbName: 'other' });
    expect(server.received[0]?.url).toBe('/v2/vectordb/jobs/external_collection/list');
  });

  it('does not add dbName to operations that do not take one', async () => {
    const server = await serve(() => ({
      body: `{"code":0,"data":{"jobId":${JOB_ID},"collectionName":"c","state":"RefreshPending","progress":0,"externalSource":"","startTime":1,"endTime":0}}`,
    }));
    const milvus = createMilvusClient({ endpoint: server.url, dbName: 'analytics' });
    await milvus.getRefreshExternalCollectionProgress({ jobId: BigInt(JOB_ID) });
    expect(server.received[0]?.body).toBe(`{"jobId":${JOB_ID}}`);
  });

  it('returns the whole envelope from call(path), siblings included', async () => {
    const server = await serve(() => ({
      body: `{"code":0,"message":"","data":{"collectionName":"ext_books","collectionID":${JOB_ID},"description":"","autoId":false,"fields":[],"aliases":[],"indexes":[],"load":"LoadStateNotLoad","shardsNum":1,"partitionsNum":1,"consistencyLevel":"Bounded","enableDynamicField":false,"properties":[]}}`,
    }));
    const milvus = createMilvusClient({ endpoint: server.url });
    const envelope = await milvus.call('/v2/vectordb/collections/describe', { collectionName: 'ext_books' });
    expect(envelope.message).toBe('');
    expect(envelope.data.collectionID).toBe(JOB_ID);
  });

  it('sends no Authorization header without credentials, and the server hints with them', async () => {
    const server = await serve(() => ({ body: '{"code":0,"data":{"records":[]}}' }));
    await createMilvusClient({ endpoint: server.url, timeoutMs: 2500 }).listRefreshExternalCollectionJobs();
    expect(server.received[0]?.headers.authorization).toBeUndefined();
    expect(server.received[0]?.headers['request-timeout']).toBe('3');
    expect(server.received[0]?.headers['accept-type-allow-int64']).toBe('false');
  });
});
