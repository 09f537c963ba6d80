// Child process of the response-parsing group: parses one body once with one parser and reports
// memory. Bundled by esbuild and run with plain `node --expose-gc`, so no loader sits in the
// process. Arguments: <body file> <parser name | "none"> <int64 paths as JSON> <warm-up body file>.
import { readFileSync } from 'node:fs';
import type { JsonPath } from '../../packages/client/src/int64.ts';
import { type ParserName, parserFor, prepareBody } from './json-parsers.ts';

const [file, parserName, pathsJson, warmupFile] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!file || !parserName || !pathsJson || !warmupFile || !gc) {
  throw new Error('usage: node --expose-gc parse-memory-child.mjs <file> <parser> <paths> <warm-up file>');
}

const text = readFileSync(file, 'latin1');
const parse = parserName === 'none' ? () => null : parserFor(parserName as ParserName, JSON.parse(pathsJson) as JsonPath[]);
// The pre-quoted copy is the input of that parser, not its work: made before memory is measured.
if (parserName === 'JSON.parse of the pre-quoted body') prepareBody(text);
// A client parses many answers: the parser's code is compiled before the one measured. Without
// this, a parser written in JavaScript pays the optimizing compiler's memory (several MB) here.
const warmup = readFileSync(warmupFile, 'latin1');
if (parserName === 'JSON.parse of the pre-quoted body') prepareBody(warmup);
for (let i = 0; i < 3; i++) parse(warmup);
if (parserName === 'JSON.parse of the pre-quoted body') prepareBody(text);
gc();
gc();
const before = process.memoryUsage();
const peakBefore = process.resourceUsage().maxRSS * 1024;
const result = parse(text);
const peakAfter = process.resourceUsage().maxRSS * 1024;
gc();
gc();
const after = process.memoryUsage();
(globalThis as { keep?: unknown }).keep = result;
process.stdout.write(
  `${JSON.stringify({
    textBytes: text.length,
    rssBefore: before.rss,
    peakRssBefore: peakBefore,
    peakRssAfter: peakAfter,
    peakRssAboveStart: peakAfter - before.rss,
    retainedHeap: after.heapUsed - before.heapUsed,
  })}\n`,
);
