import { describe, expect, it } from 'vitest';
import { createMilvusClient, MilvusConfigError } from '../src/index.js';
import { normalizeEndpoint } from '../src/options.js';

describe('normalizeEndpoint', () => {
  it.each([
    ['http://localhost:19530', 'http://localhost:19530'],
    ['http://localhost:19530/', 'http://localhost:19530'],
    ['http://localhost:19530/v2/vectordb', 'http://localhost:19530'],
    ['http://localhost:19530/v2/vectordb/', 'http://localhost:19530'],
    ['https://in01-abc.aws-us-west-2.vectordb.zillizcloud.com:19530', 'https://in01-abc.aws-us-west-2.vectordb.zillizcloud.com:19530'],
    ['https://gateway.example.internal/milvus/', 'https://gateway.example.internal/milvus'],
    ['https://gateway.example.internal/milvus/v2/vectordb', 'https://gateway.example.internal/milvus'],
    ['  http://127.0.0.1:19530  ', 'http://127.0.0.1:19530'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeEndpoint(input)).toBe(expected);
  });
});

describe('createMilvusClient rejects bad options at construction', () => {
  const fetch = (() => Promise.reject(new Error('unused'))) as unknown as typeof globalThis.fetch;
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no endpoint', {}, /`endpoint` is required/],
    ['a non-URL endpoint', { endpoint: 'localhost:19530' }, /http\(s\) URL/],
    ['a grpc endpoint', { endpoint: 'grpc://localhost:19530' }, /http\(s\) URL.*"grpc:"/],
    ['credentials in the URL', { endpoint: 'http://root:Milvus@localhost:19530' }, /must not contain credentials/],
    ['a query string', { endpoint: 'http://localhost:19530?db=x' }, /query string/],
    ['token and username together', { endpoint: 'http://h', token: 't', username: 'u', password: 'p' }, /either `token` or `username`/],
    ['a username without password', { endpoint: 'http://h', username: 'root' }, /`password` must be a string/],
    ['an empty token', { endpoint: 'http://h', token: '' }, /empty string/],
    ['a numeric token', { endpoint: 'http://h', token: 42 }, /`token` must be a string/],
    ['a zero timeout', { endpoint: 'http://h', timeoutMs: 0 }, /`timeoutMs` must be a positive number/],
    ['a negative retry count', { endpoint: 'http://h', maxRetries: -1 }, /`maxRetries` must be a non-negative/],
    ['a fractional retry count', { endpoint: 'http://h', maxRetries: 1.5 }, /whole number/],
    ['an empty dbName', { endpoint: 'http://h', dbName: '' }, /`dbName` must be a non-empty string/],
    ['an Authorization header', { endpoint: 'http://h', headers: { Authorization: 'Bearer x' } }, /not an Authorization header/],
    ['a bad rate limit', { endpoint: 'http://h', rateLimit: { requestsPerSecond: 0 } }, /requestsPerSecond` must be a positive number/],
  ])('%s', (_name, options, message) => {
    const create = () => createMilvusClient({ fetch, ...options } as never);
    expect(create).toThrow(MilvusConfigError);
    expect(create).toThrow(message);
  });

  it.each([
    ['in a valid URL', (secret: string) => `http://root:${secret}@localhost:19530`],
    ['in a URL without a scheme', (secret: string) => `root:${secret}@localhost:19530`],
    ['in a URL with a bad scheme', (secret: string) => `tcp://root:${secret}@localhost:19530`],
  ])('never puts a secret into a configuration error: credentials %s', (_name, endpoint) => {
    const secret = 'sk-canary-0123456789';
    let caught: unknown;
    try {
      createMilvusClient({ endpoint: endpoint(secret), fetch });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MilvusConfigError);
    expect(String(caught)).not.toContain(secret);
    expect(JSON.stringify(caught)).not.toContain(secret);
    expect((caught as Error).stack).not.toContain(secret);
  });
});
