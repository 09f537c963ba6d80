import { describe, expect, it } from 'vitest';
import { classifyAnswer } from '../src/envelope.js';
import { SecretSet } from '../src/redact.js';

describe('classifyAnswer', () => {
  it.each<[string, number, string, string, boolean?]>([
    ['code 0 with data', 200, '{"code":0,"data":{"records":[]}}', 'ok'],
    ['code 0 without data (some writes)', 200, '{"code":0}', 'ok'],
    ['code 200 with data (2.4.0 servers)', 200, '{"code":200,"data":{}}', 'ok'],
    ['code 200 without data: partition not found', 200, '{"code":200,"message":"partition not found[partition=p1]"}', 'api 200'],
    ['an error envelope with HTTP 200', 200, '{"code":100,"message":"collection not found"}', 'api 100'],
    ['an error envelope with HTTP 401', 401, '{"code":1800,"message":"user hasn\'t authenticated"}', 'api 1800'],
    ['code 0 but HTTP 500', 500, '{"code":0,"data":{}}', 'api 0'],
    ['resource_groups/describe: no envelope at all', 200, '{"resource_group":{"name":"rg"}}', 'ok', true],
    ['an object without code, where the spec promises an envelope', 200, '{"resource_group":{"name":"rg"}}', 'http'],
    ['an error-looking object without code', 200, '{"error":"unauthorized"}', 'http'],
    ['code as a string', 200, '{"code":"100","message":"collection not found"}', 'http'],
    ['code null', 200, '{"code":null}', 'http'],
    ['code null, even for an envelope-less operation', 200, '{"code":null,"resource_group":{}}', 'http', true],
    ['code as a boolean', 200, '{"code":false,"data":{}}', 'http'],
    ['code as an object', 200, '{"code":{},"data":{}}', 'http'],
    ['code as an array', 200, '{"code":[0],"data":{}}', 'http'],
    ['a bare body with an error status', 500, '{"resource_group":{}}', 'http', true],
    ['an error-looking object, even for an envelope-less operation', 200, '{"error":"unauthorized"}', 'http', true],
    ['a JSON string', 200, '"ok"', 'http'],
    ['a JSON number', 200, '0', 'http'],
    ['JSON null', 200, 'null', 'http'],
    ['JSON true', 200, 'true', 'http'],
    ['plain-text 404', 404, '404 page not found', 'http'],
    ['a proxy HTML page', 502, '<html><body>Bad Gateway</body></html>', 'http'],
    ['a truncated body', 200, '{"code":0,"data":{"recor', 'http'],
    ['an empty body', 200, '', 'http'],
    ['a JSON array', 200, '[1,2]', 'http'],
  ])('%s', (_name, status, text, expected, bare = false) => {
    const answer = classifyAnswer(status, text, bare);
    const summary = answer.ok ? 'ok' : answer.kind === 'api' ? `api ${answer.code}` : 'http';
    expect(summary).toBe(expected);
  });

  it('keeps the first 200 characters of an unexpected body, on one line', () => {
    // The excerpt moved from classifyAnswer to SecretSet.excerpt, which redacts before it cuts.
    const excerpt = new SecretSet().excerpt(`<html>\n${'x'.repeat(300)}</html>`);
    expect(excerpt.startsWith('<html> xxx')).toBe(true);
    expect(excerpt).toHaveLength(201);
  });
});
