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

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Every operation shows how to call it with curl and with @milvus-rest/client (`x-codeSamples`,
 * rendered in the HTML reference). The TypeScript samples are type-checked against the client by
 * spec/test/docs-samples.test.ts, so a sample cannot rot.
 */
function OperationCodeSamples() {
  return {
    PathItem(pathItem, { report, location, key }) {
      for (const method of httpMethods) {
        const operation = pathItem[method];
        if (!operation || typeof operation !== 'object') continue;
        const samples = Array.isArray(operation['x-codeSamples']) ? operation['x-codeSamples'] : [];
        const name = operation.operationId ?? `${method} ${key}`;
        const at = location.child([method]);
        const curl = samples.find((sample) => sample?.lang === 'Shell' && sample.label === 'curl');
        const client = samples.find((sample) => sample?.lang === 'TypeScript' && sample.label === '@milvus-rest/client');
        if (!curl) {
          report({ message: `${name}: add an x-codeSamples entry with \`lang: Shell\`, \`label: curl\`.`, location: at.key() });
        } else if (typeof curl.source !== 'string' || !curl.source.includes('curl ') || !curl.source.includes(`${key}"`)) {
          report({ message: `${name}: the curl sample must call \`${key}\`.`, location: at.child(['x-codeSamples']) });
        }
        if (!client) {
          report({
            message: `${name}: add an x-codeSamples entry with \`lang: TypeScript\`, \`label: '@milvus-rest/client'\`.`,
            location: at.key(),
          });
        } else if (
          typeof client.source !== 'string' ||
          !client.source.includes("from '@milvus-rest/client'") ||
          (operation.operationId && !client.source.includes(`.${operation.operationId}(`))
        ) {
          report({
            message: `${name}: the @milvus-rest/client sample must import '@milvus-rest/client' and call \`${operation.operationId}(\`.`,
            location: at.child(['x-codeSamples']),
          });
        }
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
        'operation-code-samples': OperationCodeSamples,
      },
    },
  };
}
