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

type Candidate = { articleId: number; dot: number };

/** Whether `a` ranks before `b`: higher dot product, then the newer (higher) id. */
function before(a: Candidate, b: Candidate): boolean {
  return a.dot > b.dot || (a.dot === b.dot && a.articleId > b.articleId);
}

/** The best {@link CANDIDATES} of a stream, best first, with a small heap of the ones kept (worst on top). */
class TopCandidates {
  private readonly heap: Candidate[] = [];

  /** Keeps the candidate if it is among the best so far; nothing is allocated for one that is not. */
  offer(articleId: number, dot: number): void {
    const heap = this.heap;
    const worst = heap[0];
    if (heap.length >= CANDIDATES && worst && !(dot > worst.dot || (dot === worst.dot && articleId > worst.articleId))) return;
    const candidate = { articleId, dot };
    if (heap.length < CANDIDATES) {
      heap.push(candidate);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        const [child, up] = [heap[i] as Candidate, heap[parent] as Candidate];
        if (!before(up, child)) break;
        heap[i] = up;
        heap[parent] = child;
        i = parent;
      }
      return;
    }
    heap[0] = candidate;
    for (let i = 0; ; ) {
      const [left, right] = [2 * i + 1, 2 * i + 2];
      let worst = i;
      if (left < heap.length && before(heap[worst] as Candidate, heap[left] as Candidate)) worst = left;
      if (right < heap.length && before(heap[worst] as Candidate, heap[right] as Candidate)) worst = right;
      if (worst === i) break;
      [heap[i], heap[worst]] = [heap[worst] as Candidate, heap[i] as Candidate];
      i = worst;
    }
  }

  best(): Candidate[] {
    return [...this.heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }
}

/** How an article's candidates are found: {@link similarArticles}, or a rebuild's {@link similarityOver}. */
export type FindSimilar = (
  articleId: number,
  query: readonly [string, number][],
  postingsOf: (term: string) => readonly Posting[],
) => Candidate[];

/**
 * The most similar other articles: for each query term, its heaviest postings (at most
 * {@link POSTINGS_PER_TERM}, heaviest first) add `query weight × posting weight` to their
 * article. Returns the best {@link CANDIDATES} by that dot product (ties: higher id first).
 */
export const similarArticles: FindSimilar = (articleId, query, postingsOf) => {
  const dots = new Map<number, number>();
  for (const [term, queryWeight] of query) {
    for (const { articleId: other, weight } of postingsOf(term)) {
      if (other !== articleId) dots.set(other, (dots.get(other) ?? 0) + queryWeight * weight);
    }
  }
  const top = new TopCandidates();
  for (const [other, dot] of dots) top.offer(other, dot);
  return top.best();
};

/**
 * {@link similarArticles} for many lists in a row over ids below `size`: the same sums in the
 * same order, in typed arrays reused from list to list instead of a map per list.
 */
export function similarityOver(size: number): FindSimilar {
  const dots = new Float64Array(size);
  const seen = new Uint8Array(size);
  const touched = new Int32Array(size);
  return (articleId, query, postingsOf) => {
    let count = 0;
    for (const [term, queryWeight] of query) {
      for (const { articleId: other, weight } of postingsOf(term)) {
        if (other === articleId) continue;
        if (seen[other] === 0) {
          seen[other] = 1;
          touched[count++] = other;
        }
        dots[other] = (dots[other] ?? 0) + queryWeight * weight;
      }
    }
    const top = new TopCandidates();
    for (let i = 0; i < count; i++) {
      const other = touched[i] ?? 0;
      top.offer(other, dots[other] ?? 0);
      dots[other] = 0;
      seen[other] = 0;
    }
    return top.best();
  };
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
