// The diagnostic routes: common/run_analyzer (with the emulator's own simple analyzer, see
// analyzer.ts), segments/describe (the emulator stores no segments) and quotacenter/describe (a
// fixed metrics document of an idle cluster).

import { analyze } from '../analyzer.js';
import { ApiError, ErrorCode, invalidParameter } from '../api-error.js';
import { collectionNotFoundByName, fieldNotFound } from '../metadata-errors.js';
import { DEFAULT_DATABASE } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

export const analyzerRoutes: RouteModule = {
  resource: 'common',
  routes: [
    defineRoute('/v2/vectordb/common/run_analyzer', {
      requestStruct: 'RunAnalyzerReq',
      handle(body, { store, dbName }) {
        if (body.analyzerParams !== undefined && body.analyzerParams !== '') {
          let params: unknown;
          try {
            params = JSON.parse(body.analyzerParams);
          } catch (error) {
            throw invalidParameter(`failed to parse analyzer params: ${error instanceof Error ? error.message : String(error)}`);
          }
          if (params === null || typeof params !== 'object' || Array.isArray(params)) {
            throw invalidParameter('analyzer params must be a JSON object');
          }
        }
        if (body.collectionName) {
          const collection = store.collection(dbName, body.collectionName);
          if (body.fieldName && !collection.fields.some((field) => field.name === body.fieldName)) throw fieldNotFound(body.fieldName);
        }
        const options = { withDetail: body.withDetail === true, withHash: body.withHash === true };
        return { code: 0, data: { results: body.text.map((text) => ({ tokens: analyze(text, options) })) } };
      },
    }),
  ],
};

export const segmentRoutes: RouteModule = {
  resource: 'segments',
  routes: [
    defineRoute('/v2/vectordb/segments/describe', {
      requestStruct: 'GetSegmentsInfoReq',
      handle(body, { store }) {
        // This route reads the database from the body only, not from the DB-Name header.
        const database = store.database(body.dbName || DEFAULT_DATABASE);
        const collectionId = body.collectionID === undefined ? '0' : String(body.collectionID);
        if (collectionId !== '0' && ![...database.values()].some((collection) => String(collection.id) === collectionId)) {
          throw collectionNotFoundByName(collectionId);
        }
        // The emulator keeps rows, not segments: no segment id names one.
        const [first] = body.segmentIDs ?? [];
        if (first !== undefined) throw new ApiError(ErrorCode.SegmentNotFound, `segment not found[segment=${String(first)}]`);
        return { code: 0, data: { segmentInfos: [] } };
      },
    }),
  ],
};

// The quota center's metrics of an idle one-node cluster: no traffic, nothing throttled.
const QUOTA_METRICS = JSON.stringify({
  Proxies: [
    {
      NodeID: 1,
      Rms: [
        { Label: 'InsertRate', Rate: 0 },
        { Label: 'UpsertRate', Rate: 0 },
        { Label: 'DeleteRate', Rate: 0 },
        { Label: 'SearchRate', Rate: 0 },
        { Label: 'QueryRate', Rate: 0 },
      ],
    },
  ],
  QueryNodes: [{ NodeID: 1, Hms: { MemoryUsage: 0, Memory: 0 }, Effect: { NodeID: 1, CollectionIDs: [] } }],
  DataNodes: [{ NodeID: 1, Hms: { MemoryUsage: 0, Memory: 0 }, Effect: { NodeID: 1, CollectionIDs: [] } }],
});

export const quotaCenterRoutes: RouteModule = {
  resource: 'quotacenter',
  routes: [
    defineRoute('/v2/vectordb/quotacenter/describe', {
      requestStruct: 'GetQuotaMetricsReq',
      handle() {
        return { code: 0, data: QUOTA_METRICS };
      },
    }),
  ],
};
