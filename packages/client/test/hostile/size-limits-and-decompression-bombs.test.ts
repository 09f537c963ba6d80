// Answers too large to hold: declared, streamed without end, or small on the wire and huge once
// decompressed (gzip, deflate, br, gzip twice). The client stops reading at its limit, inside the
// deadline, with a MilvusHttpError that names the option to raise; a write reaches the server once.
import type { Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MilvusConnectionError, MilvusHttpError } from '../../src/index.js';
import {
  collectUnhandledRejections,
  createLedger,
  DEADLINE_MARGIN_MS,
  OPERATIONS,
  reportLedger,
  runCase,
  TOKEN_KINDS,
} from './hostile-case.js';
import { startRawServer, writeAnswer } from './raw-http-server.js';

const MIB = 1024 * 1024;
const LIMITS = { maxResponseBytes: 64 * 1024, maxDecompressedBytes: 1 * MIB };
// Valid JSON whatever its length (whitespace may follow a value): if a limit were not enforced,
// the call would succeed and the case would fail.
const envelopeWithPadding = (bytes: number) => Buffer.concat([Buffer.from('{"code":0,"data":{"records":[]}}'), Buffer.alloc(bytes, 0x20)]);

type Fault = {
  answer: (socket: Socket) => void;
  read: [typeof MilvusHttpError | typeof MilvusConnectionError, number];
  write: [typeof MilvusHttpError | typeof MilvusConnectionError, number];
  /** The option the error message must name. */
  option?: string;
};

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

const faults: Record<string, Fault> = {
  'gzip bomb (8 MiB from a few kB)': {
    answer: (socket) => encoded('gzip', bombs.gzip as Buffer)(socket),
    read: [MilvusHttpError, 1],
    write: [MilvusHttpError, 1],
    option: 'maxDecompressedBytes',
  },
  'deflate bomb': {
    answer: (socket) => encoded('deflate', bombs.deflate as Buffer)(socket),
    read: [MilvusHttpError, 1],
    write: [MilvusHttpError, 1],
    option: 'maxDecompressedBytes',
  },
  'brotli bomb': {
    answer: (socket) => encoded('br', bombs.br as Buffer)(socket),
    read: [MilvusHttpError, 1],
    write: [MilvusHttpError, 1],
    option: 'maxDecompressedBytes',
  },
  'gzip inside gzip': {
    answer: (socket) => encoded('gzip, gzip', bombs.gzipTwice as Buffer)(socket),
    read: [MilvusHttpError, 1],
    write: [MilvusHttpError, 1],
    option: 'maxDecompressedBytes',
  },
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

const TIMEOUT_MS = 10_000;
const ledger = createLedger('size-limits-and-decompression-bombs');
const unhandled = collectUnhandledRejections();
const EXPECTED_CASES = Object.keys(faults).length * OPERATIONS.length * TOKEN_KINDS.length + 1;
beforeAll(() => {
  const eightMiB = envelopeWithPadding(8 * MIB);
  bombs.gzip = gzipSync(eightMiB);
  bombs.deflate = deflateSync(eightMiB);
  bombs.br = brotliCompressSync(eightMiB);
  bombs.gzipTwice = gzipSync(gzipSync(eightMiB));
  for (const bomb of Object.values(bombs)) expect(bomb.byteLength).toBeLessThan(LIMITS.maxResponseBytes);
});
afterAll(() => {
  unhandled.stop();
  expect(unhandled.list).toEqual([]);
  reportLedger(ledger, EXPECTED_CASES);
});

describe.each(Object.entries(faults))('%s', (_name, fault) => {
  for (const operation of OPERATIONS) {
    for (const token of TOKEN_KINDS) {
      const [errorClass, reached] = fault[operation];
      it(`a ${operation} with a ${token} ends with ${errorClass.name}, reaching the server ${reached} time(s)`, {
        timeout: TIMEOUT_MS + DEADLINE_MARGIN_MS + 5_000,
      }, async () => {
        const server = await startRawServer((socket) => {
          ledger.faults++;
          fault.answer(socket);
        });
        try {
          const result = await runCase(ledger, { server, operation, token, timeoutMs: TIMEOUT_MS, client: LIMITS });
          expect(result.error).toBeInstanceOf(errorClass);
          if (fault.option) expect((result.error as Error).message).toContain(fault.option);
          expect(result.reached).toBe(reached);
        } finally {
          await server.close();
        }
      });
    }
  }
});

describe('with the default limits', () => {
  it('a gzip bomb past the default maxDecompressedBytes ends the call with a MilvusHttpError', { timeout: 120_000 }, async () => {
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
        timeoutMs: 60_000,
        client: { maxResponseBytes: undefined },
      });
      expect(result.error).toBeInstanceOf(MilvusHttpError);
      expect((result.error as Error).message).toContain('maxDecompressedBytes');
      expect(result.reached).toBe(1);
    } finally {
      await server.close();
    }
  });
});
