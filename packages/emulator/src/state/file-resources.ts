// File resources (file_resources/*): names for files in the object storage Milvus uses, which
// analyzer parameters refer to. Each gets an int64 id. A path that contains `emulator-fail`
// stands for a file that is not there.

import type { FileResource } from '@milvus-rest/types';
import { ApiError, ErrorCode } from '../api-error.js';
import { FAILING_SOURCE_MARKER } from './refresh-jobs.js';

type StoredFileResource = { id: bigint; name: string; path: string };

export class FileResources {
  private readonly resources = new Map<string, StoredFileResource>();

  /** Registers `path` under `name`; the same pair again is a success, another path for the name is refused. */
  add(name: string, path: string, newId: () => bigint): void {
    const existing = this.resources.get(name);
    if (existing) {
      if (existing.path === path) return;
      throw new ApiError(ErrorCode.Unexpected, `file resource ${name} already exists with another path: ${existing.path}`);
    }
    if (path.includes(FAILING_SOURCE_MARKER)) throw new ApiError(ErrorCode.Unexpected, `file resource path not found: ${path}`);
    this.resources.set(name, { id: newId(), name, path });
  }

  /** Unregisters a name; an unknown one is a success. */
  remove(name: string): void {
    this.resources.delete(name);
  }

  /** The resources in registration order, ids as decimal strings. */
  list(): FileResource[] {
    return [...this.resources.values()].map(({ id, name, path }) => ({ id: String(id), name, path }));
  }
}
