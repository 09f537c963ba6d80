// Aliases: another name for a collection within its database. Each collection carries the names
// that point at it (collections/describe lists them), so that renaming a collection keeps its
// aliases and no alias can outlive its collection (the server refuses to drop a collection that
// still has aliases).

import type { Collection } from './collections.js';

/** The collection an alias points at in a database, if the name is an alias there. */
export function aliasTarget(database: ReadonlyMap<string, Collection>, aliasName: string): Collection | undefined {
  for (const collection of database.values()) if (collection.aliases?.includes(aliasName)) return collection;
  return undefined;
}

/** Every alias of a database, in the order the collections were created. */
export function aliasesIn(database: ReadonlyMap<string, Collection>): string[] {
  return [...database.values()].flatMap((collection) => collection.aliases ?? []);
}

export function addAlias(collection: Collection, aliasName: string): void {
  collection.aliases = [...(collection.aliases ?? []), aliasName];
}

export function removeAlias(collection: Collection, aliasName: string): void {
  collection.aliases = (collection.aliases ?? []).filter((name) => name !== aliasName);
}
