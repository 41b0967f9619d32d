import { recencyWeight } from './related-terms.js';

/** Neighbours stored per article. */
export const LIST_SIZE = 8;
/** Below this cosine (before recency) two articles are not related, however close in time. */
export const MIN_SIMILARITY = 0.05;
/**
 * Postings read per query term, heaviest first. This bounds a list's cost whatever the corpus
 * size: an article that holds a term only weakly, where hundreds hold it strongly, gains
 * little from it anyway.
 */
export const POSTINGS_PER_TERM = 300;
/** Candidates, by similarity, that the recency weight then re-ranks. */
export const CANDIDATES = 100;

/** One stored (article, weight) of a term. */
export interface Posting {
  articleId: number;
  weight: number;
}

/**
 * The most similar other articles: for each query term, its heaviest postings (at most
 * {@link POSTINGS_PER_TERM}, heaviest first) add `query weight × posting weight` to their
 * article. Returns the best {@link CANDIDATES} by that dot product.
 */
export function similarArticles(
  articleId: number,
  query: readonly [string, number][],
  postingsOf: (term: string) => readonly Posting[],
): { articleId: number; dot: number }[] {
  const dots = new Map<number, number>();
  for (const [term, queryWeight] of query) {
    for (const { articleId: other, weight } of postingsOf(term)) {
      if (other !== articleId) dots.set(other, (dots.get(other) ?? 0) + queryWeight * weight);
    }
  }
  return [...dots]
    .map(([other, dot]) => ({ articleId: other, dot }))
    .sort((a, b) => b.dot - a.dot || b.articleId - a.articleId)
    .slice(0, CANDIDATES);
}

/**
 * An article's list from its candidates: score = cosine × {@link recencyWeight} of the two
 * publish times; candidates below {@link MIN_SIMILARITY} or without a publish time (no longer
 * published) are left out; the best {@link LIST_SIZE}, highest first.
 */
export function rankNeighbours(
  publishedAt: string,
  candidates: readonly { articleId: number; dot: number }[],
  publishedAtOf: (articleId: number) => string | undefined,
): { relatedArticleId: number; score: number }[] {
  const list: { relatedArticleId: number; score: number }[] = [];
  for (const { articleId, dot } of candidates) {
    const at = publishedAtOf(articleId);
    if (at !== undefined && dot >= MIN_SIMILARITY) list.push({ relatedArticleId: articleId, score: dot * recencyWeight(publishedAt, at) });
  }
  return list.sort((a, b) => b.score - a.score || b.relatedArticleId - a.relatedArticleId).slice(0, LIST_SIZE);
}
