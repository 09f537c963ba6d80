// The shapes of the generated command table (src/generated/commands.ts, written by
// tools/lib/generate-cli.ts from the spec).

/**
 * How a flag's text becomes a body value: `int64` stays a decimal string (the client writes it
 * as a bare JSON number with every digit), `list` takes a JSON array or comma-separated items,
 * `json` takes any JSON value (objects, arrays of objects).
 */
export type FlagType = 'string' | 'integer' | 'number' | 'boolean' | 'int64' | 'list' | 'json';

/** One flag of a generated command: a top-level property of the operation's request body. */
export type FlagSpec = {
  /** The flag without its dashes, such as `collection-name`. */
  flag: string;
  /** The body property it sets, such as `collectionName`. */
  property: string;
  type: FlagType;
  /** The item type of a `list` flag. */
  items?: 'string' | 'integer' | 'number' | 'int64';
  /** The values a `string` flag accepts. */
  enum?: string[];
  /** Checked before anything is sent, unless `--body` gives the property. */
  required?: true;
};

/** One operation of the spec as a command. */
export type CommandSpec = {
  /** The command's words, from the path: `['collections', 'describe']`. */
  words: string[];
  operationId: string;
  path: string;
  tag: string;
  kind: 'read' | 'write';
  deprecated?: true;
  summary: string;
  flags: FlagSpec[];
};

/** The prose of one command's `--help` (generated/command-help.ts, loaded only for help). */
export type CommandHelp = { description: string; flags: Record<string, string> };

/** A tag of the spec: a heading of `--help`. */
export type TagSpec = { name: string; description: string };
