// /v2/vectordb/jobs/snapshot/*: the jobs that restore snapshots (from snapshots/restore or from
// an exported copy) and export them to external object storage. The routes that start a job
// answer its id as a bare JSON int64; the describe routes take it back as a decimal string.

import { ApiError, ErrorCode } from '../api-error.js';
import { parseDecimalId } from '../state/job-ids.js';
import { describeExportJob, describeRestoreJob, FAILING_PATH_MARKER } from '../state/snapshots.js';
import { defineRoute, type RouteModule } from './route-module.js';
import { restoredCollection } from './snapshots.js';

const jobNotFound = (kind: string, id: bigint) => new ApiError(ErrorCode.Unexpected, `${kind} snapshot job not found[jobID=${id}]`);

/** Where an export to `targetS3Path` writes its metadata. */
function metadataUri(targetS3Path: string): string {
  return `${targetS3Path.endsWith('/') ? targetS3Path : `${targetS3Path}/`}metadata.json`;
}

export const snapshotJobRoutes: RouteModule = {
  resource: 'jobs/snapshot',
  routes: [
    defineRoute('/v2/vectordb/jobs/snapshot/restore_external', {
      requestStruct: 'RestoreExternalSnapshotReq',
      handle(body, { store, dbName }) {
        const now = store.clock.now();
        const exported = store.snapshots.exportAt(body.snapshotMetadataURI, now);
        // Only what an export of this emulator wrote can be read back; anything else fails the job.
        let failureReason: string | undefined;
        if (!exported || body.snapshotMetadataURI.includes(FAILING_PATH_MARKER)) {
          failureReason = `failed to read snapshot metadata from ${body.snapshotMetadataURI}: no such key`;
        } else {
          restoredCollection(store, exported.collection, dbName, body.targetCollectionName);
        }
        const id = store.newId();
        store.snapshots.addRestoreJob({
          id,
          snapshotName: exported?.snapshotName ?? '',
          dbName,
          collectionName: body.targetCollectionName,
          startTime: now,
          failureReason,
        });
        return { code: 0, data: { jobId: String(id) } };
      },
    }),

    defineRoute('/v2/vectordb/jobs/snapshot/export', {
      requestStruct: 'ExportSnapshotReq',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const snapshot = store.snapshots.get(dbName, collection.name, body.snapshotName);
        const id = store.newId();
        store.snapshots.addExportJob({
          id,
          snapshotName: snapshot.name,
          dbName,
          collectionName: collection.name,
          startTime: store.clock.now(),
          failureReason: body.targetS3Path.includes(FAILING_PATH_MARKER)
            ? `failed to write to ${body.targetS3Path}: access denied`
            : undefined,
          snapshotMetadataURI: metadataUri(body.targetS3Path),
          collection: structuredClone(snapshot.collection),
        });
        return { code: 0, data: { jobId: String(id) } };
      },
    }),

    defineRoute('/v2/vectordb/jobs/snapshot/export/describe', {
      requestStruct: 'JobIDReq',
      check(body) {
        parseDecimalId(body.jobId, 'jobId');
      },
      handle(body, { store }) {
        const id = parseDecimalId(body.jobId, 'jobId');
        const job = store.snapshots.exportJob(id);
        if (!job) throw jobNotFound('export', id);
        return { code: 0, data: describeExportJob(job, store.clock.now()) };
      },
    }),

    defineRoute('/v2/vectordb/jobs/snapshot/describe', {
      requestStruct: 'JobIDReq',
      check(body) {
        parseDecimalId(body.jobId, 'jobId');
      },
      handle(body, { store }) {
        const id = parseDecimalId(body.jobId, 'jobId');
        const job = store.snapshots.restoreJob(id);
        if (!job) throw jobNotFound('restore', id);
        return { code: 0, data: describeRestoreJob(job, store.clock.now()) };
      },
    }),

    defineRoute('/v2/vectordb/jobs/snapshot/list', {
      requestStruct: 'OptionalCollectionNameReq',
      handle(body, { store, dbName }) {
        store.database(dbName);
        const name = body.collectionName ?? '';
        const now = store.clock.now();
        const records = store.snapshots
          .restoreJobList((job) => job.dbName === dbName && (name === '' || job.collectionName === name))
          .map((job) => describeRestoreJob(job, now));
        return { code: 0, data: { records } };
      },
    }),
  ],
};
