import type { ArticleText } from '../articles/article-text.service.js';
import { indexTokens, type SearchAnalyser } from './search-tokens.js';

/** An article's index tokens per field, each field ranked by its own weight. */
export interface SearchDocument {
  articleId: number;
  sectionId: number;
  publishedAt: string;
  /** Weight A / FTS5 column 1: the headline. */
  title: string[];
  /** Weight B / column 2: subtitle, summary, tags and reporters' names. */
  meta: string[];
  /** Weight C / column 3: the body. */
  body: string[];
  /** Reporters' person ids (the reporter filter). */
  reporterIds: number[];
}

/** The tokens of a published article, field by field, cut by `segmenter` (the newsroom's). */
export function searchDocument(article: ArticleText, segmenter: SearchAnalyser): SearchDocument {
  const meta = [article.subtitle ?? '', article.summary ?? '', ...article.tags, ...article.reporters].filter((t) => t !== '');
  return {
    articleId: article.id,
    sectionId: article.sectionId,
    publishedAt: article.publishedAt,
    title: indexTokens(article.title, segmenter),
    // Each text is analysed on its own, so jieba never joins the end of one tag to the next.
    meta: meta.flatMap((text) => indexTokens(text, segmenter)),
    body: indexTokens(article.bodyText, segmenter),
    reporterIds: [...article.reporterIds],
  };
}

/** tsvector positions are 1..16383 and hold at most 256 positions per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 256;
/** Positions left empty between fields, so a phrase never runs from one field into the next. */
const FIELD_GAP = 8;

/**
 * The PostgreSQL tsvector literal of a document: every token with its positions, weighted A
 * (title), B (meta) or C (body). Built here rather than by `to_tsvector('simple', …)` because
 * PostgreSQL's parser would cut our tokens again (covid_19 → covid, 19) and, under a C locale,
 * does not even see Han characters as letters. The result is what `to_tsvector('simple')`
 * gives for text already segmented into these tokens: no stemming, no stop words.
 */
export function tsvectorLiteral(doc: SearchDocument): string {
  const positions = new Map<string, string>();
  const counts = new Map<string, number>();
  let position = 0;
  const add = (tokens: readonly string[], weight: 'A' | 'B' | 'C') => {
    for (const token of tokens) {
      if (position < MAX_POSITION) position += 1;
      const count = counts.get(token) ?? 0;
      if (count >= MAX_POSITIONS_PER_LEXEME) continue;
      counts.set(token, count + 1);
      const entry = `${position}${weight}`;
      const list = positions.get(token);
      positions.set(token, list === undefined ? entry : `${list},${entry}`);
    }
    position = Math.min(position + FIELD_GAP, MAX_POSITION);
  };
  add(doc.title, 'A');
  add(doc.meta, 'B');
  add(doc.body, 'C');
  // Tokens hold only letters, digits and `_` (encodeToken), so quoting needs no escapes.
  let literal = '';
  for (const [token, list] of positions) literal += `${literal === '' ? '' : ' '}'${token}':${list}`;
  return literal;
}

/** The FTS5 facet token of a section (only ever matched in the facets column). */
export function sectionFacet(sectionId: number): string {
  return `s_${sectionId}`;
}

/** The FTS5 facet token of a reporter. */
export function reporterFacet(personId: number): string {
  return `p_${personId}`;
}

/** The facets column of a document: its section and reporters. */
export function facetTokens(doc: SearchDocument): string[] {
  return [sectionFacet(doc.sectionId), ...doc.reporterIds.map(reporterFacet)];
}

/** 2^24: article ids below this fit in the low bits of a search key. */
export const KEY_ID_SPAN = 16_777_216;

/** The whole minute (since 1970, UTC) of an instant. */
export function epochMinute(instant: string): number {
  return Math.floor(Date.parse(instant) / 60_000);
}

/**
 * The FTS5 rowid of a document: publish minute × 2^24 + article id. Sorting by it is sorting
 * by publish time (then id), a date range is a rowid range, and it stays below 2^53 (exact as a
 * JavaScript number) until the year 3000. Article ids must stay below 2^24 (16,777,216).
 */
export function searchKey(publishedAt: string, articleId: number): number {
  if (!Number.isInteger(articleId) || articleId < 0 || articleId >= KEY_ID_SPAN) {
    throw new Error(`search index: article id ${articleId} does not fit in a search key (must be below ${KEY_ID_SPAN})`);
  }
  return epochMinute(publishedAt) * KEY_ID_SPAN + articleId;
}

/** The article id and publish minute held in a search key. */
export function splitSearchKey(key: number): { articleId: number; minute: number } {
  const minute = Math.floor(key / KEY_ID_SPAN);
  return { articleId: key - minute * KEY_ID_SPAN, minute };
}
