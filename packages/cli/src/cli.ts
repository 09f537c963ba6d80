#!/usr/bin/env node
// milvus-rest: the command-line entry point (see program.ts).
import { readFileSync } from 'node:fs';
import { run } from './program.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readStdin: () => readFileSync(0, 'utf8'),
  onInterrupt(onInterrupt) {
    process.once('SIGINT', onInterrupt);
    return () => process.off('SIGINT', onInterrupt);
  },
});
