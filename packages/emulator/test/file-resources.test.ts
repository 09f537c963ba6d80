// File resources: named files in object storage, with int64 ids.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { envelope, post } from './support/contract.js';

const V = '/v2/vectordb';
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ clock: { mode: 'manual', startMs: 1_775_904_000_000 } });
  // The collection takes the first id, so the resources get 449503829274509313 and on.
  expect((await call('collections/create', { collectionName: 'books', dimension: 8 })).code).toBe(0);
});
afterEach(() => emulator.close());

async function call(path: string, body: unknown = {}) {
  return envelope(await post(emulator.url, `${V}/${path}`, body));
}
const done = { code: 0, data: {} };

describe('file resources', () => {
  it('adds, lists with int64 ids, and removes', async () => {
    expect(await call('file_resources/list')).toEqual({ code: 0, data: [] });
    expect(await call('file_resources/add', { name: 'stopwords_en', path: 'resources/stopwords_en.txt' })).toEqual(done);
    expect(await call('file_resources/add', { name: 'stopwords_en', path: 'resources/stopwords_en.txt' })).toEqual(done);
    expect(await call('file_resources/add', { name: 'dict_ja', path: 'resources/dict_ja.txt' })).toEqual(done);
    const listed = await post(emulator.url, `${V}/file_resources/list`, {});
    expect(listed.text).toBe(
      '{"code":0,"data":[{"id":449503829274509313,"name":"stopwords_en","path":"resources/stopwords_en.txt"},' +
        '{"id":449503829274509314,"name":"dict_ja","path":"resources/dict_ja.txt"}]}',
    );
    expect(await call('file_resources/remove', { name: 'stopwords_en' })).toEqual(done);
    expect(await call('file_resources/remove', { name: 'stopwords_en' })).toEqual(done);
    expect(await call('file_resources/list')).toEqual({
      code: 0,
      data: [{ id: 449503829274509314n, name: 'dict_ja', path: 'resources/dict_ja.txt' }],
    });
  });

  it('refuses another path under a taken name, a missing file and a missing path', async () => {
    await call('file_resources/add', { name: 'stopwords_en', path: 'resources/stopwords_en.txt' });
    expect(await call('file_resources/add', { name: 'stopwords_en', path: 'resources/other.txt' })).toEqual({
      code: 65535,
      message: 'file resource stopwords_en already exists with another path: resources/stopwords_en.txt',
    });
    expect(await call('file_resources/add', { name: 'gone', path: 'resources/emulator-fail.txt' })).toEqual({
      code: 65535,
      message: 'file resource path not found: resources/emulator-fail.txt',
    });
    expect(await call('file_resources/add', { name: 'no_path' })).toEqual({
      code: 1802,
      message:
        "missing required parameters, error: Key: 'FileResourceReq.Path' Error:Field validation for 'Path' failed on the 'required' tag",
    });
  });
});
