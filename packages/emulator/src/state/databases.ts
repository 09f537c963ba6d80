// What the server knows about a database besides its collections: its id (1 for `default`, an
// int64 above 2^53 for the others, as the root coordinator allocates them) and its properties.
// The store keeps which databases exist; this keeps their details.

import type { KeyValuePair } from '@milvus-rest/types';

/** The root coordinator's `rootCoord.maxDatabaseNum`, which does not count `default`. */
export const MAX_DATABASES = 64;
const DEFAULT_DATABASE_ID = 1n;

export type DatabaseInfo = { id: bigint; properties: KeyValuePair[] };

export class DatabaseCatalog {
  private readonly infos = new Map<string, DatabaseInfo>();

  constructor(private readonly newId: () => bigint) {}

  /** The database's details; a database the catalog has not seen (`default`) gets them now. */
  info(name: string): DatabaseInfo {
    let info = this.infos.get(name);
    if (!info) {
      info = { id: name === 'default' ? DEFAULT_DATABASE_ID : this.newId(), properties: [] };
      this.infos.set(name, info);
    }
    return info;
  }

  /** Records a new database, so that a database created again under an old name gets a new id. */
  create(name: string, properties: KeyValuePair[]): void {
    this.infos.set(name, { id: this.newId(), properties });
  }

  forget(name: string): void {
    this.infos.delete(name);
  }
}
