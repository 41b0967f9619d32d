import { STOP_WORDS, tagWords, type TaggedWord } from '../zh/segment.js';

/** What an article's term vector is made from. */
export interface RelatedSource {
  title: string;
  subtitle: string | null;
  summary: string | null;
  bodyText: string;
  tags: readonly string[];
}

/** How much one occurrence counts in each field, before damping. Subtitle and summary count as body. */
export const FIELD_WEIGHTS = { title: 3, tags: 3, body: 1 } as const;
/**
 * Names, places and organisations count this many times more: words jieba tags nr, ns, nt or
 * nz, which every newsroom-dictionary word is (its own tag, nz by default).
 */
export const NAME_BOOST = 2;
/** Terms of a vector kept in `related_docs` (and counted in the document frequencies). */
export const VECTOR_TERMS = 150;
/** Strongest terms stored per article in `related_terms`, the postings candidates come from. */
export const STORED_TERMS = 30;
/** Strongest terms of an article that look for its candidates. */
export const QUERY_TERMS = 20;
/** Half-life of the recency weight, in days between the two articles' publish times. */
export const HALF_LIFE_DAYS = 30;
/** What the recency weight falls towards: a close match years apart still counts a quarter. */
export const RECENCY_FLOOR = 0.25;

const DAY_MS = 86_400_000;
const SINGLE_HAN = /^\p{Script=Han}$/u;
const NUMBER = /^[\d.,%]+$/u;
const NAME_TAG = /^n[rstz]/;
// jieba's tags for words that say little about a story's subject: numerals, measure words,
// particles, prepositions, conjunctions, adverbs, pronouns, modal and interjection words,
// onomatopoeia, locality and time words, punctuation, prefixes, suffixes and state words.
const WEAK_TAG = /^[mqupcdryeoftwhkz]/;

/** Whether a tagged word may be a term: not a stop word, number, lone character or weak part of speech. */
function isTerm({ word, tag }: TaggedWord): boolean {
  if (word.length < 2 || SINGLE_HAN.test(word) || NUMBER.test(word) || STOP_WORDS.has(word)) return false;
  return tag === 'eng' || !WEAK_TAG.test(tag);
}

/** Tags text as {@link tagWords} does (Simplified, lower case, no punctuation), with some segmenter's words. */
export type Tagger = (text: string) => TaggedWord[];

/** 1 + ln(tf): the tenth mention of a word adds far less than the second. */
function damp(tf: number): number {
  return tf > 0 ? 1 + Math.log(tf) : 0;
}

/**
 * An article's term vector before IDF, strongest first, at most {@link VECTOR_TERMS} terms:
 * for each term, `(3·d(tf in title) + 3·d(tf in tags) + d(tf in subtitle, summary and body))`,
 * times {@link NAME_BOOST} for a name, where d(tf) = 1 + ln tf (0 when absent). Words are
 * jieba's precise-mode words of the Simplified text, so either script gives the same vector;
 * `tag` is the newsroom segmenter's (the default one has the starter word list).
 */
export function termVector(source: RelatedSource, tag: Tagger = tagWords): [string, number][] {
  const counts = new Map<string, { title: number; tags: number; body: number; name: boolean }>();
  const count = (text: string, field: 'title' | 'tags' | 'body') => {
    for (const tagged of tag(text)) {
      if (!isTerm(tagged)) continue;
      let entry = counts.get(tagged.word);
      if (!entry) {
        entry = { title: 0, tags: 0, body: 0, name: false };
        counts.set(tagged.word, entry);
      }
      entry[field] += 1;
      if (NAME_TAG.test(tagged.tag)) entry.name = true;
    }
  };
  count(source.title, 'title');
  for (const tag of source.tags) count(tag, 'tags');
  count([source.subtitle, source.summary, source.bodyText].filter((t) => t !== null && t !== '').join('\n'), 'body');

  const vector: [string, number][] = [];
  for (const [term, c] of counts) {
    const weight =
      FIELD_WEIGHTS.title * damp(c.title) + FIELD_WEIGHTS.tags * damp(c.tags) + FIELD_WEIGHTS.body * damp(c.body);
    vector.push([term, c.name ? weight * NAME_BOOST : weight]);
  }
  return strongestFirst(vector).slice(0, VECTOR_TERMS);
}

/** Sorted by weight, heaviest first; ties by term so the order is stable. */
export function strongestFirst(vector: [string, number][]): [string, number][] {
  return vector.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Inverse document frequency: ln(1 + n / df), with `n` indexed articles of which `df` hold the term. */
export function idf(df: number, n: number): number {
  return Math.log(1 + n / Math.max(1, df));
}

/**
 * The final weights: each term's weight times its IDF, scaled to a unit vector (so the dot
 * product of two articles' vectors is their cosine), strongest first, at most `limit` terms.
 * The scale is taken over the whole vector, before cutting it to `limit`.
 */
export function weighTerms(vector: readonly [string, number][], dfOf: (term: string) => number, n: number, limit = STORED_TERMS): [string, number][] {
  const weighted = vector.map(([term, w]): [string, number] => [term, w * idf(dfOf(term), n)]);
  const norm = Math.sqrt(weighted.reduce((sum, [, w]) => sum + w * w, 0));
  if (norm === 0) return [];
  return strongestFirst(weighted.map(([term, w]): [string, number] => [term, w / norm])).slice(0, limit);
}

/**
 * How much a neighbour's similarity counts given the time between the two articles:
 * `F + (1 − F) · 2^(−Δdays / 30)` with F = {@link RECENCY_FLOOR}: 1 on the same day, 0.625
 * a month apart, tending to 0.25.
 */
export function recencyWeight(publishedAt: string, otherPublishedAt: string): number {
  const days = Math.abs(Date.parse(publishedAt) - Date.parse(otherPublishedAt)) / DAY_MS;
  return RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 2 ** (-days / HALF_LIFE_DAYS);
}
