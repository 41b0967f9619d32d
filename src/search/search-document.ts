import type { ArticleText } from '../articles/article-text.service.js';
import { indexTokens } from './search-tokens.js';

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
}

/** The tokens of a published article, field by field. */
export function searchDocument(article: ArticleText): SearchDocument {
  const meta = [article.subtitle ?? '', article.summary ?? '', ...article.tags, ...article.reporters].filter((t) => t !== '');
  return {
    articleId: article.id,
    sectionId: article.sectionId,
    publishedAt: article.publishedAt,
    title: indexTokens(article.title),
    // Each text is analysed on its own, so jieba never joins the end of one tag to the next.
    meta: meta.flatMap((text) => indexTokens(text)),
    body: indexTokens(article.bodyText),
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
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (tokens: readonly string[], weight: 'A' | 'B' | 'C') => {
    for (const token of tokens) {
      position = Math.min(position + 1, MAX_POSITION);
      const list = positions.get(token) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${position}${weight}`);
      positions.set(token, list);
    }
    position = Math.min(position + FIELD_GAP, MAX_POSITION);
  };
  add(doc.title, 'A');
  add(doc.meta, 'B');
  add(doc.body, 'C');
  // Tokens hold only letters, digits and `_` (encodeToken), so quoting needs no escapes.
  return [...positions].map(([token, list]) => `'${token}':${list.join(',')}`).join(' ');
}
