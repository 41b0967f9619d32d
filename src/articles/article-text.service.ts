import { countPublishedArticles, listBylineReporters, listPublishedArticleTexts, type ArticleTextRow } from './article-text.store.js';
import { bodyPlainText } from './body-text.js';
import type { Queryable } from './outlet.store.js';

/**
 * A published article as plain text, for the indexes derived from it (search): the body is
 * the reader-visible text of its blocks, one block per line.
 */
export interface ArticleText {
  id: number;
  title: string;
  subtitle: string | null;
  summary: string | null;
  bodyText: string;
  sectionId: number;
  /** ISO instant. */
  publishedAt: string;
  tags: string[];
  /** Reporters' display names, in byline order. */
  reporters: string[];
  /** Their person ids, in the same order. */
  reporterIds: number[];
}

function toText(row: ArticleTextRow): ArticleText {
  const { body, ...rest } = row;
  return { ...rest, bodyText: bodyPlainText(body) };
}

/** The published ones among `ids` (a draft or unpublished article is simply missing), in no particular order. */
export async function publishedArticleTexts(db: Queryable, ids: readonly number[]): Promise<ArticleText[]> {
  return (await listPublishedArticleTexts(db, { ids })).map(toText);
}

/** The next `limit` published articles after id `afterId`, in id order: one batch of a full rebuild. */
export async function publishedArticleTextBatch(db: Queryable, afterId: number, limit: number): Promise<ArticleText[]> {
  return (await listPublishedArticleTexts(db, { afterId, limit })).map(toText);
}

/** How many articles are published (a rebuild's total). */
export async function publishedArticleCount(db: Queryable): Promise<number> {
  return countPublishedArticles(db);
}

/** The reporters of published articles (for a reporter filter), by name. */
export async function publishedReporters(db: Queryable): Promise<{ id: number; displayName: string }[]> {
  return listBylineReporters(db);
}
