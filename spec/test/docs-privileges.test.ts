// The HTML reference says, under each operation, which privilege the server checks: the line
// comes from the operation's `x-milvus-privilege`, so the docs and the emulator cannot disagree.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript module of the docs build, without type declarations
import { addPrivilegeNotes, privilegeNote } from '../docs/privilege-note.mjs';

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('the privilege line of the HTML reference', () => {
  it.each([
    ['none', '**Privilege:** none; the REST layer checks no privilege on this route.'],
    [{ name: 'CreateCollection', object: 'Global' }, '**Privilege:** `CreateCollection`, granted globally (on `*`).'],
    [
      { name: 'Load', object: 'Collection', field: 'collectionName' },
      '**Privilege:** `Load` on the collection that `collectionName` names.',
    ],
    [
      { name: 'UpdateUser', object: 'User', field: 'userName' },
      "**Privilege:** `UpdateUser` on the user that `userName` names; none for the caller's own account.",
    ],
    [
      { name: 'Import', object: 'Collection', at: 'job' },
      '**Privilege:** `Import` on the collection of the job the body names, checked after the job is looked up.',
    ],
    [
      { name: 'Import', object: 'Collection', at: 'each' },
      "**Privilege:** `Import` on each listed item's collection; the items without it are left out.",
    ],
  ])('reads %j as %s', (extension, note) => {
    expect(privilegeNote(extension)).toBe(note);
  });

  it('ends every operation description with its note, and leaves the rest of the description as it was', () => {
    const spec = {
      paths: {
        '/v2/vectordb/collections/load': {
          post: {
            description: 'Loads a collection.\n',
            'x-milvus-privilege': { name: 'Load', object: 'Collection', field: 'collectionName' },
          },
        },
        '/v2/vectordb/collections/list': { post: { 'x-milvus-privilege': 'none' } },
      },
    };
    addPrivilegeNotes(spec);
    expect(spec.paths['/v2/vectordb/collections/load'].post.description).toBe(
      'Loads a collection.\n\n**Privilege:** `Load` on the collection that `collectionName` names.',
    );
    expect((spec.paths['/v2/vectordb/collections/list'].post as { description?: string }).description).toBe(
      '**Privilege:** none; the REST layer checks no privilege on this route.',
    );
  });

  it('is added by the docs build to the bundle it renders', () => {
    const build = readFileSync(join(specDir, 'docs/build-reference.mjs'), 'utf8');
    expect(build).toMatch(/addPrivilegeNotes\(spec\);\n[\s\S]*redoclyRun\(\['build-docs', bundled/);
  });
});
