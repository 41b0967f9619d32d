import { createHash } from 'node:crypto';
import {
  publishedArticleCount,
  publishedArticleTextBatch,
  publishedArticleTexts,
  type ArticleText,
} from '../articles/article-text.service.js';
import { newsroomSegmenter } from '../dictionary/dictionary.service.js';
import type { Db } from '../platform/db/database.js';
import {
  FIELD_WEIGHTS,
  HALF_LIFE_DAYS,
  NAME_BOOST,
  QUERY_TERMS,
  RECENCY_FLOOR,
  STORED_TERMS,
  VECTOR_TERMS,
  termVector,
  weighTerms,
} from './related-terms.js';
import {
  CANDIDATES,
  LIST_SIZE,
  MIN_SIMILARITY,
  POSTINGS_PER_TERM,
  rankNeighbours,
  similarArticles,
  similarityOver,
  type Posting,
} from './related-rank.js';
import {
  allPublishTimes,
  adjustDf,
  countDocs,
  deleteAllTerms,
  deleteArticle,
  deleteListsOfUnindexed,
  dfOf,
  docBatch,
  docHash,
  heaviestPostings,
  insertAllDf,
  insertDoc,
  insertDocs,
  insertTerms,
  listsNaming,
  publishTimes,
  readList,
  replaceLists,
  replaceTerms,
  settleRebuiltTables,
  strongestTerms,
  takeDoc,
  writeList,
  type Queryable,
} from './related.store.js';

export { LIST_SIZE };

/** After an article's own list, the lists of this many of its closest neighbours are recomputed. */
const NEIGHBOURS_REFRESHED = 5;
/** At most this many lists that name a changed or removed article are recomputed (newest first). */
const HOLDERS_REFRESHED = 20;
/** Articles per batch in a rebuild. */
const BATCH = 200;
/** Articles whose terms a rebuild writes per transaction, sorted by term. */
const TERM_WRITE_BATCH = 2_000;

// Part of every source hash: a change to the weighting makes every stored vector stale.
const ALGORITHM = JSON.stringify([
  FIELD_WEIGHTS,
  NAME_BOOST,
  VECTOR_TERMS,
  STORED_TERMS,
  QUERY_TERMS,
  HALF_LIFE_DAYS,
  RECENCY_FLOOR,
  MIN_SIMILARITY,
  POSTINGS_PER_TERM,
  CANDIDATES,
]);

/** What a vector is made from, and with which words: a dictionary change re-indexes at the next event. */
function sourceHash(text: ArticleText, dictionary: string): string {
  const source = [ALGORITHM, dictionary, text.title, text.subtitle, text.summary, text.bodyText, text.tags, text.publishedAt];
  return createHash('sha256').update(JSON.stringify(source)).digest('hex');
}

/**
 * Brings an article's 相关新闻 up to date after it was published, changed or unpublished
 * (the publish pipeline's `related` subscriber): a published article is indexed, its list
 * computed and stored, then the lists of its closest neighbours and of up to 20 articles that
 * named it are recomputed, so older stories pick it up. Anything else is removed everywhere.
 * An event that changed nothing the lists depend on (text, tags, publish time) does nothing.
 */
export async function refreshRelated(db: Db, articleId: number, now: Date = new Date()): Promise<void> {
  const [text] = await publishedArticleTexts(db, [articleId]);
  if (!text) return removeRelated(db, articleId);
  if (!(await indexArticle(db, text, now))) return;
  const holders = await listsNaming(db, articleId, HOLDERS_REFRESHED);
  const neighbours = await recomputeList(db, articleId);
  const others = new Set([...neighbours.slice(0, NEIGHBOURS_REFRESHED), ...holders]);
  for (const id of others) await recomputeList(db, id);
}

/**
 * Forgets an article that is no longer public: its terms (and their document frequencies), its
 * list and its place in others' lists; up to 20 of the lists that named it are recomputed.
 */
export async function removeRelated(db: Db, articleId: number): Promise<void> {
  const holders = await listsNaming(db, articleId, HOLDERS_REFRESHED);
  await db.transaction().execute(async (tx) => {
    await adjustDf(tx, new Map((await takeDoc(tx, articleId)).map((term) => [term, -1])));
    await deleteArticle(tx, articleId);
  });
  for (const id of holders) await recomputeList(db, id);
}

/**
 * Stores an article's vector, document frequencies and strongest terms; false when the stored
 * vector was made from the same source. Term weights use the IDF of this moment: older
 * articles keep theirs until a rebuild.
 */
async function indexArticle(db: Db, text: ArticleText, now: Date): Promise<boolean> {
  const segmenter = await newsroomSegmenter(db);
  const hash = sourceHash(text, segmenter.fingerprint);
  if ((await docHash(db, text.id)) === hash) return false;
  const vector = termVector(text, segmenter.tag);
  const terms = vector.map(([term]) => term);
  await db.transaction().execute(async (tx) => {
    const deltas = new Map<string, number>((await takeDoc(tx, text.id)).map((term) => [term, -1]));
    for (const term of terms) deltas.set(term, (deltas.get(term) ?? 0) + 1);
    await adjustDf(tx, deltas);
    await insertDoc(tx, text.id, vector, hash, now.toISOString());
    const [n, df] = await Promise.all([countDocs(tx), dfOf(tx, terms)]);
    await replaceTerms(tx, text.id, weighTerms(vector, (t) => df.get(t) ?? 1, n));
  });
  return true;
}

/**
 * Computes and stores one article's list from the stored terms (the pipeline's path; a rebuild
 * computes the same lists in memory); returns the neighbours' ids, closest first. The
 * article's 20 strongest terms look up their heaviest postings (related-rank.ts), the 100 most
 * similar articles are weighed by the time between the two publish times, and the best 8
 * with a cosine of at least 0.05 are kept: score = cosine × recencyWeight.
 */
export async function recomputeList(db: Queryable, articleId: number): Promise<number[]> {
  const query = await strongestTerms(db, articleId, QUERY_TERMS);
  const postings = await heaviestPostings(
    db,
    query.map(([term]) => term),
    POSTINGS_PER_TERM,
  );
  const candidates = similarArticles(articleId, query, (term) => postings.get(term) ?? []);
  const times = await publishTimes(db, [articleId, ...candidates.map((c) => c.articleId)]);
  const own = times.get(articleId);
  const list = own === undefined ? [] : rankNeighbours(own, candidates, (id) => times.get(id));
  await writeList(db, articleId, list);
  return list.map((r) => r.relatedArticleId);
}

/**
 * The stored automatic neighbours of an article that are published now, closest first, at
 * most `limit`; nothing is computed here (the page reads what the pipeline stored).
 */
export async function relatedArticleIds(db: Queryable, articleId: number, limit = LIST_SIZE): Promise<number[]> {
  return readList(db, articleId, limit);
}

export interface RebuildOptions {
  /** Called after each batch; `total` counts each published article three times (analyse, weigh, list). */
  onProgress?(done: number, total: number): void;
  now?: Date;
}

/**
 * Recomputes everything from the published articles (`xinwen reindex`): every vector is
 * analysed again, weighed with the IDF of the whole corpus, and every list recomputed. The
 * old lists stay readable until each is rewritten; lists of articles no longer published go.
 * Returns how many articles were indexed.
 */
export async function rebuildRelated(db: Db, options: RebuildOptions = {}): Promise<number> {
  const now = (options.now ?? new Date()).toISOString();
  const articles = await publishedArticleCount(db);
  const total = articles * 3;
  let done = 0;
  const progress = (steps: number) => {
    done = Math.min(total, done + steps);
    options.onProgress?.(done, total);
  };

  // 1. Vectors and document frequencies.
  const segmenter = await newsroomSegmenter(db);
  await db.transaction().execute(async (tx) => deleteAllTerms(tx));
  const df = new Map<string, number>();
  let n = 0;
  for (let after = 0; ; ) {
    const batch = await publishedArticleTextBatch(db, after, BATCH);
    if (batch.length === 0) break;
    const docs = batch.map((text) => ({
      articleId: text.id,
      vector: termVector(text, segmenter.tag),
      sourceHash: sourceHash(text, segmenter.fingerprint),
    }));
    for (const doc of docs) for (const [term] of doc.vector) df.set(term, (df.get(term) ?? 0) + 1);
    await insertDocs(db, docs, now);
    n += docs.length;
    after = batch[batch.length - 1]?.id ?? after;
    progress(batch.length);
  }
  await insertAllDf(db, df);

  // 2. Final weights, with every article's IDF from the same corpus. The postings and each
  // article's query terms are also kept in memory (terms interned) for the third pass.
  const termIndex = new Map<string, number>();
  const termNames: string[] = [];
  const intern = (term: string) => {
    let index = termIndex.get(term);
    if (index === undefined) {
      index = termNames.push(term) - 1;
      termIndex.set(term, index);
    }
    return index;
  };
  const postingIds: number[][] = [];
  const postingWeights: number[][] = [];
  const queries = new Map<number, { terms: Int32Array; weights: Float64Array }>();
  let rows: { articleId: number; term: string; weight: number }[] = [];
  let pending = 0;
  const writeTerms = async () => {
    // In term order: each write then walks the term index once instead of jumping about it.
    const sorted = rows.sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.articleId - b.articleId));
    rows = [];
    await db.transaction().execute(async (tx) => insertTerms(tx, sorted));
    progress(pending);
    pending = 0;
  };
  for (let after = 0; ; ) {
    const batch = await docBatch(db, after, BATCH);
    if (batch.length === 0) break;
    for (const { articleId, vector } of batch) {
      const weighed = weighTerms(vector, (t) => df.get(t) ?? 1, n);
      const query = weighed.slice(0, QUERY_TERMS);
      queries.set(articleId, { terms: Int32Array.from(query, ([t]) => intern(t)), weights: Float64Array.from(query, ([, w]) => w) });
      for (const [term, weight] of weighed) {
        rows.push({ articleId, term, weight });
        const index = intern(term);
        (postingIds[index] ??= []).push(articleId);
        (postingWeights[index] ??= []).push(weight);
      }
    }
    pending += batch.length;
    if (pending >= TERM_WRITE_BATCH) await writeTerms();
    after = batch[batch.length - 1]?.articleId ?? after;
  }
  await writeTerms();

  // 3. Lists, from the same heaviest postings the SQL of recomputeList reads.
  const heaviest: Posting[][] = termNames.map((_, index) => {
    const ids = postingIds[index] ?? [];
    const weights = postingWeights[index] ?? [];
    return ids
      .map((articleId, i) => ({ articleId, weight: weights[i] ?? 0 }))
      .sort((a, b) => b.weight - a.weight || b.articleId - a.articleId)
      .slice(0, POSTINGS_PER_TERM);
  });
  postingIds.length = 0;
  postingWeights.length = 0;
  const times = await allPublishTimes(db);
  let maxId = 0;
  for (const id of [...queries.keys(), ...times.keys()]) maxId = Math.max(maxId, id);
  const similar = similarityOver(maxId + 1);
  let lists = new Map<number, { relatedArticleId: number; score: number }[]>();
  const flush = async () => {
    const batch = lists;
    lists = new Map();
    await db.transaction().execute(async (tx) => replaceLists(tx, batch));
    progress(batch.size);
  };
  for (const [articleId, { terms, weights }] of queries) {
    const query = [...terms].map((index, i): [string, number] => [termNames[index] ?? '', weights[i] ?? 0]);
    const candidates = similar(articleId, query, (term) => heaviest[termIndex.get(term) ?? -1] ?? []);
    const own = times.get(articleId);
    lists.set(articleId, own === undefined ? [] : rankNeighbours(own, candidates, (id) => times.get(id)));
    if (lists.size >= BATCH) await flush();
  }
  await flush();
  await deleteListsOfUnindexed(db);
  await settleRebuiltTables(db);
  return n;
}
