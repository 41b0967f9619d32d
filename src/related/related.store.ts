import { sql } from 'kysely';
import { isSqlite, type Queryable } from '../platform/db/database.js';
import type { Posting } from './related-rank.js';

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

/**
 * Adds each term's delta (+1 or −1) to its document frequency in one upsert per chunk, sorted
 * by term so concurrent writers lock rows in the same order; terms no article holds any more
 * are deleted.
 */
export async function adjustDf(db: Queryable, deltas: ReadonlyMap<string, number>): Promise<void> {
  const sorted = [...deltas].filter(([, delta]) => delta !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const part of chunks(sorted)) {
    await db
      .insertInto('related_df')
      .values(part.map(([term, delta]) => ({ term, df: delta })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ df: (eb) => eb('related_df.df', '+', eb.ref('excluded.df')) }))
      .execute();
    const lowered = part.flatMap(([term, delta]) => (delta < 0 ? [term] : []));
    if (lowered.length > 0) await db.deleteFrom('related_df').where('term', 'in', lowered).where('df', '<=', 0).execute();
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
 * Each term's heaviest postings, at most `perTerm` a term, heaviest first (ties: newest id
 * first). One query: a UNION ALL of one index range scan per term.
 */
export async function heaviestPostings(db: Queryable, terms: readonly string[], perTerm: number): Promise<Map<string, Posting[]>> {
  const postings = new Map<string, Posting[]>(terms.map((term) => [term, []]));
  if (terms.length === 0) return postings;
  const parts = terms.map(
    (term) =>
      sql`select * from (select term, article_id, weight from related_terms where term = ${term} order by weight desc, article_id desc limit ${perTerm}) as p`,
  );
  const { rows } = await sql<{ term: string; article_id: number; weight: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  for (const row of rows) postings.get(row.term)?.push({ articleId: Number(row.article_id), weight: Number(row.weight) });
  return postings;
}

/** Status and publish time of the articles among `ids`, by primary key only (see readList). */
function articlesById(db: Queryable, ids: readonly number[]) {
  return db.selectFrom('articles').select(['id', 'status', 'published_at']).where('id', 'in', [...ids]).execute();
}

/** Publish times of the published ones among `ids` (recency weighting; anything else is left out). */
export async function publishTimes(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  const times = new Map<number, string>();
  for (const part of chunks(ids)) {
    for (const r of await articlesById(db, part)) if (r.status === 'published' && r.published_at !== null) times.set(r.id, r.published_at);
  }
  return times;
}

/** Publish times of every published article (a rebuild's recency weights). */
export async function allPublishTimes(db: Queryable): Promise<Map<number, string>> {
  const rows = await db.selectFrom('articles').select(['id', 'published_at']).where('status', '=', 'published').execute();
  return new Map(rows.flatMap((r) => (r.published_at === null ? [] : [[r.id, r.published_at] as const])));
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

/** Replaces many articles' lists at once (a rebuild). */
export async function replaceLists(db: Queryable, lists: ReadonlyMap<number, readonly { relatedArticleId: number; score: number }[]>): Promise<void> {
  const ids = [...lists.keys()];
  for (const part of chunks(ids)) await db.deleteFrom('article_related_auto').where('article_id', 'in', part).execute();
  const rows = [...lists].flatMap(([articleId, list]) =>
    list.map((r, i) => ({ article_id: articleId, rank: i + 1, related_article_id: r.relatedArticleId, score: r.score })),
  );
  for (const part of chunks(rows, 200)) await db.insertInto('article_related_auto').values(part).execute();
}

// The reads below look the stored rows up by key first and only then the articles, by id
// alone: joined in one statement, or with the status in the same WHERE, PostgreSQL without
// fresh statistics (a just-written table) went through every published article via the
// partial status index for each page (12 to 140 ms at 100,000 articles, not 1).

/** An article's stored neighbours that are published now, closest first. */
export async function readList(db: Queryable, articleId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_related_auto')
    .select('related_article_id')
    .where('article_id', '=', articleId)
    .orderBy('rank')
    .execute();
  const ids = rows.map((r) => r.related_article_id);
  if (ids.length === 0) return [];
  const published = new Set((await articlesById(db, ids)).flatMap((r) => (r.status === 'published' ? [r.id] : [])));
  return ids.filter((id) => published.has(id)).slice(0, limit);
}

/** The published articles whose lists name `articleId`, most recently published first, at most `limit`. */
export async function listsNaming(db: Queryable, articleId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('article_related_auto').select('article_id').where('related_article_id', '=', articleId).execute();
  const ids = [...new Set(rows.map((r) => r.article_id))];
  const holders: { id: number; at: string }[] = [];
  for (const part of chunks(ids)) {
    for (const r of await articlesById(db, part)) if (r.status === 'published') holders.push({ id: r.id, at: r.published_at ?? '' });
  }
  holders.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
  return holders.slice(0, limit).map((h) => h.id);
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

/**
 * After a rebuild on PostgreSQL: refreshes the planner's statistics of the tables it rewrote.
 * Until autovacuum gets there (minutes later), a freshly written `article_related_auto` has
 * none, and the article page's read of one article's neighbours is planned for thousands of
 * rows: a parallel scan, 9-14 ms instead of 0.2 at 100,000 articles. SQLite keeps no such state.
 */
export async function settleRebuiltTables(db: Queryable): Promise<void> {
  if (isSqlite(db)) return;
  await sql`analyze article_related_auto, related_terms, related_docs, related_df`.execute(db);
}

/** Deletes the lists of articles that are no longer indexed (the end of a rebuild). */
export async function deleteListsOfUnindexed(db: Queryable): Promise<void> {
  // NOT EXISTS, not NOT IN: PostgreSQL plans it as an anti-join, where NOT IN over 100,000 ids
  // that do not fit in work_mem is rescanned for every row.
  await db
    .deleteFrom('article_related_auto')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('related_docs').select('related_docs.article_id').whereRef('related_docs.article_id', '=', 'article_related_auto.article_id'))),
    )
    .execute();
}
