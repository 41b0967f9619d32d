import { sql } from 'kysely';
import type { Queryable } from '../platform/db/database.js';

export type { Queryable };

/** Rows per multi-row insert: well under SQLite's bound-parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---- documents and document frequencies ----------------------------------------------------

/** The stored source hash of an article's vector, if it is indexed. */
export async function docHash(db: Queryable, articleId: number): Promise<string | undefined> {
  const row = await db.selectFrom('related_docs').select('source_hash').where('article_id', '=', articleId).executeTakeFirst();
  return row?.source_hash;
}

/**
 * Removes an article's document and returns the terms it had counted. In PostgreSQL the
 * delete locks the row, so two updates of one article cannot both take its terms back.
 */
export async function takeDoc(db: Queryable, articleId: number): Promise<string[]> {
  const row = await db.deleteFrom('related_docs').where('article_id', '=', articleId).returning('vector').executeTakeFirst();
  return row ? (JSON.parse(row.vector) as [string, number][]).map(([term]) => term) : [];
}

export async function insertDoc(db: Queryable, articleId: number, vector: readonly [string, number][], sourceHash: string, now: string): Promise<void> {
  await db
    .insertInto('related_docs')
    .values({ article_id: articleId, vector: JSON.stringify(vector), source_hash: sourceHash, indexed_at: now })
    .execute();
}

/** Inserts many documents at once (a rebuild, over an emptied table). */
export async function insertDocs(
  db: Queryable,
  docs: readonly { articleId: number; vector: readonly [string, number][]; sourceHash: string }[],
  now: string,
): Promise<void> {
  for (const part of chunks(docs, 100)) {
    await db
      .insertInto('related_docs')
      .values(part.map((d) => ({ article_id: d.articleId, vector: JSON.stringify(d.vector), source_hash: d.sourceHash, indexed_at: now })))
      .execute();
  }
}

/** Stored documents after `afterId`, in id order (a rebuild's second pass). */
export async function docBatch(db: Queryable, afterId: number, limit: number): Promise<{ articleId: number; vector: [string, number][] }[]> {
  const rows = await db
    .selectFrom('related_docs')
    .select(['article_id', 'vector'])
    .where('article_id', '>', afterId)
    .orderBy('article_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ articleId: r.article_id, vector: JSON.parse(r.vector) as [string, number][] }));
}

/** How many articles are indexed: the n of IDF. */
export async function countDocs(db: Queryable): Promise<number> {
  const row = await db.selectFrom('related_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Adds 1 to the document frequency of each term (sorted, so concurrent writers lock rows in one order). */
export async function incrementDf(db: Queryable, terms: readonly string[]): Promise<void> {
  for (const part of chunks([...terms].sort())) {
    await db
      .insertInto('related_df')
      .values(part.map((term) => ({ term, df: 1 })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ df: (eb) => eb('related_df.df', '+', 1) }))
      .execute();
  }
}

/** Takes 1 from the document frequency of each term; terms no article holds any more are deleted. */
export async function decrementDf(db: Queryable, terms: readonly string[]): Promise<void> {
  for (const part of chunks([...terms].sort())) {
    await db.updateTable('related_df').set((eb) => ({ df: eb('df', '-', 1) })).where('term', 'in', part).execute();
    await db.deleteFrom('related_df').where('term', 'in', part).where('df', '<=', 0).execute();
  }
}

/** Document frequencies of `terms` (a term nobody holds is missing). */
export async function dfOf(db: Queryable, terms: readonly string[]): Promise<Map<string, number>> {
  const df = new Map<string, number>();
  for (const part of chunks(terms)) {
    for (const row of await db.selectFrom('related_df').select(['term', 'df']).where('term', 'in', part).execute()) df.set(row.term, row.df);
  }
  return df;
}

/** Writes every document frequency at once (a rebuild, over an emptied table). */
export async function insertAllDf(db: Queryable, df: ReadonlyMap<string, number>): Promise<void> {
  for (const part of chunks([...df])) {
    await db.insertInto('related_df').values(part.map(([term, n]) => ({ term, df: n }))).execute();
  }
}

// ---- terms and candidates ------------------------------------------------------------------

export async function replaceTerms(db: Queryable, articleId: number, terms: readonly [string, number][]): Promise<void> {
  await db.deleteFrom('related_terms').where('article_id', '=', articleId).execute();
  for (const part of chunks(terms)) {
    await db
      .insertInto('related_terms')
      .values(part.map(([term, weight]) => ({ article_id: articleId, term, weight })))
      .execute();
  }
}

/** Inserts many articles' terms at once (a rebuild, over an emptied table). */
export async function insertTerms(db: Queryable, rows: readonly { articleId: number; term: string; weight: number }[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insertInto('related_terms')
      .values(part.map((r) => ({ article_id: r.articleId, term: r.term, weight: r.weight })))
      .execute();
  }
}

/** An article's strongest stored terms, heaviest first. */
export async function strongestTerms(db: Queryable, articleId: number, limit: number): Promise<[string, number][]> {
  const rows = await db
    .selectFrom('related_terms')
    .select(['term', 'weight'])
    .where('article_id', '=', articleId)
    .orderBy('weight', 'desc')
    .orderBy('term')
    .limit(limit)
    .execute();
  return rows.map((r) => [r.term, r.weight]);
}

/**
 * Other articles sharing any of the query terms, by the dot product of their stored weights
 * with the query's: Σ weight × query weight over the shared terms, highest first. The query
 * weights are our own numbers, written into the SQL as literals; the terms are parameters.
 */
export async function candidatesFor(
  db: Queryable,
  articleId: number,
  query: readonly [string, number][],
  limit: number,
): Promise<{ articleId: number; dot: number }[]> {
  if (query.length === 0) return [];
  const weightOf = sql.join(
    query.map(([term, weight]) => sql`when ${term} then ${sql.lit(Number(weight.toFixed(12)))}`),
    sql` `,
  );
  const rows = await db
    .selectFrom('related_terms')
    .select(['article_id', sql<number>`sum(related_terms.weight * (case related_terms.term ${weightOf} end))`.as('dot')])
    .where(
      'term',
      'in',
      query.map(([term]) => term),
    )
    .where('article_id', '<>', articleId)
    .groupBy('article_id')
    .orderBy('dot', 'desc')
    .orderBy('article_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ articleId: r.article_id, dot: Number(r.dot) }));
}

/** Publish times of the published ones among `ids` (recency weighting; anything else is left out). */
export async function publishTimes(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  const times = new Map<number, string>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'published_at'])
      .where('id', 'in', part)
      .where('status', '=', 'published')
      .execute();
    for (const r of rows) if (r.published_at !== null) times.set(r.id, r.published_at);
  }
  return times;
}

// ---- neighbour lists -----------------------------------------------------------------------

/**
 * Replaces an article's list. Rows are upserted by rank, then ranks past the new list's end
 * deleted, so two writers of one list never collide on the key: the last one wins whole.
 */
export async function writeList(db: Queryable, articleId: number, list: readonly { relatedArticleId: number; score: number }[]): Promise<void> {
  if (list.length > 0) {
    await db
      .insertInto('article_related_auto')
      .values(list.map((r, i) => ({ article_id: articleId, rank: i + 1, related_article_id: r.relatedArticleId, score: r.score })))
      .onConflict((oc) =>
        oc.columns(['article_id', 'rank']).doUpdateSet((eb) => ({
          related_article_id: eb.ref('excluded.related_article_id'),
          score: eb.ref('excluded.score'),
        })),
      )
      .execute();
  }
  await db.deleteFrom('article_related_auto').where('article_id', '=', articleId).where('rank', '>', list.length).execute();
}

/** An article's stored neighbours that are published now, closest first. */
export async function readList(db: Queryable, articleId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_related_auto')
    .innerJoin('articles', 'articles.id', 'article_related_auto.related_article_id')
    .select('article_related_auto.related_article_id')
    .where('article_related_auto.article_id', '=', articleId)
    .where('articles.status', '=', 'published')
    .orderBy('article_related_auto.rank')
    .limit(limit)
    .execute();
  return rows.map((r) => r.related_article_id);
}

/** The articles whose lists name `articleId`, most recently published first, at most `limit`. */
export async function listsNaming(db: Queryable, articleId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_related_auto')
    .innerJoin('articles', 'articles.id', 'article_related_auto.article_id')
    .select('article_related_auto.article_id')
    .where('article_related_auto.related_article_id', '=', articleId)
    .where('articles.status', '=', 'published')
    .orderBy('articles.published_at', 'desc')
    .orderBy('article_related_auto.article_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.article_id);
}

/** Forgets an article entirely: its terms, its list, and its place in every other list. */
export async function deleteArticle(db: Queryable, articleId: number): Promise<void> {
  await db.deleteFrom('related_terms').where('article_id', '=', articleId).execute();
  await db.deleteFrom('article_related_auto').where('article_id', '=', articleId).execute();
  await db.deleteFrom('article_related_auto').where('related_article_id', '=', articleId).execute();
}

/** Empties the term tables (the start of a rebuild); the lists stay until each is rewritten. */
export async function deleteAllTerms(db: Queryable): Promise<void> {
  await db.deleteFrom('related_terms').execute();
  await db.deleteFrom('related_df').execute();
  await db.deleteFrom('related_docs').execute();
}

/** Deletes the lists of articles that are no longer indexed (the end of a rebuild). */
export async function deleteListsOfUnindexed(db: Queryable): Promise<void> {
  await db
    .deleteFrom('article_related_auto')
    .where('article_id', 'not in', (eb) => eb.selectFrom('related_docs').select('related_docs.article_id'))
    .execute();
}

/** Ids of every indexed article after `afterId`, in id order. */
export async function indexedIds(db: Queryable, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('related_docs')
    .select('article_id')
    .where('article_id', '>', afterId)
    .orderBy('article_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.article_id);
}
