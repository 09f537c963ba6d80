// What a command reads and writes: passed in rather than taken from `process`, so that the same
// code runs in the built CLI and in tests of single modules.

import type { OutputStream } from './terminal.js';

export type CliIo = {
  stdout: OutputStream & NodeJS.WritableStream;
  stderr: OutputStream & NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Standard input as text, for `--body -`. */
  readStdin(): string;
  /** Runs `onInterrupt` on Ctrl-C until the returned function is called. */
  onInterrupt(onInterrupt: () => void): () => void;
};
