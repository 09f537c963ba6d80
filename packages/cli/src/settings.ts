// Where the CLI's connection settings come from, strongest first: flags, environment variables
// (MILVUS_ENDPOINT, MILVUS_TOKEN, MILVUS_DB_NAME, MILVUS_PROFILE), then a named profile of the
// config file under the user's config directory ($XDG_CONFIG_HOME/milvus-rest/config.json on
// Linux), then the local default endpoint.

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import envPaths from 'env-paths';
import { UsageError } from './exit-codes.js';

/** One profile of the config file. */
export type Profile = { endpoint?: string; token?: string; dbName?: string };

/** The config file: `{ "profiles": { "<name>": { "endpoint", "token", "dbName" } } }`. */
export type ConfigFile = { profiles: Record<string, Profile> };

/** What a command connects with. */
export type Connection = { endpoint: string; token: string | undefined; dbName: string | undefined; profile: string | undefined };

export const DEFAULT_ENDPOINT = 'http://localhost:19530';
const DEFAULT_PROFILE = 'default';

/** The config file's path: `MILVUS_REST_CONFIG`, else `<user config dir>/milvus-rest/config.json`. */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.MILVUS_REST_CONFIG) return env.MILVUS_REST_CONFIG;
  // env-paths reads XDG_CONFIG_HOME from process.env; the CLI passes its own env in tests.
  if (env.XDG_CONFIG_HOME && process.platform !== 'win32' && process.platform !== 'darwin') {
    return join(env.XDG_CONFIG_HOME, 'milvus-rest', 'config.json');
  }
  return join(envPaths('milvus-rest', { suffix: '' }).config, 'config.json');
}

export function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return { profiles: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
  const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
    throw new UsageError(`${path} must hold {"profiles": {"<name>": {"endpoint": "...", "token": "...", "dbName": "..."}}}`);
  }
  for (const [name, profile] of Object.entries(profiles)) {
    const fields = profile as Record<string, unknown>;
    for (const key of ['endpoint', 'token', 'dbName']) {
      if (fields?.[key] !== undefined && typeof fields[key] !== 'string') {
        throw new UsageError(`${path}: profiles.${name}.${key} must be a string`);
      }
    }
  }
  return { profiles: profiles as Record<string, Profile> };
}

/** Writes the config file readable by its owner only, since profiles may hold tokens. */
export function writeConfig(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export type ConnectionFlags = { endpoint?: string; token?: string; dbName?: string; profile?: string };

/** Resolves the connection of a command from its flags, the environment and the config file. */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Connection {
  const profileName = flags.profile ?? env.MILVUS_PROFILE;
  const path = configPath(env);
  const config = readConfig(path);
  let profile: Profile = {};
  if (profileName !== undefined) {
    const found = config.profiles[profileName];
    if (!found) {
      const known = Object.keys(config.profiles);
      throw new UsageError(
        `no profile ${JSON.stringify(profileName)} in ${path}${known.length > 0 ? ` (it has: ${known.join(', ')})` : ''}; add one with \`milvus-rest config set --profile ${profileName} --endpoint <url>\``,
      );
    }
    profile = found;
  } else {
    profile = config.profiles[DEFAULT_PROFILE] ?? {};
  }
  return {
    endpoint: flags.endpoint ?? env.MILVUS_ENDPOINT ?? profile.endpoint ?? DEFAULT_ENDPOINT,
    token: flags.token ?? env.MILVUS_TOKEN ?? profile.token,
    dbName: flags.dbName ?? env.MILVUS_DB_NAME ?? profile.dbName,
    profile: profileName ?? (config.profiles[DEFAULT_PROFILE] ? DEFAULT_PROFILE : undefined),
  };
}
