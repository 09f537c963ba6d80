// A fetch stand-in for unit tests: each call gets the next scripted behaviour, and every request is
// recorded (URL, method, headers, body). It honours the abort signal the way undici does, for the
// request and for the body stream.

export type FakeReply =
  | { status?: number; headers?: Record<string, string>; body: string }
  | { status?: number; headers?: Record<string, string>; hangBody: true }
  | { hang: true }
  | { throw: Error };

export type RecordedRequest = { url: string; method: string; headers: Headers; body: string; signal: AbortSignal | undefined };

export function errorWithCode(message: string, code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

export function fakeFetch(replies: FakeReply[] | ((index: number) => FakeReply)) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const signal = init.signal ?? undefined;
    requests.push({
      url: String(input instanceof Request ? input.url : input),
      method: init.method ?? 'GET',
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : '',
      signal,
    });
    const index = requests.length - 1;
    const reply = typeof replies === 'function' ? replies(index) : replies[index];
    if (!reply) throw new Error(`fake fetch: no reply scripted for call ${index}`);
    if ('throw' in reply) throw reply.throw;
    signal?.throwIfAborted();
    if ('hang' in reply) {
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    const headers = { 'content-type': 'application/json', ...reply.headers };
    if ('hangBody' in reply) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"code":0,'));
          signal?.addEventListener('abort', () => controller.error(signal.reason), { once: true });
        },
      });
      return new Response(stream, { status: reply.status ?? 200, headers });
    }
    return new Response(reply.body, { status: reply.status ?? 200, headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}
