// /v2/vectordb/jobs/external_collection/*: refresh jobs of external collections.

import { ApiError, ErrorCode, invalidParameter, notExternalCollection } from '../api-error.js';
import { checkExternalSource } from '../state/external-source.js';
import { describeRefreshJob, failureReasonFor, isActive } from '../state/refresh-jobs.js';
import { defineRoute, type RouteModule } from './route-module.js';

export const externalCollectionJobRoutes: RouteModule = {
  resource: 'jobs/external_collection',
  routes: [
    defineRoute('/v2/vectordb/jobs/external_collection/refresh', {
      requestStruct: 'RefreshExternalCollectionReq',
      handle(body, { store, dbName }) {
        const overrideSource = body.externalSource ?? '';
        const overrideSpec = body.externalSpec ?? '';
        if ((overrideSource === '') !== (overrideSpec === '')) {
          throw invalidParameter('externalSource and externalSpec must be both set or both empty when refreshing');
        }
        if (overrideSource !== '') {
          const problem = checkExternalSource(overrideSource, overrideSpec);
          if (problem) throw problem;
        }
        const collection = store.collection(dbName, body.collectionName);
        if (!collection.external) throw notExternalCollection(body.collectionName);
        const source = overrideSource || collection.externalSource;
        const spec = overrideSpec || collection.externalSpec;
        if (source === '') {
          throw invalidParameter(
            `collection ${body.collectionName} has no persisted external_source/external_spec: give externalSource and externalSpec in the refresh request`,
          );
        }
        const now = store.clock.now();
        const active = store.refreshJobs((job) => job.dbName === dbName && job.collectionName === collection.name && isActive(job, now))[0];
        if (active) {
          throw new ApiError(
            ErrorCode.TaskDuplicate,
            `refresh job ${active.id} is already in progress for collection ${collection.name}, please wait for it to complete or cancel it first: task duplicate`,
          );
        }
        const job = store.addRefreshJob({
          dbName,
          collectionName: collection.name,
          externalSource: source,
          externalSpec: spec,
          failureReason: failureReasonFor(source, store.refreshJobOptions),
        });
        // The server keeps an override for later refreshes.
        collection.externalSource = source;
        collection.externalSpec = spec;
        return { code: 0, data: { jobId: String(job.id) } };
      },
    }),

    defineRoute('/v2/vectordb/jobs/external_collection/describe', {
      requestStruct: 'RefreshExternalCollectionProgressReq',
      handle(body, { store }) {
        // The body checker hands int64s over as exact decimal strings.
        const id = String(body.jobId);
        const job = store.refreshJob(BigInt(id));
        if (!job) throw new ApiError(ErrorCode.Unexpected, `job ${id} not found`);
        return { code: 0, data: describeRefreshJob(job, store.clock.now()) };
      },
    }),

    defineRoute('/v2/vectordb/jobs/external_collection/list', {
      requestStruct: 'OptionalCollectionNameReq',
      handle(body, { store, dbName }) {
        store.database(dbName);
        const name = body.collectionName ?? '';
        if (name !== '') {
          const collection = store.collection(dbName, name);
          if (!collection.external) throw notExternalCollection(name);
        }
        const now = store.clock.now();
        const records = store
          .refreshJobs((job) => job.dbName === dbName && (name === '' || job.collectionName === name))
          .map((job) => describeRefreshJob(job, now));
        return { code: 0, data: { records } };
      },
    }),
  ],
};
