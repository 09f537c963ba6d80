// The int64 and envelope decisions of the access-control, import, snapshot and file-resource
// routes, against a real HTTP server on 127.0.0.1 that answers what a Milvus proxy sends.
import { afterEach, describe, expect, it } from 'vitest';
import { createMilvusClient } from '../src/index.js';
import { type ReceivedRequest, type ScriptedAnswer, startScriptedServer } from './support/scripted-server.js';

// Every id is above 2^53, so JSON.parse would change its last digits.
const RESTORE_JOB = '449503829274509314';
const EXPORT_JOB = '449503829274509315';
const PIN = '449503829274509316';
const RESOURCE = '449503829274509317';
const CREATE_TS = '462873463259414531';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(answer: (request: ReceivedRequest, index: number) => ScriptedAnswer) {
  const server = await startScriptedServer(answer);
  servers.push(server);
  return { server, milvus: createMilvusClient({ endpoint: server.url, maxRetries: 0 }) };
}

describe('snapshot ids', () => {
  it('reads a restore job id sent as a string or a number, and sends it back as a decimal string', async () => {
    const { server, milvus } = await serve((request, index) => {
      if (request.url === '/v2/vectordb/snapshots/restore') {
        // Accept-Type-Allow-Int64 false (what the client sends) gives a string; true gives a number.
        return { body: index === 0 ? `{"code":0,"data":{"jobId":"${RESTORE_JOB}"}}` : `{"code":0,"data":{"jobId":${RESTORE_JOB}}}` };
      }
      return {
        body: `{"code":0,"data":{"jobId":${RESTORE_JOB},"snapshotName":"books_2026_04_11","dbName":"default","collectionName":"books_restored","state":"RestoreSnapshotExecuting","progress":60,"reason":"","startTime":1775904000000,"timeCost":42000}}`,
      };
    });
    const body = { sourceCollectionName: 'books', snapshotName: 'books_2026_04_11', targetCollectionName: 'books_restored' };
    const asString = await milvus.restoreSnapshot(body);
    const asNumber = await milvus.restoreSnapshot(body);
    expect(asString.jobId).toBe(RESTORE_JOB);
    expect(asNumber.jobId).toBe(RESTORE_JOB);
    const job = await milvus.getRestoreSnapshotState({ jobId: asNumber.jobId });
    expect(server.received[2]?.url).toBe('/v2/vectordb/jobs/snapshot/describe');
    expect(server.received[2]?.body).toBe(`{"jobId":"${RESTORE_JOB}"}`);
    expect(job.jobId).toBe(RESTORE_JOB);
    expect(job.startTime).toBe(1775904000000);
    expect(job.state).toBe('RestoreSnapshotExecuting');
  });

  it('reads an export job id sent as a bare number and describes the job with it as a string', async () => {
    const { server, milvus } = await serve((request) =>
      request.url === '/v2/vectordb/jobs/snapshot/export'
        ? { body: `{"code":0,"data":{"jobId":${EXPORT_JOB}}}` }
        : {
            body: `{"code":0,"data":{"jobId":${EXPORT_JOB},"snapshotName":"books_2026_04_11","dbName":"default","collectionName":"books","state":"ExportSnapshotCompleted","progress":100,"reason":"","startTime":1775904000000,"timeCost":95000,"totalFiles":128,"copiedFiles":128,"totalBytes":5368709120,"snapshotMetadataURI":"s3://backups/milvus/books/metadata.json"}}`,
          },
    );
    const { jobId } = await milvus.exportSnapshot({
      collectionName: 'books',
      snapshotName: 'books_2026_04_11',
      targetS3Path: 's3://backups/milvus/books/',
    });
    expect(jobId).toBe(EXPORT_JOB);
    const job = await milvus.getExportSnapshotState({ jobId });
    expect(server.received[1]?.url).toBe('/v2/vectordb/jobs/snapshot/export/describe');
    expect(server.received[1]?.body).toBe(`{"jobId":"${EXPORT_JOB}"}`);
    expect(job.jobId).toBe(EXPORT_JOB);
    expect(job.totalBytes).toBe(5368709120);
  });

  it('pins and unpins with the exact pin id, and reads createTs exactly', async () => {
    const { server, milvus } = await serve((request) => {
      if (request.url === '/v2/vectordb/snapshots/pin') return { body: `{"code":0,"data":{"pinId":${PIN}}}` };
      if (request.url === '/v2/vectordb/snapshots/unpin') return { body: '{"code":0,"data":{}}' };
      return {
        body: `{"code":0,"data":{"snapshotName":"books_2026_04_11","description":"","collectionName":"books","partitionNames":null,"createTs":${CREATE_TS},"s3Location":"snapshots/books"}}`,
      };
    });
    const { pinId } = await milvus.pinSnapshotData({ collectionName: 'books', snapshotName: 'books_2026_04_11', ttlSeconds: 86400 });
    expect(pinId).toBe(PIN);
    expect(JSON.parse(server.received[0]?.body ?? '')).toEqual({
      collectionName: 'books',
      snapshotName: 'books_2026_04_11',
      ttlSeconds: 86400,
    });
    await milvus.unpinSnapshotData({ pinId });
    expect(server.received[1]?.body).toBe(`{"pinId":"${PIN}"}`);
    const snapshot = await milvus.describeSnapshot({ collectionName: 'books', snapshotName: 'books_2026_04_11' });
    expect(snapshot.createTs).toBe(CREATE_TS);
    expect(snapshot.partitionNames).toBeNull();
  });
});

describe('import job ids', () => {
  it('keeps the string id as the server sent it, in both directions', async () => {
    const { server, milvus } = await serve(() => ({ body: '{"code":0,"data":{"jobId":"449503829274509312"}}' }));
    const { jobId } = await milvus.createImportJob({
      collectionName: 'books',
      files: [['books/part-0001.parquet'], ['books/part-0002.parquet']],
      options: { auto_commit: 'false' },
    });
    expect(jobId).toBe('449503829274509312');
    expect(JSON.parse(server.received[0]?.body ?? '')).toEqual({
      collectionName: 'books',
      files: [['books/part-0001.parquet'], ['books/part-0002.parquet']],
      options: { auto_commit: 'false' },
    });
    await milvus.abortImportJob({ jobId });
    expect(server.received[1]?.body).toBe('{"jobId":"449503829274509312"}');
  });
});

describe('file resources and resource groups', () => {
  it('reads file resource ids exactly', async () => {
    const { milvus } = await serve(() => ({
      body: `{"code":0,"data":[{"id":${RESOURCE},"name":"stopwords_en","path":"resources/stopwords_en.txt"}]}`,
    }));
    const [resource] = await milvus.listFileResources();
    expect(resource?.id).toBe(RESOURCE);
    expect(resource?.name).toBe('stopwords_en');
  });

  it('resolves describeResourceGroup with the whole body, which has no envelope', async () => {
    const { server, milvus } = await serve(() => ({
      body: '{"resource_group":{"name":"rg_analytics","capacity":2,"num_available_node":2,"num_loaded_replica":{"books":1},"config":{"requests":{"node_num":2},"limits":{"node_num":4}},"nodes":[{"node_id":7,"address":"10.0.3.17:21123","hostname":"querynode-2"}]}}',
    }));
    const { resource_group: group } = await milvus.describeResourceGroup({ name: 'rg_analytics' });
    expect(group.name).toBe('rg_analytics');
    expect(group.num_loaded_replica).toEqual({ books: 1 });
    expect(group.nodes?.[0]?.node_id).toBe(7);
    expect(group.config?.limits?.node_num).toBe(4);
    expect(server.received[0]?.body).toBe('{"name":"rg_analytics"}');
  });

  it('sends resource group configurations with their snake_case keys', async () => {
    const { server, milvus } = await serve(() => ({ body: '{"code":0,"data":{}}' }));
    await milvus.updateResourceGroups({ resource_groups: { rg_analytics: { requests: { node_num: 0 }, limits: { node_num: 0 } } } });
    expect(server.received[0]?.url).toBe('/v2/vectordb/resource_groups/alter');
    expect(server.received[0]?.body).toBe('{"resource_groups":{"rg_analytics":{"requests":{"node_num":0},"limits":{"node_num":0}}}}');
  });
});

describe('users and roles', () => {
  it('resolves describeUser with the role names; call() also gives the top-level description', async () => {
    const answer = '{"code":0,"data":["reader"],"description":"Analytics service account"}';
    const { milvus } = await serve(() => ({ body: answer }));
    expect(await milvus.describeUser({ userName: 'alice' })).toEqual(['reader']);
    const envelope = await milvus.call('/v2/vectordb/users/describe', { userName: 'alice' });
    expect(envelope.description).toBe('Analytics service account');
    expect(envelope.data).toEqual(['reader']);
  });

  it('gives the privileges of a group as the comma-joined string the server sends', async () => {
    const { milvus } = await serve(() => ({
      body: '{"code":0,"data":{"privilegeGroups":[{"privilegeGroupName":"search_and_query","privileges":"Search,Query"}]}}',
    }));
    const { privilegeGroups } = await milvus.listPrivilegeGroups();
    expect(privilegeGroups[0]?.privileges.split(',')).toEqual(['Search', 'Query']);
  });
});
