// An emulator with authentication on, and callers for it: root, and users created through
// users/create with the roles they are given. The access tests share it.
import { expect } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/index.js';
import { envelope, post } from './contract.js';

const V = '/v2/vectordb';
export const ROOT = 'root:Milvus';
export const PASSWORD = 'P@ssw0rd-2026';

const running: Emulator[] = [];
/** Closes every emulator `startWithAuthentication` started (call it in `afterEach`). */
export async function closeStarted(): Promise<void> {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
}

/** A caller: posts to `/v2/vectordb/<path>` with its credential, and reads the answer. */
export type Caller = (
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; code: number; message?: string; data?: unknown }>;

export async function startWithAuthentication(options: EmulatorOptions = {}) {
  const emulator = await startEmulator({
    seed: true,
    token: [ROOT, 'api-key-0123'],
    clock: { mode: 'manual', startMs: 1_775_904_000_000 },
    ...options,
  });
  running.push(emulator);
  const as =
    (credential: string): Caller =>
    async (path, body = {}, headers = {}) => {
      const answer = await post(emulator.url, `${V}/${path}`, body, { Authorization: `Bearer ${credential}`, ...headers });
      return { status: answer.status, ...envelope(answer) };
    };
  const root = as(ROOT);
  const addUser = async (name: string, ...roles: string[]) => {
    expect(await root('users/create', { userName: name, password: PASSWORD })).toMatchObject({ status: 200, code: 0 });
    for (const role of roles) expect(await root('users/grant_role', { userName: name, roleName: role })).toMatchObject({ code: 0 });
    return as(`${name}:${PASSWORD}`);
  };
  /** Creates `roleName` with one v1 grant. */
  const addRole = async (roleName: string, grant: { objectType: string; objectName: string; privilege: string }) => {
    expect(await root('roles/create', { roleName })).toMatchObject({ code: 0 });
    expect(await root('roles/grant_privilege', { roleName, ...grant })).toMatchObject({ code: 0 });
  };
  return { emulator, as, root, addUser, addRole };
}
