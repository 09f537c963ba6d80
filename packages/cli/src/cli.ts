#!/usr/bin/env node
// milvus-rest: the command-line entry point (see program.ts).
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { run } from './program.js';

// Node's fetch parses HTTP with a WebAssembly module that V8 recompiles with its optimising tier
// in the background, and a process waits for that work before it can exit: 0.7-1 s after every
// call on the 2-core machines here, for a CLI that makes one or a few requests. The baseline tier
// alone is plenty for that (tools/bench, group 5, measures the call).
setFlagsFromString('--liftoff-only');

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readStdin: () => readFileSync(0, 'utf8'),
  onInterrupt(onInterrupt) {
    process.once('SIGINT', onInterrupt);
    return () => process.off('SIGINT', onInterrupt);
  },
});
// fetch keeps its connection to the server open for reuse, which would hold the process for up to
// a second after the answer: once everything written has been flushed, the command is over.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
