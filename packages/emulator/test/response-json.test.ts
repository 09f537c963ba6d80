// Writing answers: int64s at the spec's paths as bare numbers with every digit.
import { describe, expect, it } from 'vitest';
import { stringifyResponse } from '../src/response-json.js';

describe('stringifyResponse', () => {
  const paths = [
    ['data', 'records', '[]', 'jobId'],
    ['data', 'jobId'],
  ];

  it('writes decimal strings and bigints at int64 paths as bare JSON numbers', () => {
    const body = {
      code: 0,
      data: { records: [{ jobId: '449503829274509313', name: '449503829274509312' }, { jobId: 449503829274509314n }] },
    };
    expect(stringifyResponse(body, paths)).toBe(
      '{"code":0,"data":{"records":[{"jobId":449503829274509313,"name":"449503829274509312"},{"jobId":449503829274509314}]}}',
    );
  });

  it('writes like JSON.stringify when nothing needs care, and drops undefined', () => {
    const body = { code: 0, data: { jobId: 7, reason: undefined, list: [1, 'a', null] } };
    expect(stringifyResponse(body, paths)).toBe(JSON.stringify(body));
  });

  it('refuses an int64 that is not an exact integer, which would be an emulator bug', () => {
    expect(() => stringifyResponse({ data: { jobId: 'job-1' } }, paths)).toThrow(/data.jobId/);
    expect(() => stringifyResponse({ data: { jobId: 2 ** 60 } }, paths)).toThrow(/not an exact integer/);
  });
});
