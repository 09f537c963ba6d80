// /v2/vectordb/collections/* schema changes: functions, fields and struct fields added, altered
// and dropped on an existing collection. New fields take the next free field id; a function and
// the output field it fills are added and dropped together (add_function_field,
// drop_function_field). Where the server's exact wording is not known, the messages say the same
// thing in its style (`<detail>: invalid parameter`, code 1100).

import type { FieldDescription, FunctionDescription, KeyValuePair, StructFieldDescription } from '@milvus-rest/types';
import { ApiError, ErrorCode, invalidParameter } from '../api-error.js';
import { spec } from '../generated/spec.js';
import { blockedOnExternalCollection, collectionLoaded, fieldNotFound } from '../metadata-errors.js';
import { type Collection, describeField, type FieldInput, FUNCTION_TYPES } from '../state/collections.js';
import { addIndex, type IndexInput, syncDescribedIndexes, VECTOR_TYPES } from '../state/indexes.js';
import { setProperties } from '../state/properties.js';
import type { EmulatorStore } from '../state/store.js';
import { defineRoute, type RouteModule } from './route-module.js';

const FIRST_ID = 100;

type FunctionInput = {
  name: string;
  description?: string;
  type: string;
  inputFieldNames: string[];
  outputFieldNames: string[];
  params?: Record<string, unknown>;
};

// Go's %q: a double-quoted string with Go escapes (JSON's are the same for ordinary text).
function quoted(text: string): string {
  return JSON.stringify(text);
}

/** Every name a field takes in the collection, struct fields and their sub-fields included. */
function fieldNames(collection: Collection): Set<string> {
  const names = new Set(collection.fields.map((field) => field.name));
  for (const struct of collection.structFields ?? []) {
    names.add(struct.name);
    for (const field of struct.fields) names.add(field.name);
  }
  return names;
}

function nextFieldId(collection: Collection): number {
  const ids = [...collection.fields, ...(collection.structFields ?? []).flatMap((struct) => [struct, ...struct.fields])].map(
    (field) => field.id,
  );
  return Math.max(FIRST_ID - 1, ...ids) + 1;
}

function stringParams(params: Record<string, unknown> | undefined): KeyValuePair[] {
  return Object.entries(params ?? {}).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

function findField(collection: Collection, name: string): FieldDescription {
  const field = collection.fields.find((candidate) => candidate.name === name);
  if (!field) throw fieldNotFound(name);
  return field;
}

function checkNewFieldName(collection: Collection, name: string): void {
  if (fieldNames(collection).has(name)) throw invalidParameter(`field already exists, name: ${name}`);
}

function checkVectorDimension(field: FieldInput): void {
  if (VECTOR_TYPES.has(field.dataType) && field.dataType !== 'SparseFloatVector' && field.elementTypeParams?.dim === undefined) {
    throw new ApiError(
      ErrorCode.Unexpected,
      `dimension is not defined in field type params of field ${field.fieldName}, check type param \`dim\``,
    );
  }
}

/**
 * collections/fields/add wraps the default-value conversion error once more than
 * collections/create does: "convert defaultValue fail, err: <error>: invalid parameter".
 */
function addFieldMessages<T>(describe: () => T): T {
  try {
    return describe();
  } catch (error) {
    const prefix = 'convert defaultValue fail, err:';
    if (error instanceof ApiError && error.message.startsWith(prefix)) {
      throw invalidParameter(`convert defaultValue fail, err: ${error.message.slice(prefix.length)}`);
    }
    throw error;
  }
}

function isStructSchema(field: { dataType: string; elementDataType?: string }): boolean {
  return field.dataType === 'ArrayOfStruct' || (field.dataType === 'Array' && field.elementDataType === 'Struct');
}

// The server's data type names (case-sensitive), as the spec lists them.
const DATA_TYPES = new Set((spec.components.schemas?.DataType as { enum?: string[] } | undefined)?.enum ?? []);

/**
 * fields/add converts the field's data types itself, in merr's words ("data type X is
 * invalid(case sensitive): invalid parameter"), where collections/create's handler has its own
 * (handler_v2_test.go AddCollectionFieldSuite.TestAddCollectionFieldFail); it answers before the
 * body's other rules, so it runs as the route's check.
 */
function checkAddedFieldTypes(input: { dataType: string; elementDataType?: string }): void {
  if (!DATA_TYPES.has(input.dataType)) throw invalidParameter(`data type ${input.dataType} is invalid(case sensitive)`);
  if (input.elementDataType !== undefined && input.elementDataType !== '' && !DATA_TYPES.has(input.elementDataType)) {
    throw invalidParameter(`element data type ${input.elementDataType} is invalid(case sensitive)`);
  }
}

function describeFunction(input: FunctionInput, id: number): FunctionDescription {
  const params = stringParams(input.params);
  return {
    name: input.name,
    description: input.description ?? '',
    type: FUNCTION_TYPES[input.type] ?? 0,
    id,
    inputFieldNames: input.inputFieldNames,
    outputFieldNames: input.outputFieldNames,
    params: params.length > 0 ? params : null,
  };
}

function functionNamed(collection: Collection, name: string): FunctionDescription {
  const fn = collection.functions.find((candidate) => candidate.name === name);
  if (!fn) throw invalidParameter(`function ${name} not found in collection ${collection.name}`);
  return fn;
}

/** Removes fields, and the indexes built on them. */
function removeFields(store: EmulatorStore, collection: Collection, names: readonly string[]): void {
  collection.fields = collection.fields.filter((field) => !names.includes(field.name));
  const metadata = store.metadata.of(collection);
  metadata.indexes = metadata.indexes.filter((index) => !names.includes(index.fieldName));
  syncDescribedIndexes(collection, metadata.indexes);
}

export const collectionSchemaRoutes: RouteModule = {
  resource: 'collections',
  routes: [
    defineRoute('/v2/vectordb/collections/add_function', {
      requestStruct: 'CollectionAddFunction',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const input = body.function as FunctionInput;
        if (collection.external) throw invalidParameter('external collection add function must include its output field');
        if (collection.functions.some((fn) => fn.name === input.name))
          throw invalidParameter(`function already exists, name: ${input.name}`);
        for (const name of [...input.inputFieldNames, ...input.outputFieldNames]) findField(collection, name);
        const ids = collection.functions.map((fn) => fn.id);
        collection.functions.push(describeFunction(input, Math.max(FIRST_ID - 1, ...ids) + 1));
        for (const name of input.outputFieldNames) findField(collection, name).isFunctionOutput = true;
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/alter_function', {
      requestStruct: 'CollectionAlterFunction',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const current = functionNamed(collection, body.functionName);
        const input = body.function as FunctionInput;
        const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, index) => name === b[index]);
        if (!same(current.inputFieldNames, input.inputFieldNames) || !same(current.outputFieldNames, input.outputFieldNames)) {
          throw invalidParameter(`function ${body.functionName} cannot change its input or output fields`);
        }
        Object.assign(current, { ...describeFunction(input, current.id), name: body.functionName });
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/drop_function', {
      requestStruct: 'CollectionDropFunction',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const fn = collection.functions.find((candidate) => candidate.name === body.FunctionName);
        // The proxy does nothing for a function the collection does not have.
        if (!fn) return { code: 0, data: {} };
        const typeName = Object.entries(FUNCTION_TYPES).find(([, number]) => number === fn.type)?.[0] ?? 'Unknown';
        if (typeName === 'BM25' || typeName === 'MinHash') {
          throw invalidParameter(
            `currently does not support dropping ${typeName} function through this API, use AlterCollectionSchema with drop_function_output_fields=true`,
          );
        }
        // The legacy detach call is rejected for every function type: a function and its output
        // field belong together, and collections/drop_function_field drops both.
        throw invalidParameter(
          `dropping function ${fn.name} alone is not supported, its output fields depend on it: use /v2/vectordb/collections/drop_function_field`,
        );
      },
    }),

    defineRoute('/v2/vectordb/collections/add_function_field', {
      requestStruct: 'CollectionAddFunctionField',
      check(body) {
        if (body.indexParams && body.indexParams.fieldName !== body.outputField.fieldName) {
          throw invalidParameter(
            `indexParams.fieldName ${quoted(body.indexParams.fieldName)} must match outputField.fieldName ${quoted(body.outputField.fieldName)}`,
          );
        }
      },
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const input = body.function as FunctionInput;
        const output = body.outputField as FieldInput;
        for (const name of input.outputFieldNames) {
          if (name !== output.fieldName)
            throw invalidParameter(`function output field ${quoted(name)} must be one of the newly-added fields`);
        }
        checkNewFieldName(collection, output.fieldName);
        if (collection.functions.some((fn) => fn.name === input.name))
          throw invalidParameter(`function already exists, name: ${input.name}`);
        if (output.nullable)
          throw invalidParameter(`function output field cannot be nullable: function ${input.name}, field ${output.fieldName}`);
        for (const name of input.inputFieldNames) {
          const field = findField(collection, name);
          const analyzed = field.params?.some((pair) => pair.key === 'enable_analyzer' && pair.value === 'true');
          if (input.type === 'BM25' && !analyzed)
            throw invalidParameter(`BM25 function input field ${name} must set enable_analyzer to true`);
        }
        checkVectorDimension(output);
        const field = describeField(output, nextFieldId(collection), { primary: false, autoId: false, external: collection.external });
        field.isFunctionOutput = true;
        const ids = collection.functions.map((fn) => fn.id);
        collection.fields.push(field);
        collection.functions.push(describeFunction(input, Math.max(FIRST_ID - 1, ...ids) + 1));
        if (body.indexParams) {
          const { indexes } = store.metadata.of(collection);
          addIndex(collection, indexes, body.indexParams as IndexInput);
          syncDescribedIndexes(collection, indexes);
        }
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/drop_function_field', {
      requestStruct: 'CollectionDropFunctionField',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const fn = functionNamed(collection, body.functionName);
        collection.functions = collection.functions.filter((candidate) => candidate !== fn);
        removeFields(store, collection, fn.outputFieldNames);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/fields/add', {
      requestStruct: 'CollectionFieldReqWithSchema',
      // The REST layer turns struct fields away, and converts the data types, before it looks at
      // the collection.
      check(body) {
        const input = body.schema as FieldInput;
        if (isStructSchema(input))
          throw invalidParameter('StructArray field must be added through /v2/vectordb/collections/struct_fields/add');
        checkAddedFieldTypes(input);
      },
      handle(body, { store, dbName }) {
        const input = body.schema as FieldInput;
        const collection = store.collection(dbName, body.collectionName);
        const hasMapping = typeof input.externalField === 'string' && input.externalField !== '';
        if (collection.external && !hasMapping) {
          throw invalidParameter(
            `add field operation on external collection requires external_field mapping, field name = ${input.fieldName}`,
          );
        }
        if (!collection.external && hasMapping) {
          throw invalidParameter(
            `field ${input.fieldName} sets externalField: external field mapping is only supported by external collections`,
          );
        }
        // The handler's own conversion of the field (FieldSchema.GetProto), in merr's words here,
        // unlike collections/create (handler_v2_test.go AddCollectionFieldSuite.TestAddCollectionFieldFail).
        if ((input.dataType === 'Array' || input.dataType === 'ArrayOfVector') && !input.elementDataType) {
          throw invalidParameter('element data type  is invalid(case sensitive)');
        }
        const field = addFieldMessages(() =>
          describeField(input, nextFieldId(collection), { primary: false, autoId: false, external: collection.external }),
        );
        if (input.nullable !== true)
          throw invalidParameter(`added field must be nullable, please check it, field name = ${input.fieldName}`);
        checkNewFieldName(collection, input.fieldName);
        checkVectorDimension(input);
        collection.fields.push(field);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/fields/alter_properties', {
      requestStruct: 'CollectionFieldReqWithParams',
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        if (collection.external) throw blockedOnExternalCollection('alter field', collection.name);
        const field = findField(collection, body.fieldName);
        if (collection.load !== 'LoadStateNotLoad' && Object.hasOwn(body.fieldParams ?? {}, 'mmap.enabled')) {
          throw collectionLoaded(collection.name, 'can not alter mmap properties if collection loaded');
        }
        const params = setProperties(field.params ?? [], body.fieldParams);
        if (params.length > 0) field.params = params;
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/fields/drop', {
      requestStruct: 'CollectionDropField',
      // The REST layer checks the identifier before anything else, with its own messages.
      check(body) {
        const hasName = typeof body.fieldName === 'string' && body.fieldName !== '';
        const hasId = body.fieldId !== undefined && body.fieldId !== null;
        if (hasName === hasId) throw invalidParameter('exactly one of fieldName or fieldId is required');
        if (hasId && Number(body.fieldId) <= 0) throw invalidParameter('fieldId must be greater than 0');
      },
      handle(body, { store, dbName }) {
        const collection = store.collection(dbName, body.collectionName);
        const field =
          body.fieldName !== undefined
            ? findField(collection, body.fieldName)
            : collection.fields.find((candidate) => candidate.id === Number(body.fieldId));
        if (!field) throw fieldNotFound(String(body.fieldId));
        if (field.primaryKey) throw invalidParameter(`can not drop primary key field ${field.name}`);
        const user = collection.functions.find((fn) => fn.inputFieldNames.includes(field.name) || fn.outputFieldNames.includes(field.name));
        if (user) throw invalidParameter(`can not drop field ${field.name}, it is used by function ${user.name}`);
        const vectors = collection.fields.filter((candidate) => VECTOR_TYPES.has(candidate.type));
        if (VECTOR_TYPES.has(field.type) && vectors.length === 1) {
          throw invalidParameter(`can not drop field ${field.name}, a collection needs at least one vector field`);
        }
        removeFields(store, collection, [field.name]);
        return { code: 0, data: {} };
      },
    }),

    defineRoute('/v2/vectordb/collections/struct_fields/add', {
      requestStruct: 'CollectionFieldReqWithSchema',
      // The handler refuses any other data type in its own words, before the body's other rules
      // (handler_v2_test.go AddCollectionFieldSuite.TestAddCollectionStructFieldFail).
      check(body) {
        const input = body.schema;
        if (!isStructSchema(input)) {
          throw invalidParameter(`field ${input.fieldName} must use ArrayOfStruct or Array with Struct element`);
        }
      },
      handle(body, { store, dbName }) {
        const input = body.schema;
        // The handler converts the struct before it looks at the collection
        // (handler_v2_test.go AddCollectionFieldSuite.TestAddCollectionStructFieldFail).
        const subFields = input.fields ?? [];
        if (subFields.length === 0) throw invalidParameter(`struct field ${input.fieldName} must contain at least one sub-field`);
        const collection = store.collection(dbName, body.collectionName);
        if (collection.external) throw invalidParameter('external collection does not support field type ArrayOfStruct');
        checkNewFieldName(collection, input.fieldName);
        const names = new Set<string>();
        for (const sub of subFields) {
          if (names.has(sub.fieldName) || fieldNames(collection).has(sub.fieldName))
            throw invalidParameter(`field already exists, name: ${sub.fieldName}`);
          names.add(sub.fieldName);
          checkVectorDimension({ ...sub, dataType: sub.elementDataType });
        }
        const id = nextFieldId(collection);
        const params = stringParams(input.typeParams);
        const struct: StructFieldDescription = {
          name: input.fieldName,
          id,
          description: input.description ?? '',
          nullable: input.nullable === true,
          type: 'ArrayOfStruct',
          fields: subFields.map((sub, index) =>
            describeField(sub as FieldInput, id + 1 + index, { primary: false, autoId: false, external: false }),
          ),
          ...(params.length > 0 ? { params } : {}),
        };
        collection.structFields = [...(collection.structFields ?? []), struct];
        return { code: 0, data: {} };
      },
    }),
  ],
};
