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

const privilegeObjects = ['Global', 'Collection', 'User'];
const privilegeModes = ['request', 'job', 'each'];
const privilegeKeys = ['name', 'object', 'field', 'at'];
const privilegeForm =
  '`x-milvus-privilege: none` (no check at the REST layer) or `{ name: <Privilege>, object: Global|Collection|User, ' +
  'field: <body field naming the object>, at: request|job|each }` (`field` for Collection/User checked at the request; ' +
  "`at: job` checks the job's collection after lookup, `at: each` filters listed items)";

/** What is wrong with an `x-milvus-privilege` value, or undefined when it is well formed. */
function privilegeProblem(value) {
  if (value === 'none') return undefined;
  if (value === undefined) return 'is missing';
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `must be \`none\` or a mapping, not ${JSON.stringify(value)}`;
  const unknown = Object.keys(value).filter((key) => !privilegeKeys.includes(key));
  if (unknown.length > 0) return `has unknown keys ${unknown.join(', ')}`;
  if (typeof value.name !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(value.name)) {
    return 'needs `name`, the privilege as the server names it without the `Privilege` prefix (e.g. `Load`)';
  }
  if (!privilegeObjects.includes(value.object)) return `needs \`object\`: one of ${privilegeObjects.join(', ')}`;
  const at = value.at ?? 'request';
  if (!privilegeModes.includes(at)) return `has \`at: ${at}\`; use one of ${privilegeModes.join(', ')}`;
  if (at !== 'request' && value.object !== 'Collection') return `\`at: ${at}\` applies to Collection privileges only`;
  const needsField = at === 'request' && value.object !== 'Global';
  if (needsField && typeof value.field !== 'string') return `needs \`field\`, the body field that names the ${value.object.toLowerCase()}`;
  if (!needsField && value.field !== undefined) return '`field` is only for Collection/User privileges checked at the request';
  return undefined;
}

/**
 * Every operation names the privilege the server checks, or `none`: the emulator's authorization
 * table is generated from it (tools/lib/generate-privileges.ts) and the docs show it.
 */
function OperationPrivilege() {
  return {
    Operation(operation, { report, location }) {
      const problem = privilegeProblem(operation['x-milvus-privilege']);
      if (problem) {
        report({
          message: `${operation.operationId ?? 'operation'}: \`x-milvus-privilege\` ${problem}. Write ${privilegeForm}.`,
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
        'operation-privilege': OperationPrivilege,
        'operation-code-samples': OperationCodeSamples,
      },
    },
  };
}
