// The emulator's text analyzer for common/run_analyzer. It is NOT Milvus's analyzer: Milvus runs
// tantivy/lindera tokenizers and filters configured by `analyzerParams` (stemming, stop words,
// language-specific tokenizers, ...). This one only splits text into runs of letters, digits
// and underscores (whitespace and punctuation separate tokens) and lowercases each token, which
// matches Milvus's `standard` tokenizer with the `lowercase` filter on plain English text.

import type { AnalyzerToken } from '@milvus-rest/types';

export type AnalyzeOptions = {
  /** Also report each token's byte offsets, position and position length. */
  withDetail?: boolean;
  /** Also report each token's hash (MurmurHash3, 32 bits, seed 0, over the token's UTF-8 bytes). */
  withHash?: boolean;
};

const WORD = /[\p{L}\p{N}_]+/gu;

/** MurmurHash3 x86 32-bit: a hash of the kind BM25 indexes tokens by. */
export function murmurHash3(bytes: Uint8Array, seed = 0): number {
  let hash = seed >>> 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k =
      ((bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24)) >>> 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    hash ^= k;
    hash = (hash << 13) | (hash >>> 19);
    hash = (Math.imul(hash, 5) + 0xe6546b64) >>> 0;
  }
  const remaining = bytes.length % 4;
  if (remaining > 0) {
    let tail = 0;
    for (let i = remaining - 1; i >= 0; i--) tail = (tail << 8) | (bytes[blocks + i] as number);
    tail = Math.imul(tail, 0xcc9e2d51);
    tail = (tail << 15) | (tail >>> 17);
    tail = Math.imul(tail, 0x1b873593);
    hash ^= tail;
  }
  hash ^= bytes.length;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The tokens of one text, with byte offsets as the server reports them. */
export function analyze(text: string, options: AnalyzeOptions = {}): AnalyzerToken[] {
  const encoder = new TextEncoder();
  const tokens: AnalyzerToken[] = [];
  let position = 0;
  for (const match of text.matchAll(WORD)) {
    const token = match[0].toLowerCase();
    const analyzed: AnalyzerToken = { token };
    if (options.withDetail) {
      const startOffset = encoder.encode(text.slice(0, match.index)).length;
      analyzed.startOffset = startOffset;
      analyzed.endOffset = startOffset + encoder.encode(match[0]).length;
      analyzed.position = position;
      analyzed.positionLength = 1;
    }
    if (options.withHash) analyzed.hash = murmurHash3(encoder.encode(token));
    tokens.push(analyzed);
    position += 1;
  }
  return tokens;
}
