// /v2/vectordb/jobs/import/*: import jobs, one- and two-phase. Job ids are strings on the wire
// (decimal int64s inside); describe echoes the id as it was sent. With authentication on, list
// leaves out the jobs of collections the caller may not import into (no 403 there). Create
// honours the `Idempotency-Key` header: a retry with the same key answers the first job's id.

import { invalidParameter } from '../api-error.js';
import { mayList } from '../authorization.js';
import { describeImportJob, importFailed, type StoredImportJob, summarizeImportJob } from '../state/import-jobs.js';
import { parseDecimalId } from '../state/job-ids.js';
import type { EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

/** The server's `streaming.idempotency.maxKeyLength` default. */
const IDEMPOTENCY_MAX_KEY_LENGTH = 256;

/** Checks an `Idempotency-Key` as the proxy does (ValidateIdempotencyKey): at most 256 bytes of printable ASCII. */
export function checkIdempotencyKey(key: string): void {
  if (key.length > IDEMPOTENCY_MAX_KEY_LENGTH) {
    throw invalidParameter(`idempotency key length ${key.length} exceeds limit ${IDEMPOTENCY_MAX_KEY_LENGTH}`);
  }
  for (let offset = 0; offset < key.length; offset++) {
    const byte = key.charCodeAt(offset);
    if (byte < 0x20 || byte > 0x7e) {
      throw invalidParameter(`idempotency key must be printable ASCII, found byte 0x${byte.toString(16)} at offset ${offset}`);
    }
  }
}

/** The job a describe request names: the data coordinator parses the id (code 2100 when it cannot). */
function describedJob(store: EmulatorStore, jobId: string): StoredImportJob {
  if (!/^[+-]?\d+$/.test(jobId)) {
    throw importFailed(`parse job id failed, err=strconv.ParseInt: parsing ${JSON.stringify(jobId)}: invalid syntax`);
  }
  const id = BigInt(jobId);
  const job = store.importJobs.get(id);
  if (!job) throw importFailed(`import job does not exist, jobID=${id}`);
  return job;
}

/** The job a commit or abort request names (its id was checked by `check`). */
function namedJob(store: EmulatorStore, jobId: string): StoredImportJob {
  const id = parseDecimalId(jobId, 'jobId');
  const job = store.importJobs.get(id);
  if (!job) throw importFailed(`import job does not exist, jobID=${id}`);
  return job;
}

const AUTO_COMMIT = /^(true|false)$/i;

export const importJobRoutes: RouteModule = {
  resource: 'jobs/import',
  routes: [
    defineRoute('/v2/vectordb/jobs/import/create', {
      requestStruct: 'ImportReq',
      check(body) {
        const autoCommit = body.options?.auto_commit;
        if (autoCommit !== undefined && !AUTO_COMMIT.test(String(autoCommit))) {
          throw invalidParameter('options.auto_commit must be one of "true" or "false"');
        }
      },
      handle(body, { store, dbName, headers }) {
        // The proxy checks the key before anything else; an absent or empty key makes no promise.
        const key = headers['idempotency-key'];
        const idempotencyKey = typeof key === 'string' && key !== '' ? key : undefined;
        if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
        const collection = store.collection(dbName, body.collectionName);
        if (collection.external) throw invalidParameter(`import is not supported for external collection ${collection.name}`);
        if (body.files.length === 0 || body.files.every((unit) => unit.length === 0)) throw importFailed('import request is empty');
        const now = store.clock.now();
        // The same key into the same collection answers the first job: the server scopes the key
        // to the collection and deliberately does not compare the bodies (ddl_callbacks_import.go).
        const earlier = idempotencyKey === undefined ? undefined : store.importJobs.byKey(collection.id, idempotencyKey, now);
        if (earlier) return { code: 0, data: { jobId: String(earlier.id) } };
        const job = store.importJobs.create({
          id: store.newId(),
          dbName,
          collectionName: collection.name,
          files: body.files.map((unit) => [...unit]),
          autoCommit: String(body.options?.auto_commit ?? 'true').toLowerCase() === 'true',
          createTime: now,
        });
        if (idempotencyKey !== undefined) store.importJobs.rememberKey(collection.id, idempotencyKey, job, now);
        return { code: 0, data: { jobId: String(job.id) } };
      },
    }),

    defineRoute('/v2/vectordb/jobs/import/list', {
      requestStruct: 'OptionalCollectionNameReq',
      handle(body, { store, dbName, principal }) {
        store.database(dbName);
        const name = body.collectionName ?? '';
        const collectionName = name === '' ? '' : store.collection(dbName, name).name;
        const now = store.clock.now();
        const records = store.importJobs
          .list((job) => job.dbName === dbName && (collectionName === '' || job.collectionName === collectionName))
          .filter((job) => !principal || mayList(store, principal, '/v2/vectordb/jobs/import/list', dbName, job.collectionName))
          .map((job) => summarizeImportJob(job, now));
        return { code: 0, data: { records } };
      },
    }),

    // get_progress is the deprecated path of describe, with the same answer.
    ...(['describe', 'get_progress'] as const).map((action) =>
      defineRoute(`/v2/vectordb/jobs/import/${action}`, {
        requestStruct: 'JobIDReq',
        handle(body, { store }) {
          return { code: 0, data: describeImportJob(describedJob(store, body.jobId), store.clock.now(), body.jobId) };
        },
      }),
    ),

    defineRoute('/v2/vectordb/jobs/import/commit', {
      requestStruct: 'JobIDReq',
      check(body) {
        parseDecimalId(body.jobId, 'jobId');
      },
      handle(body, { store }) {
        store.importJobs.commit(namedJob(store, body.jobId), store.clock.now());
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/jobs/import/abort', {
      requestStruct: 'JobIDReq',
      check(body) {
        parseDecimalId(body.jobId, 'jobId');
      },
      handle(body, { store }) {
        store.importJobs.abort(namedJob(store, body.jobId), store.clock.now());
        return { code: 0, data: {} };
      },
    }),
  ],
};
