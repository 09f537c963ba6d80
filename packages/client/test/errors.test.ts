// Errors: a bounded one-line message whatever the server sent, the whole server text kept on the
// error, and `toJSON`/`inspect` that show only the error's own fields.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MilvusApiError, MilvusConnectionError, MilvusHttpError, MilvusJobFailedError } from '../src/errors.js';

const context = { operationId: 'listRefreshExternalCollectionJobs', path: '/v2/vectordb/jobs/external_collection/list' };

function apiError(serverMessage: string, traceId?: string): MilvusApiError {
  return new MilvusApiError({ code: 100, serverMessage, httpStatus: 200, traceId, retriable: false }, context);
}

describe('error messages', () => {
  it('show at most 300 characters of server text on one line, and keep the whole text on the error', () => {
    const huge = `collection not found\r\n\u001b[2J${'x'.repeat(50_000_000)}`;
    const error = apiError(huge);
    expect(error.serverMessage).toBe(huge);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).not.toContain('\u001b');
    expect(error.message.length).toBeLessThan(300 + 120);
    expect(error.message.startsWith('listRefreshExternalCollectionJobs failed: collection not found [2Jxxx')).toBe(true);
    expect(error.message).toMatch(/…\s\(code 100, HTTP 200\)$/);
    expect(JSON.stringify(error).length).toBeLessThan(5_000);
  });

  it('fold control characters in every kind of error', () => {
    const errors = [
      new MilvusHttpError(
        { status: 502, bodyExcerpt: 'bad\ngateway', traceId: 't\r\nX-Injected: 1', reason: 'unexpected answer' },
        context,
      ),
      new MilvusConnectionError('socket\nhang up', true, context, undefined),
      new MilvusJobFailedError('449503829274509312', 'disk\nfull', {}, context),
    ];
    for (const error of errors) {
      expect(error.message).not.toMatch(/[\r\n]/);
      expect(error.stack?.split('\n')[0]).toBe(`${error.name}: ${error.message}`);
    }
    expect((errors[0] as MilvusHttpError).traceId).toBe('t X-Injected: 1');
  });

  it('bound a trace id that is not a trace id', () => {
    expect(apiError('x', 'a'.repeat(10_000)).traceId?.length).toBeLessThanOrEqual(129);
  });

  it('inspect shows the stack, the toJSON fields and the cause, nothing else', () => {
    const error = new MilvusConnectionError('socket hang up', true, context, new Error('ECONNRESET'));
    Object.assign(error, { request: { headers: { authorization: 'Bearer should-not-show' } } });
    const shown = inspect(error, { depth: 5 });
    expect(shown).toContain('MilvusConnectionError');
    expect(shown).toContain('mayHaveReachedServer: true');
    expect(shown).toContain('ECONNRESET');
    expect(shown).not.toContain('should-not-show');
  });
});
