// Builds a request body from `--body` (JSON text, `@file.json` or `-` for stdin) and the command's
// flags (which win), and checks the spec's required properties before anything is sent.

import { readFileSync } from 'node:fs';
import { isInteger, isSafeNumber, parse } from 'lossless-json';
import type { CommandSpec, FlagSpec } from './command-table.js';
import { UsageError } from './exit-codes.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses JSON keeping every digit: an integer beyond 2^53 becomes a bigint, which the client
 * writes back as a bare JSON number wherever it sits (a primary key in `data` rows included).
 */
export function parseExactJson(text: string, where: string): unknown {
  try {
    return parse(text, null, (digits) => {
      if (isSafeNumber(digits)) return Number(digits);
      return isInteger(digits) ? BigInt(digits) : Number(digits);
    });
  } catch (error) {
    throw new UsageError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The text of `--body`: inline JSON, `@path` for a file, or `-` for standard input. */
export function readBodyText(argument: string, readStdin: () => string): { text: string; where: string } {
  if (argument === '-') return { text: readStdin(), where: '--body - (standard input)' };
  if (argument.startsWith('@')) {
    const file = argument.slice(1);
    try {
      return { text: readFileSync(file, 'utf8'), where: `--body @${file}` };
    } catch (error) {
      throw new UsageError(`--body @${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return { text: argument, where: '--body' };
}

export function parseBodyObject(text: string, where: string): Record<string, unknown> {
  const value = parseExactJson(text, where);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${where} must be a JSON object, such as '{"collectionName": "books"}'`);
  }
  return value as Record<string, unknown>;
}

function int64Text(text: string, flag: string): string {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new UsageError(`--${flag} takes a whole number (an int64 id); got ${JSON.stringify(text)}`);
  const value = BigInt(trimmed);
  if (value < INT64_MIN || value > INT64_MAX) throw new UsageError(`--${flag}: ${trimmed} is outside the int64 range`);
  // A decimal string: the client writes it at the spec's int64 fields as a bare number.
  return value.toString();
}

function scalar(type: 'string' | 'integer' | 'number' | 'int64', text: string, flag: string): unknown {
  switch (type) {
    case 'string':
      return text;
    case 'int64':
      return int64Text(text, flag);
    case 'integer': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isSafeInteger(value))
        throw new UsageError(`--${flag} takes a whole number; got ${JSON.stringify(text)}`);
      return value;
    }
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${flag} takes a number; got ${JSON.stringify(text)}`);
      return value;
    }
  }
}

/** Turns the texts given for one flag (a flag may be repeated) into its body value. */
export function flagValue(spec: FlagSpec, texts: readonly string[]): unknown {
  const last = texts[texts.length - 1] as string;
  switch (spec.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'int64':
      return scalar(spec.type, last, spec.flag);
    case 'boolean': {
      if (last === '' || last === 'true') return true;
      if (last === 'false') return false;
      throw new UsageError(`--${spec.flag} takes true or false (or no value, for true); got ${JSON.stringify(last)}`);
    }
    case 'list': {
      const items: unknown[] = [];
      for (const text of texts) {
        if (text.trim().startsWith('[')) {
          const parsed = parseExactJson(text, `--${spec.flag}`);
          if (!Array.isArray(parsed)) throw new UsageError(`--${spec.flag} takes a JSON array or comma-separated values`);
          items.push(...parsed.map((item) => (typeof item === 'bigint' ? item.toString() : item)));
        } else {
          for (const part of text.split(',')) if (part.trim() !== '') items.push(scalar(spec.items ?? 'string', part.trim(), spec.flag));
        }
      }
      return items;
    }
    case 'json':
      return parseExactJson(last, `--${spec.flag}`);
  }
}

/**
 * The body of a generated command: `--body` first, then each flag given on the command line.
 * A required property that neither gives is a usage error naming its flag.
 */
export function buildBody(
  command: CommandSpec,
  base: Record<string, unknown>,
  given: ReadonlyMap<string, readonly string[]>,
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...base };
  for (const spec of command.flags) {
    const texts = given.get(spec.flag);
    if (texts && texts.length > 0) body[spec.property] = flagValue(spec, texts);
  }
  const missing = command.flags.filter((spec) => spec.required && body[spec.property] === undefined);
  if (missing.length > 0) {
    const names = missing.map((spec) => `--${spec.flag}`).join(', ');
    throw new UsageError(
      `${command.words.join(' ')}: missing required ${missing.length === 1 ? 'flag' : 'flags'} ${names} (or give ${missing.map((s) => s.property).join(', ')} in --body)`,
    );
  }
  return body;
}
