// The JSON parsers compared in the response-parsing group. Every lossless parser is configured to
// give the client's result: an integer literal beyond 2^53 becomes a decimal string, every other
// number a JS number; so all of them do the same job and only the speed and memory differ.
import JSONbig from 'json-bigint';
import { parse as parseLossless } from 'lossless-json';
import { classifyAnswer } from '../../packages/client/src/envelope.ts';
import { type JsonPath, parseLosslessJson, parseResponseJson } from '../../packages/client/src/int64.ts';

export type ParserName =
  | 'JSON.parse'
  | 'JSON.parse of the pre-quoted body'
  | 'parseLosslessJson'
  | 'client full path'
  | 'lossless-json'
  | 'json-bigint';

export const PARSER_NAMES: readonly ParserName[] = [
  'JSON.parse',
  'JSON.parse of the pre-quoted body',
  'parseLosslessJson',
  'client full path',
  'lossless-json',
  'json-bigint',
];

const INTEGER = /^-?\d+$/;
const jsonBigint = JSONbig({ storeAsString: true });

function unsafeIntegersAsStrings(text: string): unknown {
  const value = Number(text);
  return Number.isSafeInteger(value) || !INTEGER.test(text) ? value : text;
}

// The bench's bodies hold no long digit runs inside strings, so a pattern finds every id literal.
const ID_LITERAL = /([:,[]\s*)(-?\d{16,})(?=\s*[,\]}])/g;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const preQuotedBodies = new Map<string, string>();

/**
 * The body as a server that sends int64s as strings would: its unsafe integers already quoted.
 * JSON.parse of that text is the limit a lossless parser can reach. Computed once per body, before
 * any timing (see {@link prepareBody}).
 */
function preQuoted(text: string): string {
  let quoted = preQuotedBodies.get(text);
  if (quoted === undefined) {
    quoted = text.replace(ID_LITERAL, (literal, before: string, digits: string) => {
      const value = BigInt(digits);
      return value > MAX_SAFE || value < -MAX_SAFE ? `${before}"${digits}"` : literal;
    });
    preQuotedBodies.clear();
    preQuotedBodies.set(text, quoted);
  }
  return quoted;
}

/** Does, untimed, what a parser needs before it sees `text` (the pre-quoted copy). */
export function prepareBody(text: string): void {
  preQuoted(text);
}

/** Returns the parser called `name`; `int64Paths` are the operation's int64 paths, used by the client's full path. */
export function parserFor(name: ParserName, int64Paths: readonly JsonPath[]): (text: string) => unknown {
  switch (name) {
    case 'JSON.parse':
      return (text) => JSON.parse(text);
    case 'JSON.parse of the pre-quoted body':
      return (text) => JSON.parse(preQuoted(text));
    case 'parseLosslessJson':
      return parseLosslessJson;
    case 'client full path':
      // What the transport does with a success body once it has the text.
      return (text) => {
        const answer = classifyAnswer(200, text, false, (body) => parseResponseJson(body, int64Paths));
        if (!answer.ok) throw new Error(`not a success answer: ${answer.kind}`);
        return answer.body;
      };
    case 'lossless-json':
      return (text) => parseLossless(text, undefined, unsafeIntegersAsStrings);
    case 'json-bigint':
      return (text) => jsonBigint.parse(text);
  }
}
