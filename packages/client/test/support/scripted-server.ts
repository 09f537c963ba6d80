// A real HTTP server on 127.0.0.1 that answers each request with the next scripted answer and
// records what it received, byte for byte.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer = {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as is: a string is the exact body text (so int64 literals keep every digit). */
  body: string;
};

export type ReceivedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

export async function startScriptedServer(answer: (request: ReceivedRequest, index: number) => ScriptedAnswer) {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      const reply = answer(request, received.length - 1);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
