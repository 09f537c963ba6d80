// The server's checks of an external collection's `externalSource` (a URI) and `externalSpec` (a
// JSON string), at create and at refresh, and how it shows a spec back (credentials as `***`).

import { type ApiError, invalidParameter } from '../api-error.js';

const FORMATS = ['parquet', 'lance-table', 'iceberg-table', 'vortex'];
const CLOUD_PROVIDERS = ['aws', 'gcp', 'aliyun', 'tencent', 'huawei', 'azure', 'minio'];
const EXTFS_KEYS = new Set([
  'access_key_id',
  'access_key_value',
  'role_arn',
  'session_name',
  'external_id',
  'use_iam',
  'anonymous',
  'gcp_target_service_account',
  'region',
  'cloud_provider',
  'bucket_name',
  'iam_endpoint',
  'storage_type',
  'ssl_ca_cert',
  'use_ssl',
  'use_virtual_host',
  'load_frequency',
]);
const EXTFS_BOOLEANS = ['use_iam', 'anonymous', 'use_ssl', 'use_virtual_host'];
const SECRET_KEYS = ['access_key_id', 'access_key_value'];
const SCHEMES = new Set(['s3', 's3a', 'gs', 'gcs', 'oss', 'cos', 'obs', 'minio', 'az', 'azure', 'abfs', 'abfss', 'wasb', 'wasbs']);

function checkSource(source: string): ApiError | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)/.exec(source);
  if (!match)
    return invalidParameter(`external source ${JSON.stringify(source)} must have an explicit scheme, such as s3://bucket/prefix/`);
  const scheme = (match[1] as string).toLowerCase();
  if (!SCHEMES.has(scheme)) {
    return invalidParameter(
      `unsupported scheme ${JSON.stringify(scheme)} in external source; supported schemes: ${[...SCHEMES].join(', ')}`,
    );
  }
  if ((match[2] as string).includes('@')) {
    return invalidParameter('external source must not embed credentials; put them in externalSpec.extfs');
  }
  return undefined;
}

function checkSpec(specText: string): ApiError | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(specText);
  } catch {
    return invalidParameter('externalSpec must be a JSON object encoded as a string');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return invalidParameter('externalSpec must be a JSON object encoded as a string');
  const spec = parsed as Record<string, unknown>;
  const format = spec.format ?? 'parquet';
  if (typeof format !== 'string' || !FORMATS.includes(format)) {
    return invalidParameter(`unsupported format ${JSON.stringify(format)} in externalSpec; supported formats: ${FORMATS.join(', ')}`);
  }
  if (spec.columns !== undefined) {
    if (!Array.isArray(spec.columns) || !spec.columns.every((column) => typeof column === 'string' && column !== '')) {
      return invalidParameter('externalSpec.columns must be a list of column names');
    }
  }
  if (spec.snapshot_id !== undefined) {
    const id = spec.snapshot_id;
    const valid = (typeof id === 'number' && Number.isInteger(id) && id > 0) || (typeof id === 'string' && /^[1-9]\d*$/.test(id));
    if (!valid) return invalidParameter('externalSpec.snapshot_id must be a positive integer');
  }
  if (spec.extfs === undefined) return undefined;
  if (!spec.extfs || typeof spec.extfs !== 'object' || Array.isArray(spec.extfs))
    return invalidParameter('externalSpec.extfs must be an object');
  const extfs = spec.extfs as Record<string, unknown>;
  for (const key of Object.keys(extfs)) {
    if (!EXTFS_KEYS.has(key)) return invalidParameter(`unknown key ${JSON.stringify(key)} in externalSpec.extfs`);
    if (typeof extfs[key] !== 'string') return invalidParameter(`externalSpec.extfs.${key} must be a string`);
  }
  if (Object.keys(extfs).length === 0) return undefined;
  if (!extfs.cloud_provider) return invalidParameter('externalSpec.extfs.cloud_provider is required');
  if (!CLOUD_PROVIDERS.includes(extfs.cloud_provider as string)) {
    return invalidParameter(`externalSpec.extfs.cloud_provider must be one of ${CLOUD_PROVIDERS.join(', ')}`);
  }
  for (const key of EXTFS_BOOLEANS) {
    if (extfs[key] !== undefined && extfs[key] !== 'true' && extfs[key] !== 'false') {
      return invalidParameter(`externalSpec.extfs.${key} must be "true" or "false"`);
    }
  }
  if (Boolean(extfs.access_key_id) !== Boolean(extfs.access_key_value)) {
    return invalidParameter('externalSpec.extfs.access_key_id and access_key_value must be both set or both empty');
  }
  return undefined;
}

/**
 * Checks a source/spec pair as the server does. Both empty is valid (a collection whose source
 * comes later, with a refresh); one without the other is not.
 */
export function checkExternalSource(source: string, specText: string): ApiError | undefined {
  if ((source === '') !== (specText === '')) return invalidParameter('externalSource and externalSpec must be both set or both empty');
  if (source === '') return undefined;
  return checkSource(source) ?? checkSpec(specText);
}

/** A spec as the server shows it: credentials replaced by `***`. */
export function redactExternalSpec(specText: string): string {
  if (specText === '') return '';
  let spec: Record<string, unknown>;
  try {
    spec = JSON.parse(specText) as Record<string, unknown>;
  } catch {
    return specText;
  }
  const extfs = spec.extfs as Record<string, unknown> | undefined;
  if (!extfs || typeof extfs !== 'object') return specText;
  let changed = false;
  for (const key of SECRET_KEYS) {
    if (typeof extfs[key] === 'string' && extfs[key] !== '') {
      extfs[key] = '***';
      changed = true;
    }
  }
  return changed ? JSON.stringify(spec) : specText;
}
