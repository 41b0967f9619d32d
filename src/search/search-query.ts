import { encodeToken, searchTokens, type SearchAnalyser } from './search-tokens.js';

/** A query after analysis: every term and every phrase must match. */
export interface ParsedQuery {
  /** Encoded single tokens (each must occur somewhere in the article). */
  terms: string[];
  /** Encoded token sequences that must occur adjacent and in order (from quoted parts). */
  phrases: string[][];
  /** The tokens before encoding (Simplified, lower case), for highlighting. */
  highlight: string[];
}

/** Quote pairs that make a phrase: "…", “…”, 「…」 and 『…』. */
const QUOTED = /"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』/gu;

/**
 * Parses a reader's query. Quoted parts are phrases: their tokens must be adjacent and in
 * order (as jieba's search mode emits them, so 北京大学 is the sequence 北京 大学 北京大学, which
 * an article containing 北京大学 has at consecutive positions). A quote without its partner is
 * just punctuation, which the analysis drops, so its words become plain terms. Everything
 * outside quotes is plain terms, ANDed. A phrase that analyses to one token is a plain term.
 * `segmenter` must be the one the documents were indexed with (the newsroom's).
 */
export function parseQuery(q: string, segmenter: SearchAnalyser): ParsedQuery {
  const terms = new Set<string>();
  const phrases: string[][] = [];
  const phraseKeys = new Set<string>();
  const highlight = new Set<string>();

  const addTerms = (text: string) => {
    for (const token of searchTokens(text, segmenter)) {
      highlight.add(token);
      terms.add(encodeToken(token));
    }
  };

  let rest = '';
  let last = 0;
  for (const match of q.matchAll(QUOTED)) {
    rest += `${q.slice(last, match.index)} `;
    last = match.index + match[0].length;
    const inner = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    const tokens = searchTokens(inner, segmenter);
    for (const token of tokens) highlight.add(token);
    const encoded = tokens.map(encodeToken);
    if (encoded.length === 1) terms.add(encoded[0] ?? '');
    else if (encoded.length > 1) {
      const key = encoded.join(' ');
      if (!phraseKeys.has(key)) phrases.push(encoded);
      phraseKeys.add(key);
    }
  }
  rest += q.slice(last);
  addTerms(rest);
  terms.delete('');
  return { terms: [...terms], phrases, highlight: [...highlight] };
}

/** Whether the query has nothing to search for (only punctuation or stop words). */
export function isEmptyQuery(parsed: ParsedQuery): boolean {
  return parsed.terms.length === 0 && parsed.phrases.length === 0;
}

/**
 * The FTS5 MATCH expression: each term and each phrase as a quoted string, implicitly ANDed.
 * Encoded tokens hold only letters, digits and `_`, so no quote inside needs escaping.
 */
export function fts5Match(parsed: ParsedQuery): string {
  return [...parsed.terms.map((t) => `"${t}"`), ...parsed.phrases.map((p) => `"${p.join(' ')}"`)].join(' ');
}

/** The PostgreSQL tsquery literal: terms and phrases (`<->`, adjacent in order) joined by `&`. */
export function tsqueryLiteral(parsed: ParsedQuery): string {
  const quote = (token: string) => `'${token}'`;
  return [...parsed.terms.map(quote), ...parsed.phrases.map((p) => `(${p.map(quote).join(' <-> ')})`)].join(' & ');
}

/**
 * The tsquery PostgreSQL ranks with: {@link tsqueryLiteral} without the terms that are part of a
 * longer term of the same query. Search mode emits 全国, 国人, 人大, 常委, 委会, 常委会 and
 * 全国人大常委会 for 全国人大常委会; a matching article holds all seven anyway (every term must
 * match), so the shorter ones add nothing to the ranking but cost: ts_rank_cd's cover search
 * grows with the number of query terms (a seven-term query ranks about three times slower
 * than a one-term one). Phrases stay whole, since their adjacency is what they check.
 */
export function rankingTsqueryLiteral(parsed: ParsedQuery): string {
  const longest = parsed.terms.filter((term) => !parsed.terms.some((other) => other !== term && other.includes(term)));
  return tsqueryLiteral({ ...parsed, terms: longest });
}

/**
 * The tsquery literal of every token the query needs, positions aside: its terms and each
 * phrase's tokens, all ANDed. GIN answers it from the index alone (no phrase operator, so no
 * recheck that reads every candidate's tsvector); for a query with phrases it is the candidate
 * set, a superset of {@link tsqueryLiteral}'s matches, which are then checked newest first.
 */
export function tsqueryTokensLiteral(parsed: ParsedQuery): string {
  const tokens = new Set([...parsed.terms, ...parsed.phrases.flat()]);
  return [...tokens].map((token) => `'${token}'`).join(' & ');
}
