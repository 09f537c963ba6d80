// Answers too large to hold: declared, streamed without end, or small on the wire and huge once
// decompressed (gzip, deflate, br, gzip twice). The client stops reading at its limit, inside the
// deadline, with a MilvusHttpError that names the option to raise; a write reaches the server once.
import type { Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MilvusConnectionError, MilvusHttpError } from '../../src/index.js';
import { describeFaults, type Fault, hostileFile, OPERATIONS, runCase, TOKEN_KINDS } from './hostile-case.js';
import { startRawServer, writeAnswer } from './raw-http-server.js';

const MIB = 1024 * 1024;
const LIMITS = { maxResponseBytes: 64 * 1024, maxDecompressedBytes: 1 * MIB };
// Valid JSON whatever its length (whitespace may follow a value): if a limit were not enforced,
// the call would succeed and the case would fail.
const envelopeWithPadding = (bytes: number) => Buffer.concat([Buffer.from('{"code":0,"data":{"records":[]}}'), Buffer.alloc(bytes, 0x20)]);

/** A fault, and the option its error message must name (the one to raise). */
type SizeFault = Fault & { option?: 'maxResponseBytes' | 'maxDecompressedBytes' };

const bombs: Record<string, Buffer> = {};

function encoded(encoding: string, body: Buffer): (socket: Socket) => void {
  return (socket) =>
    writeAnswer(socket, {
      status: 200,
      headers: [
        ['Content-Type', 'application/json'],
        ['Content-Encoding', encoding],
        ['Content-Length', String(body.byteLength)],
      ],
      body,
    });
}

/** Writes chunks of a valid-looking body until the client stops reading (at most 64 MiB). */
function endlessChunkedBody(socket: Socket): void {
  socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const head = Buffer.from('{"code":0,"data":{}}');
  socket.write(`${head.byteLength.toString(16)}\r\n`);
  socket.write(head);
  socket.write('\r\n');
  let sent = 0;
  const pump = () => {
    while (!socket.destroyed && sent < 64 * MIB) {
      sent += chunk.byteLength;
      const more = socket.write(`${chunk.byteLength.toString(16)}\r\n`) && socket.write(chunk) && socket.write('\r\n');
      if (!more) {
        socket.once('drain', pump);
        return;
      }
    }
    if (!socket.destroyed) socket.end('0\r\n\r\n');
  };
  pump();
}

const bombFault = (encoding: string, bomb: string): SizeFault => ({
  answer: (socket) => encoded(encoding, bombs[bomb] as Buffer)(socket),
  read: [MilvusHttpError, 1],
  write: [MilvusHttpError, 1],
  option: 'maxDecompressedBytes',
});

const faults: Record<string, SizeFault> = {
  'gzip bomb (8 MiB from a few kB)': bombFault('gzip', 'gzip'),
  'deflate bomb': bombFault('deflate', 'deflate'),
  'brotli bomb': bombFault('br', 'br'),
  'gzip inside gzip': bombFault('gzip, gzip', 'gzipTwice'),
  'a declared Content-Length above the limit': {
    answer: (socket) =>
      writeAnswer(socket, { status: 200, headers: [['Content-Length', String(512 * MIB)]], body: envelopeWithPadding(1024), end: false }),
    read: [MilvusHttpError, 1],
    write: [MilvusHttpError, 1],
    option: 'maxResponseBytes',
  },
  'an endless chunked body': {
    answer: endlessChunkedBody,
    read: [MilvusHttpError, 1],
    write: [MilvusHttpError, 1],
    option: 'maxResponseBytes',
  },
  'a gzip header over bytes that are not gzip': {
    answer: encoded('gzip', Buffer.from('{"code":0,"data":{}} this is not gzip')),
    read: [MilvusConnectionError, 3],
    write: [MilvusConnectionError, 1],
  },
};

const ledger = hostileFile('size-limits-and-decompression-bombs', Object.keys(faults).length * OPERATIONS.length * TOKEN_KINDS.length + 1);
beforeAll(() => {
  const eightMiB = envelopeWithPadding(8 * MIB);
  bombs.gzip = gzipSync(eightMiB);
  bombs.deflate = deflateSync(eightMiB);
  bombs.br = brotliCompressSync(eightMiB);
  bombs.gzipTwice = gzipSync(gzipSync(eightMiB));
  for (const bomb of Object.values(bombs)) expect(bomb.byteLength).toBeLessThan(LIMITS.maxResponseBytes);
});

describeFaults(ledger, faults, {
  timeoutMs: 10_000,
  client: LIMITS,
  check: (fault, error) => {
    if (fault.option) expect((error as Error).message).toContain(fault.option);
  },
});

describe('with the default limits', () => {
  it('a gzip bomb past the default maxDecompressedBytes ends the call with a MilvusHttpError', { timeout: 200_000 }, async () => {
    // 40 gzip members of 8 MiB each (a gzip stream may hold several; decoders join them): 320 MiB,
    // past the 256 MiB default, from about 300 kB on the wire, within the 64 MiB default.
    const member = gzipSync(Buffer.alloc(8 * MIB, 0x20));
    const bomb = Buffer.concat([gzipSync(Buffer.from('{"code":0,"data":{"records":[]}}')), ...Array.from({ length: 40 }, () => member)]);
    expect(bomb.byteLength).toBeLessThan(64 * MIB);
    const server = await startRawServer((socket) => {
      ledger.faults++;
      encoded('gzip', bomb)(socket);
    });
    try {
      const result = await runCase(ledger, {
        server,
        operation: 'read',
        token: 'static token',
        // The default size limits, with a long deadline: decompressing 256 MiB takes seconds on a loaded machine.
        timeoutMs: 150_000,
      });
      expect(result.error).toBeInstanceOf(MilvusHttpError);
      expect((result.error as Error).message).toContain('maxDecompressedBytes');
      expect(result.reached).toBe(1);
    } finally {
      await server.close();
    }
  });
});
