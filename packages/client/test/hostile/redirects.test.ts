// Redirects are never followed: fetch would turn a POST into a GET on 301-303 and could carry the
// credentials to another origin. Every 3xx ends the call with a MilvusHttpError that carries its
// status and tells the user to set `endpoint` to the final URL; a redirected write reached the
// server once, the target of the redirect sees nothing, and the Location (which echoes the
// credential here) shows nowhere.
import { describe, expect, it } from 'vitest';
import { MilvusHttpError } from '../../src/index.js';
import { hostileFile, OPERATIONS, READ_PATH, runCase, TOKEN_KINDS, WRITE_PATH } from './hostile-case.js';
import { type RawServer, startRawServer, writeAnswer } from './raw-http-server.js';

const STATUSES = [301, 302, 303, 307, 308];
type Target = (request: { path: string; authorization: string }, self: RawServer, other: RawServer) => string;
const targets: Record<string, Target> = {
  'the same origin': ({ path }) => `${path}/moved`,
  'another port, with the credential in the query': ({ path, authorization }, _self, other) =>
    `http://127.0.0.1:${other.port}${path}?auth=${encodeURIComponent(authorization)}`,
  'itself (a loop)': ({ path }, self) => `${self.url}${path}`,
};

const EXPECTED_CASES = STATUSES.length * Object.keys(targets).length * OPERATIONS.length * TOKEN_KINDS.length;
const ledger = hostileFile('redirects', EXPECTED_CASES);

describe.each(STATUSES)('HTTP %i', (status) => {
  for (const [targetName, target] of Object.entries(targets)) {
    for (const operation of OPERATIONS) {
      for (const token of TOKEN_KINDS) {
        it(`to ${targetName}: a ${operation} with a ${token} is not followed`, async () => {
          const other = await startRawServer((socket) => writeAnswer(socket, { status: 200, body: '{"code":0,"data":{}}' }));
          const server: RawServer = await startRawServer((socket, request) => {
            ledger.faults++;
            const authorization = request.headers.authorization ?? '';
            const location = target({ path: request.path, authorization }, server, other);
            writeAnswer(socket, {
              status,
              statusText: 'Moved',
              headers: [
                ['Location', location],
                ['Content-Type', 'text/html'],
              ],
              body: `<html><body>Moved to <a href="${location}">${location}</a> for ${authorization}</body></html>`,
            });
          });
          try {
            const result = await runCase(ledger, { server, operation, token, timeoutMs: 5_000 });
            expect(result.error).toBeInstanceOf(MilvusHttpError);
            expect((result.error as MilvusHttpError).status).toBe(status);
            expect((result.error as Error).message).toContain('redirect');
            expect(result.reached).toBe(1);
            expect(server.requests).toHaveLength(1);
            expect(server.requests[0]?.method).toBe('POST');
            expect(server.requests[0]?.path).toBe(operation === 'read' ? READ_PATH : WRITE_PATH);
            // Nothing followed the redirect: no request, so no credential, reached the other origin.
            expect(other.requests).toHaveLength(0);
          } finally {
            await Promise.all([server.close(), other.close()]);
          }
        });
      }
    }
  }
});
