// A hostile HTTP server on 127.0.0.1 written on `node:net`, with no HTTP library: it reads one
// request per connection and then does exactly what a case tells it with the socket (write any
// bytes, lie in any header, stall, reset), so that nothing between it and the client tidies up
// what it sends. It records every request, counts the faults it served and stops by itself.
import { createServer, type Socket } from 'node:net';

export type RawRequest = {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** When the whole request had arrived (performance.now()). */
  at: number;
};

/** What a case does with a connection once its request has arrived. */
export type RawHandler = (socket: Socket, request: RawRequest, index: number) => void;

export type RawServer = {
  url: string;
  port: number;
  requests: RawRequest[];
  /** Requests to `path`: how many times a call reached the server. */
  count(path: string): number;
  close(): Promise<void>;
};

const HEADER_END = Buffer.from('\r\n\r\n');
// No request of these tests is larger; a bigger one is a bug in the client, not something to buffer.
const MAX_REQUEST_BYTES = 1 << 20;

/** Writes a whole answer as given: status line, headers in order (any value, even a lying one), body. */
export function writeAnswer(
  socket: Socket,
  answer: { status: number; statusText?: string; headers?: [string, string][]; body?: string | Buffer; end?: boolean },
): void {
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? Buffer.alloc(0));
  const headers = answer.headers ?? [
    ['Content-Type', 'application/json'],
    ['Content-Length', String(body.byteLength)],
  ];
  const head = [
    `HTTP/1.1 ${answer.status} ${answer.statusText ?? 'Status'}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  socket.write(`${head.join('\r\n')}\r\n\r\n`);
  if (body.byteLength > 0) socket.write(body);
  if (answer.end !== false) socket.end();
}

/** Answers with JSON text (sent byte for byte) and a true Content-Length. */
export function writeJson(socket: Socket, status: number, text: string, extraHeaders: [string, string][] = []): void {
  writeAnswer(socket, {
    status,
    headers: [['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(text))], ...extraHeaders],
    body: text,
  });
}

export async function startRawServer(handler: RawHandler): Promise<RawServer> {
  const requests: RawRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // The client resets and aborts connections on purpose: those errors are the point, not failures.
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    let handled = false;
    socket.on('data', (chunk: Buffer) => {
      if (handled) return;
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.byteLength > MAX_REQUEST_BYTES) {
        socket.destroy();
        return;
      }
      const headerEnd = buffered.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const [requestLine = '', ...lines] = buffered.subarray(0, headerEnd).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      const bodyStart = headerEnd + HEADER_END.byteLength;
      if (buffered.byteLength - bodyStart < length) return;
      handled = true;
      const [method = '', path = ''] = requestLine.split(' ');
      const request: RawRequest = {
        method,
        path,
        headers,
        body: buffered.subarray(bodyStart, bodyStart + length).toString('utf8'),
        at: performance.now(),
      };
      requests.push(request);
      handler(socket, request, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    count: (path) => requests.filter((request) => request.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
