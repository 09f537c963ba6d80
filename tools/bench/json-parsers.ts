// The JSON parsers compared in the response-parsing group. Every lossless parser is configured to
// give the client's result: an integer literal beyond 2^53 becomes a decimal string, every other
// number a JS number; so all of them do the same job and only the speed and memory differ.
import JSONbig from 'json-bigint';
import { parse as parseLossless } from 'lossless-json';
import { classifyAnswer } from '../../packages/client/src/envelope.ts';
import { int64sToStrings, type JsonPath, parseLosslessJson } from '../../packages/client/src/int64.ts';

export type ParserName = 'JSON.parse' | 'parseLosslessJson' | 'client full path' | 'lossless-json' | 'json-bigint';

export const PARSER_NAMES: readonly ParserName[] = ['JSON.parse', 'parseLosslessJson', 'client full path', 'lossless-json', 'json-bigint'];

const INTEGER = /^-?\d+$/;
const jsonBigint = JSONbig({ storeAsString: true });

function unsafeIntegersAsStrings(text: string): unknown {
  const value = Number(text);
  return Number.isSafeInteger(value) || !INTEGER.test(text) ? value : text;
}

/** Returns the parser called `name`; `int64Paths` are the operation's int64 paths, used by the client's full path. */
export function parserFor(name: ParserName, int64Paths: readonly JsonPath[]): (text: string) => unknown {
  switch (name) {
    case 'JSON.parse':
      return (text) => JSON.parse(text);
    case 'parseLosslessJson':
      return parseLosslessJson;
    case 'client full path':
      // What the transport does with a success body once it has the text.
      return (text) => {
        const answer = classifyAnswer(200, text);
        if (!answer.ok) throw new Error(`not a success answer: ${answer.kind}`);
        int64sToStrings(answer.body, int64Paths);
        return answer.body;
      };
    case 'lossless-json':
      return (text) => parseLossless(text, undefined, unsafeIntegersAsStrings);
    case 'json-bigint':
      return (text) => jsonBigint.parse(text);
  }
}
