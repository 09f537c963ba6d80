// Collections as the server keeps them: built from a collections/create request with the
// server's checks (quick setup, custom schema, external collection), and shown back the way
// collections/describe reports them.

import type {
  CollectionDescription,
  FieldDefaultValue,
  FieldDescription,
  FunctionDescription,
  KeyValuePair,
  StructFieldDescription,
} from '@milvus-rest/types';
import { ApiError, ErrorCode, invalidParameter } from '../api-error.js';
import { spec } from '../generated/spec.js';
import { checkExternalSource, redactExternalSpec } from './external-source.js';
import { goFormat } from './properties.js';

type ConsistencyLevel = CollectionDescription['consistencyLevel'];
type LoadState = CollectionDescription['load'];
type DataType = FieldDescription['type'];
type IndexDescription = CollectionDescription['indexes'][number];

export type FieldInput = {
  fieldName: string;
  dataType: DataType;
  elementDataType?: DataType;
  description?: string;
  isPrimary?: boolean;
  isPartitionKey?: boolean;
  isClusteringKey?: boolean;
  nullable?: boolean;
  defaultValue?: unknown;
  externalField?: string;
  elementTypeParams?: Record<string, unknown>;
};

/**
 * A collections/create body as the server reads it. The spec tells three setups apart (quick,
 * custom, external), but the server binds every one into the same Go struct, `CollectionReq`,
 * and decides by what is set; this is that struct.
 */
export type CreateCollectionInput = {
  dbName?: string;
  collectionName: string;
  description?: string;
  dimension?: number;
  idType?: string;
  autoID?: boolean;
  metricType?: string;
  vectorFieldType?: DataType;
  primaryFieldName?: string;
  vectorFieldName?: string;
  consistencyLevel?: string;
  schema?: {
    autoID?: boolean;
    enableDynamicField?: boolean;
    fields?: FieldInput[];
    structFields?: { fieldName: string; fields?: FieldInput[] }[];
    functions?: {
      name: string;
      description?: string;
      type: string;
      inputFieldNames: string[];
      outputFieldNames: string[];
      params?: Record<string, unknown>;
    }[];
    externalSource?: string;
    externalSpec?: string;
  };
  indexParams?: { fieldName: string; indexName?: string; metricType?: string }[];
  params?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  externalSource?: string;
  externalSpec?: string;
};

/** A collection as the emulator stores it. */
export type Collection = {
  id: bigint;
  dbName: string;
  name: string;
  description: string;
  fields: FieldDescription[];
  functions: FunctionDescription[];
  autoId: boolean;
  enableDynamicField: boolean;
  shardsNum: number;
  partitionsNum: number;
  consistencyLevel: ConsistencyLevel;
  load: LoadState;
  indexes: IndexDescription[];
  properties: KeyValuePair[];
  /** Whether the collection reads from object storage (also while its source is not set yet). */
  external: boolean;
  externalSource: string;
  externalSpec: string;
  /** The request that created it, to tell an idempotent repeat from a conflicting one. */
  createdFrom: string;
  /** The aliases that point at it (aliases/create adds them). */
  aliases?: string[];
  /** Struct fields added by collections/struct_fields/add. */
  structFields?: StructFieldDescription[];
};

const CONSISTENCY_LEVELS: ConsistencyLevel[] = ['Strong', 'Session', 'Bounded', 'Eventually', 'Customized'];
const VECTOR_TYPES = new Set<string>(['BinaryVector', 'FloatVector', 'Float16Vector', 'BFloat16Vector', 'SparseFloatVector', 'Int8Vector']);
const EXTERNAL_UNSUPPORTED_TYPES = new Set<string>(['SparseFloatVector', 'ArrayOfStruct', 'ArrayOfVector']);
// Proto FunctionType numbers: describe writes the enum as a number, as Go's JSON does.
export const FUNCTION_TYPES: Record<string, FunctionDescription['type']> = {
  BM25: 1,
  TextEmbedding: 2,
  Rerank: 3,
  MinHash: 4,
  MolFingerprint: 5,
};
const FIRST_FIELD_ID = 100;
// The server's data type names (case-sensitive), as the spec lists them.
const DATA_TYPES = new Set((spec.components.schemas?.DataType as { enum?: string[] } | undefined)?.enum ?? []);

/** The handler's own check, in its words (handler_v2_test.go TestCreateCollection, no merr suffix). */
function checkDataType(name: string | undefined, what: 'data type' | 'element data type'): void {
  if (name !== undefined && DATA_TYPES.size > 0 && !DATA_TYPES.has(name))
    throw new ApiError(ErrorCode.InvalidParameter, `invalid parameter, ${what} ${name} is invalid(case sensitive).`);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** A `params` value: the server formats each value and parses it, so "2" and 2 are the same. */
function intParam(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
    throw invalidParameter(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return number;
}

const GO_BOOLS: Record<string, boolean> = { 1: true, t: true, T: true, TRUE: true, true: true, True: true };
for (const text of ['0', 'f', 'F', 'FALSE', 'false', 'False']) GO_BOOLS[text] = false;

/**
 * A quick setup's params.enableDynamicField: the handler formats the value (`%v`) and parses it
 * with strconv.ParseBool, answering a failure with code 65535 (handler_v2.go, quick create;
 * handler_v2_test.go TestCreateCollection, `enableDynamicField: 100`).
 */
function enableDynamicParam(value: unknown): boolean {
  if (value === undefined) return true;
  const text = goFormat(value);
  const parsed = GO_BOOLS[text];
  if (parsed !== undefined) return parsed;
  throw new ApiError(
    ErrorCode.Unexpected,
    `parse enableDynamicField fail, err:strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`,
  );
}

function consistencyOf(request: CreateCollectionInput): ConsistencyLevel {
  const given = [request.consistencyLevel, request.params?.consistencyLevel].filter((level) => level !== undefined && level !== '');
  for (const level of given) {
    if (!CONSISTENCY_LEVELS.includes(level as ConsistencyLevel)) {
      // handler_v2_test.go TestCreateCollection: merr's parameter-invalid range form.
      throw new ApiError(
        ErrorCode.InvalidParameter,
        `consistencyLevel can only be [${CONSISTENCY_LEVELS.join(', ')}], default: Bounded: invalid parameter[expected=${CONSISTENCY_LEVELS.join(', ')}][actual=${goFormat(level)}]`,
      );
    }
  }
  if (given.length === 2 && given[0] !== given[1]) throw invalidParameter('consistencyLevel and params.consistencyLevel disagree');
  return (given[0] as ConsistencyLevel | undefined) ?? 'Bounded';
}

function typeParams(params: Record<string, unknown> | undefined): KeyValuePair[] {
  return Object.entries(params ?? {}).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

/** The protobuf value kind the server converts a default of this data type into. */
function protoKind(dataType: string): string {
  if (dataType === 'Bool') return 'bool';
  if (dataType === 'Int8' || dataType === 'Int16' || dataType === 'Int32') return 'int';
  if (dataType === 'Int64') return 'long';
  if (dataType === 'Float' || dataType === 'Double') return 'float';
  return 'string';
}

/** A default as the server writes it back: its protobuf value in Go's JSON form. */
function protoDefault(field: FieldInput): FieldDefaultValue {
  const value = field.defaultValue;
  // The server's words (handler_v2_test.go TestCreateCollection): the JSON value's Go type and
  // the protobuf kind it could not become.
  const goType =
    typeof value === 'number'
      ? 'float64'
      : typeof value === 'boolean'
        ? 'bool'
        : typeof value === 'string'
          ? 'string'
          : Array.isArray(value)
            ? '[]interface {}'
            : 'map[string]interface {}';
  // The int conversion quotes a string value once more than the others do (`""10"(type: string)`);
  // an object or a list is printed with %v (`"map[key:1]"`).
  const shown = protoKind(field.dataType) === 'int' && typeof value === 'string' ? `"${JSON.stringify(value)}` : `"${goFormat(value)}"`;
  const fail = () =>
    invalidParameter(`convert defaultValue fail, err:cannot use ${shown}(type: ${goType}) as ${protoKind(field.dataType)} default value`);
  switch (field.dataType) {
    case 'Bool':
      if (typeof value !== 'boolean') throw fail();
      return { Data: { BoolData: value } };
    case 'Int8':
    case 'Int16':
    case 'Int32':
      if (!Number.isInteger(value)) throw fail();
      return { Data: { IntData: value as number } };
    case 'Int64':
      if (!Number.isSafeInteger(value)) throw fail();
      return { Data: { LongData: String(value) } };
    case 'Float':
    case 'Double':
      if (typeof value !== 'number') throw fail();
      return field.dataType === 'Float' ? { Data: { FloatData: value } } : { Data: { DoubleData: value } };
    case 'VarChar':
    case 'String':
    case 'Text':
    case 'Geometry':
      if (typeof value !== 'string') throw fail();
      return { Data: { StringData: value } };
    case 'Timestamptz': {
      const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(ms)) throw fail();
      return { Data: { TimestamptzData: String(BigInt(ms) * 1000n) } };
    }
    default:
      throw fail();
  }
}

export function describeField(
  field: FieldInput,
  id: number,
  options: { primary: boolean; autoId: boolean; external: boolean },
): FieldDescription {
  const description: FieldDescription = {
    name: field.fieldName,
    id,
    type: field.dataType,
    primaryKey: options.primary,
    partitionKey: field.isPartitionKey === true,
    clusteringKey: field.isClusteringKey === true,
    autoId: options.primary && options.autoId,
    description: field.description ?? '',
    // The server reports an external collection's scalar source fields as nullable.
    nullable: options.external && !VECTOR_TYPES.has(field.dataType) ? true : field.nullable === true,
  };
  if (field.defaultValue !== undefined) description.defaultValue = protoDefault(field);
  if (nonEmpty(field.externalField)) description.externalField = field.externalField;
  if (field.elementDataType && (field.dataType === 'Array' || field.dataType === 'ArrayOfVector'))
    description.elementType = field.elementDataType;
  const params = typeParams(field.elementTypeParams);
  if (params.length > 0) description.params = params;
  return description;
}

type Built = Pick<Collection, 'fields' | 'autoId' | 'enableDynamicField'> & Partial<Pick<Collection, 'indexes' | 'load'>>;

/**
 * The REST layer's own checks of a quick setup, in its order (handler_v2.go createCollection): they
 * come before its consistency check, the proxy's (the dimension's range) after. Returns whether the
 * dynamic field is on.
 */
function checkQuickSetup(request: CreateCollectionInput): boolean {
  if ((request.schema?.functions?.length ?? 0) > 0) {
    throw new ApiError(
      ErrorCode.InvalidParameter,
      'functions are not supported for quickly create collection: invalid parameter[expected=schema][actual=functions]',
    );
  }
  const vectorType = request.vectorFieldType ?? 'FloatVector';
  const dimension = request.dimension ?? 0;
  if (dimension === 0 && vectorType !== 'SparseFloatVector') {
    throw new ApiError(
      ErrorCode.InvalidParameter,
      `dimension is required for quickly create collection(default metric type: ${request.metricType || 'COSINE'}): invalid parameter[expected=collectionName & dimension][actual=collectionName]`,
    );
  }
  // handler_v2_test.go TestCreateCollection: the handler's range error for another id type.
  if (request.idType !== undefined && request.idType !== '' && !['Int64', 'int64', 'VarChar', 'Varchar'].includes(request.idType)) {
    throw new ApiError(
      ErrorCode.InvalidParameter,
      `idType can only be [Int64, VarChar], default: Int64: invalid parameter[expected=Int64, Varchar][actual=${request.idType}]`,
    );
  }
  return enableDynamicParam(request.params?.enableDynamicField);
}

/** A quick setup's collection, after {@link checkQuickSetup}, with the proxy's checks. */
function quickSetup(request: CreateCollectionInput, enableDynamicField: boolean): Built {
  const vectorType = request.vectorFieldType ?? 'FloatVector';
  const dimension = request.dimension ?? 0;
  if (vectorType !== 'SparseFloatVector' && (dimension < 2 || dimension > 32768)) {
    throw new ApiError(ErrorCode.Unexpected, `invalid dimension: ${dimension}. should be in range 2 ~ 32768`);
  }
  const idType: DataType = request.idType === 'VarChar' || request.idType === 'Varchar' ? 'VarChar' : 'Int64';
  if (idType === 'VarChar' && request.params?.max_length === undefined) {
    throw invalidParameter('params.max_length is required for a VarChar primary key');
  }
  const primaryName = request.primaryFieldName || 'id';
  const vectorName = request.vectorFieldName || 'vector';
  const autoId = request.autoID === true;
  const fields = [
    describeField(
      {
        fieldName: primaryName,
        dataType: idType,
        elementTypeParams: idType === 'VarChar' ? { max_length: String(request.params?.max_length) } : {},
      },
      FIRST_FIELD_ID,
      { primary: true, autoId, external: false },
    ),
    describeField(
      {
        fieldName: vectorName,
        dataType: vectorType,
        elementTypeParams: vectorType === 'SparseFloatVector' ? {} : { dim: String(dimension) },
      },
      FIRST_FIELD_ID + 1,
      { primary: false, autoId, external: false },
    ),
  ];
  return {
    fields,
    autoId,
    enableDynamicField,
    indexes: [{ indexName: vectorName, fieldName: vectorName, metricType: request.metricType || 'COSINE' }],
    load: 'LoadStateLoaded',
  };
}

function checkExternalFields(request: CreateCollectionInput, shardsNum: number): void {
  const schema = request.schema ?? {};
  if (schema.enableDynamicField === true) throw invalidParameter('external collection does not support dynamic field');
  if (shardsNum > 1) throw invalidParameter(`external collection does not support multiple shards, got shardsNum ${shardsNum}`);
  if (schema.autoID === true) throw invalidParameter('external collection does not support autoID: the server adds a virtual primary key');
  if ((schema.structFields?.length ?? 0) > 0) throw invalidParameter('external collection does not support field type ArrayOfStruct');
  const outputs = new Set((schema.functions ?? []).flatMap((fn) => fn.outputFieldNames));
  const columns = new Map<string, string>();
  for (const field of schema.fields ?? []) {
    if (EXTERNAL_UNSUPPORTED_TYPES.has(field.dataType)) {
      throw invalidParameter(`external collection does not support field type ${field.dataType} (field ${field.fieldName})`);
    }
    if (field.isPartitionKey) throw invalidParameter(`external collection does not support partition key (field ${field.fieldName})`);
    if (field.isClusteringKey) throw invalidParameter(`external collection does not support clustering key (field ${field.fieldName})`);
    if (outputs.has(field.fieldName)) continue;
    if (!nonEmpty(field.externalField)) {
      throw invalidParameter(
        `field ${field.fieldName} has no externalField: every field of an external collection needs an external field mapping`,
      );
    }
    const earlier = columns.get(field.externalField);
    if (earlier !== undefined) {
      throw invalidParameter(`external field ${field.externalField} is mapped by multiple fields: ${earlier} and ${field.fieldName}`);
    }
    columns.set(field.externalField, field.fieldName);
  }
}

function checkRegularFields(fields: FieldInput[]): void {
  const withMapping = fields.find((field) => nonEmpty(field.externalField));
  if (withMapping) {
    throw invalidParameter(
      `field ${withMapping.fieldName} sets externalField: external field mapping is only supported by external collections`,
    );
  }
  const primaries = fields.filter((field) => field.isPrimary === true);
  if (primaries.length === 0) throw new ApiError(ErrorCode.Unexpected, 'primary key is not specified');
  if (primaries.length > 1) throw new ApiError(ErrorCode.Unexpected, 'there are more than one primary key');
  const primaryType = primaries[0]?.dataType;
  if (primaryType !== 'Int64' && primaryType !== 'VarChar') {
    throw new ApiError(ErrorCode.Unexpected, 'the data type of primary key should be Int64 or VarChar');
  }
}

function customSchema(request: CreateCollectionInput, external: boolean, shardsNum: number): Built {
  const schema = request.schema ?? {};
  const fields = schema.fields ?? [];
  const seen = new Set<string>();
  for (const field of fields) {
    checkDataType(field.dataType, 'data type');
    checkDataType(field.elementDataType, 'element data type');
    if (seen.has(field.fieldName)) throw new ApiError(ErrorCode.Unexpected, `duplicated field name ${field.fieldName} found`);
    seen.add(field.fieldName);
    if ((field.dataType === 'Array' || field.dataType === 'ArrayOfVector') && !field.elementDataType) {
      throw invalidParameter(`elementDataType is required for field ${field.fieldName} of type ${field.dataType}`);
    }
    if (VECTOR_TYPES.has(field.dataType) && field.dataType !== 'SparseFloatVector' && field.elementTypeParams?.dim === undefined) {
      throw new ApiError(
        ErrorCode.Unexpected,
        `dimension is not defined in field type params of field ${field.fieldName}, check type param \`dim\``,
      );
    }
  }
  // The handler's check of struct names against the fields (handler_v2.go, handler_v2_test.go
  // TestCreateCollectionStructArrayDuplicateName: code 1100).
  for (const struct of schema.structFields ?? []) {
    if (seen.has(struct.fieldName)) throw invalidParameter(`duplicated field name: ${struct.fieldName}`);
    seen.add(struct.fieldName);
  }
  if (external) checkExternalFields(request, shardsNum);
  else checkRegularFields(fields);
  const autoId = schema.autoID === true;
  const outputs = new Set((schema.functions ?? []).flatMap((fn) => fn.outputFieldNames));
  return {
    fields: fields.map((field, index) => {
      const described = describeField(field, FIRST_FIELD_ID + index, { primary: field.isPrimary === true, autoId, external });
      if (outputs.has(field.fieldName)) described.isFunctionOutput = true;
      return described;
    }),
    autoId,
    enableDynamicField: schema.enableDynamicField === true,
  };
}

// rootcoord's bounds of a collection TTL, in seconds (-1 is "never expire"): 100 years.
const TTL_RANGE = [-1, 3_155_760_000] as const;

/**
 * The TTL property, from one of `properties['collection.ttl.seconds']`,
 * `properties['ttl.seconds']` and `params.ttlSeconds` (handler_v2_test.go TestCreateCollection:
 * two of them, even equal, are refused; so is a TTL outside rootcoord's range).
 */
function ttlProperty(request: CreateCollectionInput): KeyValuePair[] {
  const given = [request.properties?.['collection.ttl.seconds'], request.properties?.['ttl.seconds'], request.params?.ttlSeconds].filter(
    (value) => value !== undefined,
  );
  if (given.length > 1) throw invalidParameter('collection TTL is specified multiple times');
  const [ttl] = given;
  if (ttl === undefined) return [];
  const seconds = Number(ttl);
  if (Number.isFinite(seconds) && (seconds < TTL_RANGE[0] || seconds > TTL_RANGE[1])) {
    throw invalidParameter(`collection TTL is out of range, expect [${TTL_RANGE[0]}, ${TTL_RANGE[1]}], got ${String(ttl)}`);
  }
  return [{ key: 'collection.ttl.seconds', value: String(ttl) }];
}

/**
 * Builds a collection from a collections/create request, or throws the server's error. Pure: the
 * store is changed only by the caller. `newId` gives the collection's int64 id.
 */
export function buildCollection(request: CreateCollectionInput, dbName: string, newId: () => bigint): Collection {
  if (nonEmpty(request.externalSource) || nonEmpty(request.externalSpec)) {
    throw invalidParameter(
      'externalSource and externalSpec must be set under schema when creating an external collection, use schema.externalSource/schema.externalSpec',
    );
  }
  const schema = request.schema ?? {};
  const fields = schema.fields ?? [];
  const source = schema.externalSource ?? '';
  const specText = schema.externalSpec ?? '';
  const external = source !== '' || specText !== '' || fields.some((field) => nonEmpty(field.externalField));
  const shardsNum = intParam(request.params?.shardsNum, 'shardsNum', 1);
  const quick = fields.length === 0;
  if (quick && external)
    throw invalidParameter('external collection is not supported by quick create: define schema.fields, each with an externalField');
  // A quick setup's own checks answer before the consistency level (handler_v2_test.go
  // TestCreateCollection: `enableDynamicField: 100` beside `consistencyLevel: "unknown"` is 65535).
  const enableDynamicField = quick && checkQuickSetup(request);
  const consistencyLevel = consistencyOf(request);
  let built: Built;
  if (quick) {
    built = quickSetup(request, enableDynamicField);
  } else {
    if (external) {
      const problem = checkExternalSource(source, specText);
      if (problem) throw problem;
    }
    built = customSchema(request, external, shardsNum);
  }
  for (const fn of schema.functions ?? []) {
    // handler_v2_test.go TestDocInDocOutCreateCollection (an absent type is the empty string).
    if (!Object.hasOwn(FUNCTION_TYPES, fn.type ?? '')) throw invalidParameter(`Unsupported function type: ${fn.type ?? ''}`);
  }
  const functions: FunctionDescription[] = (schema.functions ?? []).map((fn, index) => {
    const params = typeParams(fn.params);
    return {
      name: fn.name,
      description: fn.description ?? '',
      type: FUNCTION_TYPES[fn.type] ?? 0,
      id: FIRST_FIELD_ID + index,
      inputFieldNames: fn.inputFieldNames,
      outputFieldNames: fn.outputFieldNames,
      params: params.length > 0 ? params : null,
    };
  });
  // Struct fields take the ids after the fields, each struct before its sub-fields (the order
  // describe reports them in).
  let nextId = FIRST_FIELD_ID + built.fields.length;
  const structFields: StructFieldDescription[] = (schema.structFields ?? []).map((struct) => {
    const id = nextId;
    const subFields = struct.fields ?? [];
    nextId += 1 + subFields.length;
    return {
      name: struct.fieldName,
      id,
      description: '',
      nullable: false,
      type: 'ArrayOfStruct',
      fields: subFields.map((sub, index) => describeField(sub, id + 1 + index, { primary: false, autoId: false, external: false })),
    };
  });
  const { dbName: _db, ...withoutDb } = request;
  return {
    id: newId(),
    ...(structFields.length > 0 ? { structFields } : {}),
    dbName,
    name: request.collectionName,
    description: request.description ?? '',
    fields: built.fields,
    functions,
    autoId: built.autoId,
    enableDynamicField: built.enableDynamicField,
    shardsNum,
    partitionsNum: built.fields.some((field) => field.partitionKey) ? intParam(request.params?.partitionsNum, 'partitionsNum', 16) : 1,
    consistencyLevel,
    load: built.load ?? 'LoadStateNotLoad',
    indexes: built.indexes ?? [],
    properties: ttlProperty(request),
    external,
    externalSource: source,
    externalSpec: specText,
    createdFrom: JSON.stringify(withoutDb),
  };
}

/**
 * Builds the custom schema's `indexParams` as the server does after creating the collection, and
 * loads it. A field the schema lacks is answered with code 1802, and the collection stays
 * created, as on the server (which creates the collection before its indexes).
 */
export function applyIndexParams(collection: Collection, request: CreateCollectionInput): void {
  const indexParams = request.indexParams ?? [];
  if (indexParams.length === 0 || (request.schema?.fields?.length ?? 0) === 0) return;
  const firstVector = collection.fields.find((field) => VECTOR_TYPES.has(field.type));
  // A struct's sub-field is named `struct[sub]` (handler_v2_test.go TestCreateCollection).
  const structSubFields = (collection.structFields ?? []).flatMap((struct) => struct.fields.map((sub) => `${struct.name}[${sub.name}]`));
  for (const index of indexParams) {
    if (structSubFields.includes(index.fieldName)) continue;
    if (!collection.fields.some((field) => field.name === index.fieldName)) {
      throw new ApiError(
        ErrorCode.MissingRequiredParameters,
        `missing required parameters, error: \`${index.fieldName}\` hasn't defined in schema`,
      );
    }
    // describe lists only the indexes of the first vector field.
    if (firstVector?.name === index.fieldName) {
      collection.indexes.push({
        indexName: index.indexName || index.fieldName,
        fieldName: index.fieldName,
        metricType: index.metricType || 'COSINE',
      });
    }
  }
  collection.load = 'LoadStateLoaded';
}

/** The `data` of collections/describe. */
export function describeCollection(collection: Collection): CollectionDescription {
  return {
    collectionName: collection.name,
    collectionID: String(collection.id),
    description: collection.description,
    autoId: collection.autoId,
    fields: collection.fields,
    functions: collection.functions,
    aliases: [...(collection.aliases ?? [])],
    // The handler always writes structFields (an empty list when the schema has none).
    structFields: collection.structFields ?? [],
    indexes: collection.indexes,
    load: collection.load,
    shardsNum: collection.shardsNum,
    partitionsNum: collection.partitionsNum,
    consistencyLevel: collection.consistencyLevel,
    enableDynamicField: collection.enableDynamicField,
    externalSource: collection.externalSource,
    externalSpec: redactExternalSpec(collection.externalSpec),
    properties: collection.properties,
  };
}
