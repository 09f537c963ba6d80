// The spec's "Error codes users branch on" table (shown in the API reference) against the wire
// facts' error-code table, which the client's MilvusErrorCode and retry policy and the emulator
// read: a row whose code, words or retry advice disagree fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ErrorCodeFact, errorCodeFacts } from '@milvus-rest/wire/error-codes';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../lib/paths.ts';

type DocRow = { code: number; meaning: string; retry: string };

/** The rows of the table under `heading` in a markdown text. */
function tableRows(markdown: string, heading: string): DocRow[] {
  const start = markdown.indexOf(heading);
  if (start === -1) throw new Error(`no "${heading}" section in the spec's description`);
  const lines = markdown.slice(start).split('\n').slice(1);
  const table = lines.slice(lines.findIndex((line) => line.startsWith('|')));
  return table
    .slice(
      0,
      table.findIndex((line) => !line.startsWith('|')),
    )
    .slice(2)
    .map((line) => {
      const [code, meaning, retry] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { code: Number(code), meaning: meaning ?? '', retry: retry ?? '' };
    });
}

/** What the Retry? column must say for a code, from the table the client's retry policy reads. */
function retryAdvice(fact: ErrorCodeFact): string {
  if (fact.provesNotExecuted) return 'yes';
  return fact.retriesReads ? 'reads only' : 'no';
}

/** Whether the docs' retry cell agrees with the advice; only whether, not when, is checked. */
function agrees(advice: string, cell: string): boolean {
  return cell === advice || cell.startsWith(`${advice},`) || cell.startsWith(`${advice}:`);
}

const description = (parse(readFileSync(join(repoRoot, 'spec/openapi.yaml'), 'utf8')) as { info: { description: string } }).info
  .description;
const rows = tableRows(description, '## Error codes users branch on');

describe("the spec's error table", () => {
  it('has rows to check', () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
  });

  it.each(rows.map((row) => [row.code, row] as const))('row %i agrees with the wire facts', (_code, row) => {
    const fact = errorCodeFacts.find((candidate) => candidate.code === row.code);
    expect(fact, `code ${row.code} is not in packages/wire/src/error-codes.ts`).toBeDefined();
    if (!fact) throw new Error('unreachable');
    expect(row.meaning.startsWith(fact.meaning), `"${row.meaning}" must start with the server's words "${fact.meaning}"`).toBe(true);
    expect(agrees(retryAdvice(fact), row.retry), `code ${row.code}: "${row.retry}" must say "${retryAdvice(fact)}"`).toBe(true);
  });

  it('would catch a row that promises a retry the client does not make', () => {
    const fact = errorCodeFacts.find((candidate) => candidate.code === 1);
    expect(fact && agrees(retryAdvice(fact), 'yes')).toBe(false);
    expect(fact && agrees(retryAdvice(fact), 'reads only')).toBe(true);
  });
});
