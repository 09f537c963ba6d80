import { describe, expect, it } from 'vitest';
import { classifyAnswer } from '../src/envelope.js';

describe('classifyAnswer', () => {
  it.each<[string, number, string, string]>([
    ['code 0 with data', 200, '{"code":0,"data":{"records":[]}}', 'ok'],
    ['code 0 without data (some writes)', 200, '{"code":0}', 'ok'],
    ['code 200 with data (2.4.0 servers)', 200, '{"code":200,"data":{}}', 'ok'],
    ['code 200 without data: partition not found', 200, '{"code":200,"message":"partition not found[partition=p1]"}', 'api 200'],
    ['an error envelope with HTTP 200', 200, '{"code":100,"message":"collection not found"}', 'api 100'],
    ['an error envelope with HTTP 401', 401, '{"code":1800,"message":"user hasn\'t authenticated"}', 'api 1800'],
    ['code 0 but HTTP 500', 500, '{"code":0,"data":{}}', 'api 0'],
    ['resource_groups/describe: no envelope at all', 200, '{"resource_group":{"name":"rg"}}', 'ok'],
    ['plain-text 404', 404, '404 page not found', 'http'],
    ['a proxy HTML page', 502, '<html><body>Bad Gateway</body></html>', 'http'],
    ['a truncated body', 200, '{"code":0,"data":{"recor', 'http'],
    ['an empty body', 200, '', 'http'],
    ['a JSON array', 200, '[1,2]', 'http'],
  ])('%s', (_name, status, text, expected) => {
    const answer = classifyAnswer(status, text);
    const summary = answer.ok ? 'ok' : answer.kind === 'api' ? `api ${answer.code}` : 'http';
    expect(summary).toBe(expected);
  });

  it('keeps the first 200 characters of an unexpected body, on one line', () => {
    const answer = classifyAnswer(502, `<html>\n${'x'.repeat(300)}</html>`);
    expect(answer.ok).toBe(false);
    if (!answer.ok && answer.kind === 'http') {
      expect(answer.excerpt.startsWith('<html> xxx')).toBe(true);
      expect(answer.excerpt).toHaveLength(201);
    }
  });
});
