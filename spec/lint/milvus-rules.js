// Redocly plugin with the rules that fit this API and that configurable rules cannot express.

/** Every integer says whether it is an int32 or an int64, so no int64 is read as a plain number. */
function IntegerFormat() {
  return {
    Schema(schema, { report, location }) {
      const isInteger = schema.type === 'integer' || (Array.isArray(schema.type) && schema.type.includes('integer'));
      if (isInteger && schema.format !== 'int32' && schema.format !== 'int64') {
        report({
          message: 'An integer must carry `format: int32` or `format: int64`.',
          location: location.child('format').key(),
        });
      }
    },
  };
}

/** Every operation says whether it is a read or a write: the client's retries depend on it. */
function OperationKind() {
  return {
    Operation(operation, { report, location }) {
      const kind = operation['x-milvus-operation-kind'];
      if (kind !== 'read' && kind !== 'write') {
        report({
          message: 'An operation must set `x-milvus-operation-kind` to `read` or `write`.',
          location: location.key(),
        });
      }
    },
  };
}

export default function milvusRules() {
  return {
    id: 'milvus',
    rules: {
      oas3: {
        'integer-format': IntegerFormat,
        'operation-kind': OperationKind,
      },
    },
  };
}
