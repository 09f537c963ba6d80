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

/** Every string inside `value` (examples, messages), depth first. */
function stringsIn(value, found = []) {
  if (typeof value === 'string') found.push(value);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, found);
  return found;
}

/**
 * Every operation names the Go struct the server binds its body to (`x-milvus-request-struct`):
 * the server's 1801/1802 messages name it, and the emulator's handler must answer with the same
 * name (packages/emulator/test/routes.test.ts). An error example that names a struct must name this one.
 */
function OperationRequestStruct() {
  return {
    Operation(operation, { report, location }) {
      const name = operation['x-milvus-request-struct'];
      const id = operation.operationId ?? 'operation';
      if (typeof name !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
        report({
          message: `${id}: set \`x-milvus-request-struct\` to the Go struct the server binds the body to (request_v2.go), such as \`CollectionNameReq\`.`,
          location: location.key(),
        });
        return;
      }
      for (const text of stringsIn(operation.responses)) {
        for (const match of text.matchAll(/(?:Key: '|Go struct field |httpserver\.)([A-Z][A-Za-z0-9]*)\./g)) {
          if (match[1] !== name) {
            report({
              message: `${id}: an error example names the struct ${match[1]}, but \`x-milvus-request-struct\` is ${name}.`,
              location: location.child(['responses']),
            });
          }
        }
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

const jobListKeys = ['running', 'uncommitted', 'completed', 'failed'];

/**
 * `x-milvus-job` says what a job-describing operation reports: the client generates its
 * `waitFor…Job`/`watch…Job` from it, so every field it names must exist in the operation's
 * request or response `data`, and its state lists must sort every value of the state enum once.
 */
function JobExtension() {
  const kinds = new Map();
  return {
    Operation(operation, { report, location, resolve }) {
      const job = operation['x-milvus-job'];
      if (job === undefined) return;
      const at = location.child(['x-milvus-job']);
      const name = operation.operationId ?? 'this operation';
      const fail = (message) => report({ message: `${name}: x-milvus-job ${message}`, location: at });
      if (!job || typeof job !== 'object' || Array.isArray(job)) return fail('must be an object.');
      const known = new Set(['kind', 'requestId', 'responseId', 'state', 'progress', 'reason', 'watch', ...jobListKeys]);
      for (const key of Object.keys(job)) {
        if (!known.has(key)) fail(`has an unknown key \`${key}\`; the keys are ${[...known].join(', ')}.`);
      }
      if (typeof job.kind !== 'string' || !/^[A-Z][A-Za-z]*$/.test(job.kind)) {
        return fail('needs `kind`, a PascalCase name such as `Import` (the client names `waitForImportJob` after it).');
      }
      if (kinds.has(job.kind)) return fail(`kind \`${job.kind}\` is already declared by ${kinds.get(job.kind)}.`);
      kinds.set(job.kind, name);
      for (const key of ['requestId', 'responseId', 'state']) {
        if (typeof job[key] !== 'string' || job[key] === '') fail(`needs \`${key}\`, a field name.`);
      }
      for (const key of ['progress', 'reason']) {
        if (job[key] !== undefined && typeof job[key] !== 'string') fail(`\`${key}\` must be a field name.`);
      }
      if (job.watch !== undefined && !(Array.isArray(job.watch) && job.watch.every((field) => typeof field === 'string'))) {
        fail('`watch` must be a list of field names.');
      }
      for (const key of jobListKeys) {
        const list = job[key];
        const required = key !== 'uncommitted';
        if (list === undefined && !required) continue;
        if (!Array.isArray(list) || !list.every((state) => typeof state === 'string')) fail(`\`${key}\` must be a list of states.`);
      }

      // Follows a $ref from the file it is written in: each value is [node, the file it came from].
      const deref = ([node, from]) => {
        if (!node || typeof node.$ref !== 'string') return [node, from];
        const resolved = resolve(node, from);
        return [resolved.node, resolved.location?.source.absoluteRef ?? from];
      };
      const propertiesOf = (entry) => {
        const [node, from] = deref(entry);
        const found = {};
        for (const [key, value] of Object.entries(node?.properties ?? {})) found[key] = [value, from];
        for (const part of node?.allOf ?? []) Object.assign(found, propertiesOf([part, from]));
        return found;
      };
      const here = location.source.absoluteRef;
      const [body, bodyFrom] = deref([operation.requestBody, here]);
      const requestFields = propertiesOf([body?.content?.['application/json']?.schema, bodyFrom]);
      if (typeof job.requestId === 'string' && !(job.requestId in requestFields)) {
        fail(`requestId \`${job.requestId}\` is not a field of the request body.`);
      }
      const [ok, okFrom] = deref([operation.responses?.['200'], here]);
      const answer = deref([ok?.content?.['application/json']?.schema, okFrom]);
      const success = [answer, ...(answer[0]?.oneOf ?? []).map((branch) => deref([branch, answer[1]]))].find(
        ([branch]) => branch?.properties?.data,
      );
      if (!success) return fail('is on an operation whose 200 answer has no `data` object.');
      const dataFields = propertiesOf([success[0].properties.data, success[1]]);
      const fields = [job.responseId, job.state, job.progress, job.reason, ...(Array.isArray(job.watch) ? job.watch : [])];
      for (const field of fields) {
        if (typeof field === 'string' && !(field in dataFields)) fail(`names \`${field}\`, which is not a field of the answer's \`data\`.`);
      }
      const stateEnum = typeof job.state === 'string' && dataFields[job.state] ? deref(dataFields[job.state])[0]?.enum : undefined;
      if (!Array.isArray(stateEnum)) return fail(`state \`${job.state}\` must be a string enum in the answer's \`data\`.`);
      const listed = jobListKeys.flatMap((key) => (Array.isArray(job[key]) ? job[key] : []));
      for (const state of listed) {
        if (!stateEnum.includes(state)) fail(`lists \`${state}\`, which is not a value of the state enum (${stateEnum.join(', ')}).`);
      }
      for (const state of stateEnum) {
        const count = listed.filter((item) => item === state).length;
        if (count !== 1) fail(`must list the state \`${state}\` in exactly one of ${jobListKeys.join(', ')} (found ${count}).`);
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
        'operation-request-struct': OperationRequestStruct,
        'operation-code-samples': OperationCodeSamples,
        'job-extension': JobExtension,
      },
    },
  };
}
