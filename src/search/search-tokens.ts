import type { Segmenter } from '../zh/segment.js';

/** What search needs of a segmenter: the shared analysis (the newsroom's, with its words). */
export type SearchAnalyser = Pick<Segmenter, 'analyse'>;

const NOT_WORD = /[^\p{L}\p{N}]/u;
const NOT_WORD_RUNS = /[^\p{L}\p{N}]+/gu;

/**
 * How an analysed token is stored in both indexes: letters and digits as they are, any
 * other run (the `-` of covid-19, the `.` of 3.5) as one `_`. SQLite's FTS5 table uses the
 * ascii tokenizer with `_` as a token character, so it never re-splits such a token, and
 * PostgreSQL receives the tokens as tsvector / tsquery literals, where only letters, digits
 * and `_` need no quoting. Documents and queries go through this one function.
 */
export function encodeToken(token: string): string {
  return NOT_WORD.test(token) ? token.replace(NOT_WORD_RUNS, '_') : token;
}

const SINGLE_HAN = /^\p{Script=Han}$/u;

/**
 * `analyse()` plus one repair: where jieba leaves two Han characters next to each other as
 * single-character tokens (it cuts 跨站 into 跨, 站 inside 这类跨站脚本 but keeps it whole in the
 * query 跨站脚本), the pair is added as a token right after them, the way search mode adds 北京大学
 * after 北京, 大学. A two-character query word then finds the article however the context cut
 * it, and phrase positions still line up. Documents and queries both use this, with the same
 * segmenter: the newsroom dictionary's (`newsroomSegmenter`), so a name an editor adds in the
 * dictionary is one token on both sides.
 */
export function searchTokens(text: string, segmenter: SearchAnalyser): string[] {
  const tokens = segmenter.analyse(text);
  const out: string[] = [];
  for (const [i, token] of tokens.entries()) {
    out.push(token);
    const previous = tokens[i - 1];
    if (previous !== undefined && SINGLE_HAN.test(previous) && SINGLE_HAN.test(token)) out.push(previous + token);
  }
  return out;
}

/** The encoded index tokens of a text, in order (repeats kept: positions and counts matter). */
export function indexTokens(text: string, segmenter: SearchAnalyser): string[] {
  const tokens: string[] = [];
  for (const token of searchTokens(text, segmenter)) {
    const encoded = encodeToken(token);
    if (encoded !== '' && encoded !== '_') tokens.push(encoded);
  }
  return tokens;
}
