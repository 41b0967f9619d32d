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
  recencyWeight,
  termVector,
  weighTerms,
} from './related-terms.js';
import {
  candidatesFor,
  countDocs,
  decrementDf,
  deleteAllTerms,
  deleteArticle,
  deleteListsOfUnindexed,
  dfOf,
  docBatch,
  docHash,
  incrementDf,
  indexedIds,
  insertAllDf,
  insertDoc,
  insertDocs,
  insertTerms,
  listsNaming,
  publishTimes,
  readList,
  replaceTerms,
  strongestTerms,
  takeDoc,
  writeList,
  type Queryable,
} from './related.store.js';

/** Neighbours stored per article. */
export const LIST_SIZE = 8;
/** Below this cosine (before recency) two articles are not related, however recent. */
export const MIN_SIMILARITY = 0.05;
/** Candidates, by similarity, that the recency weight then re-ranks. */
const CANDIDATES = 100;
/** After an article's own list, the lists of this many of its closest neighbours are recomputed. */
const NEIGHBOURS_REFRESHED = 5;
/** At most this many lists that name a changed or removed article are recomputed (newest first). */
const HOLDERS_REFRESHED = 20;
/** Articles per batch in a rebuild. */
const BATCH = 200;

// Part of every source hash: a change to the weighting makes every stored vector stale.
const ALGORITHM = JSON.stringify([FIELD_WEIGHTS, NAME_BOOST, VECTOR_TERMS, STORED_TERMS, QUERY_TERMS, HALF_LIFE_DAYS, RECENCY_FLOOR, 1]);

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
    await decrementDf(tx, await takeDoc(tx, articleId));
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
    const old = new Set(await takeDoc(tx, text.id));
    const current = new Set(terms);
    await decrementDf(tx, [...old].filter((t) => !current.has(t)));
    await incrementDf(tx, terms.filter((t) => !old.has(t)));
    await insertDoc(tx, text.id, vector, hash, now.toISOString());
    const [n, df] = await Promise.all([countDocs(tx), dfOf(tx, terms)]);
    await replaceTerms(tx, text.id, weighTerms(vector, (t) => df.get(t) ?? 1, n));
  });
  return true;
}

/**
 * Computes and stores one article's list; returns the neighbours' ids, closest first.
 * score = cosine × recencyWeight (see related-terms.ts): candidates share at least one of the
 * article's 25 strongest terms, the 100 most similar are weighed by the time between the two
 * publish times, and the best 8 with a cosine of at least {@link MIN_SIMILARITY} are kept.
 */
async function recomputeList(db: Queryable, articleId: number): Promise<number[]> {
  const query = await strongestTerms(db, articleId, QUERY_TERMS);
  const candidates = await candidatesFor(db, articleId, query, CANDIDATES);
  const times = await publishTimes(db, [articleId, ...candidates.map((c) => c.articleId)]);
  const own = times.get(articleId);
  const list: { relatedArticleId: number; score: number }[] = [];
  if (own !== undefined) {
    for (const { articleId: other, dot } of candidates) {
      const at = times.get(other);
      if (at !== undefined && dot >= MIN_SIMILARITY) list.push({ relatedArticleId: other, score: dot * recencyWeight(own, at) });
    }
    list.sort((a, b) => b.score - a.score || b.relatedArticleId - a.relatedArticleId);
  }
  const kept = list.slice(0, LIST_SIZE);
  await writeList(db, articleId, kept);
  return kept.map((r) => r.relatedArticleId);
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

  // 2. Final weights, with every article's IDF from the same corpus.
  for (let after = 0; ; ) {
    const batch = await docBatch(db, after, BATCH);
    if (batch.length === 0) break;
    const rows = batch.flatMap(({ articleId, vector }) =>
      weighTerms(vector, (t) => df.get(t) ?? 1, n).map(([term, weight]) => ({ articleId, term, weight })),
    );
    await db.transaction().execute(async (tx) => insertTerms(tx, rows));
    after = batch[batch.length - 1]?.articleId ?? after;
    progress(batch.length);
  }

  // 3. Lists.
  for (let after = 0; ; ) {
    const ids = await indexedIds(db, after, BATCH);
    if (ids.length === 0) break;
    for (const id of ids) await recomputeList(db, id);
    after = ids[ids.length - 1] ?? after;
    progress(ids.length);
  }
  await deleteListsOfUnindexed(db);
  return n;
}
