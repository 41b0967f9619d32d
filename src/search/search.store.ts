import { sql, SqliteAdapter, type RawBuilder } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import {
  facetTokens,
  KEY_ID_SPAN,
  epochMinute,
  reporterFacet,
  searchKey,
  sectionFacet,
  splitSearchKey,
  tsvectorLiteral,
  type SearchDocument,
} from './search-document.js';

/*
 * The search index's SQL. Search is the one feature whose queries differ by database: FTS5
 * on SQLite, tsvector on PostgreSQL (see migration 0009-search). Both sides take the same
 * encoded tokens and answer the same question (the newest matching candidates with their
 * relevance); each function below picks its dialect's statements.
 */

function isSqlite(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * Field weights: title, meta (subtitle, summary, tags, reporters), body. SQLite passes them
 * to bm25() (the facets column weighs 0); PostgreSQL's A, B, C weights are in the same ratio
 * (1.0, 0.4, 0.2).
 */
export const FIELD_WEIGHTS = { title: 5, meta: 2, body: 1 } as const;

/**
 * Writes (or rewrites) documents. Call inside a transaction when writing many: SQLite
 * writes the FTS rows one statement each, PostgreSQL everything in one multi-row insert.
 */
export async function upsertDocuments(db: Queryable, docs: readonly SearchDocument[], indexedAt: string): Promise<void> {
  if (docs.length === 0) return;
  if (isSqlite(db)) {
    await deleteDocuments(db, docs.map((d) => d.articleId));
    await db
      .insertInto('search_documents')
      .values(docs.map((d) => ({ article_id: d.articleId, section_id: d.sectionId, published_at: d.publishedAt, indexed_at: indexedAt })))
      .execute();
    for (const d of docs) {
      await sql`insert into search_fts (rowid, title, meta, body, facets)
        values (${searchKey(d.publishedAt, d.articleId)}, ${d.title.join(' ')}, ${d.meta.join(' ')}, ${d.body.join(' ')}, ${facetTokens(d).join(' ')})`.execute(db);
    }
    return;
  }
  const rows = docs.map(
    (d) => sql`(${d.articleId}, ${d.sectionId}, ${d.publishedAt}::timestamptz, ${indexedAt}::timestamptz, ${tsvectorLiteral(d)}::tsvector)`,
  );
  await sql`insert into search_documents (article_id, section_id, published_at, indexed_at, document) values ${sql.join(rows)}
    on conflict (article_id) do update set section_id = excluded.section_id, published_at = excluded.published_at,
      indexed_at = excluded.indexed_at, document = excluded.document`.execute(db);
}

/** Removes articles from the index (those not in it are ignored). */
export async function deleteDocuments(db: Queryable, articleIds: readonly number[]): Promise<void> {
  if (articleIds.length === 0) return;
  if (isSqlite(db)) {
    // The FTS row is found by its key, made from the publish time the document was indexed with.
    const indexed = await db.selectFrom('search_documents').select(['article_id', 'published_at']).where('article_id', 'in', [...articleIds]).execute();
    const keys = indexed.map((r) => searchKey(r.published_at, r.article_id));
    if (keys.length > 0) await sql`delete from search_fts where rowid in (${sql.join(keys)})`.execute(db);
  }
  await db.deleteFrom('search_documents').where('article_id', 'in', [...articleIds]).execute();
}

/** Removes every document last written before `before` (what a rebuild did not reach); returns how many. */
export async function deleteDocumentsIndexedBefore(db: Queryable, before: string): Promise<number> {
  const stale = await db.selectFrom('search_documents').select('article_id').where('indexed_at', '<', before).execute();
  const ids = stale.map((r) => r.article_id);
  for (let i = 0; i < ids.length; i += 500) await deleteDocuments(db, ids.slice(i, i + 500));
  if (isSqlite(db)) {
    // FTS rows without a document (an article deleted outright: only the document row cascades).
    await sql`delete from search_fts where rowid not in (
      select (cast(strftime('%s', published_at) as integer) / 60) * ${KEY_ID_SPAN} + article_id from search_documents)`.execute(db);
  }
  return ids.length;
}

/** Which indexed articles a search may return. */
export interface MatchFilter {
  sectionId?: number;
  /** Inclusive lower bound on the publish instant (a whole minute). */
  publishedFrom?: string;
  /** Exclusive upper bound on the publish instant (a whole minute). */
  publishedBefore?: string;
  reporterId?: number;
}

/** A matching article with its relevance (higher is better) and publish minute. */
export interface Candidate {
  articleId: number;
  relevance: number;
  /** Whole minutes since 1970 (UTC). */
  minute: number;
}

export interface Candidates {
  /** How many articles match in all. */
  total: number;
  /** The newest `limit` of them (all of them when total ≤ limit), newest first. */
  newest: Candidate[];
}

/** The query in each dialect's syntax (see search-query.ts). */
export interface MatchExpressions {
  fts: string;
  tsquery: string;
}

/**
 * The newest `limit` matching articles with their relevance, and how many match in all (only
 * counted when there are more than `limit`). Relevance is SQLite's BM25 (`-bm25(search_fts,
 * 5, 2, 1, 0)`) or PostgreSQL's cover density `ts_rank_cd({0.1, 0.2, 0.4, 1.0}, document,
 * query, 1)` (weights D, C body, B meta, A title; divided by 1 + log(document length)).
 * Newest first is an index order in both: FTS5 rowids are time keys, PostgreSQL walks
 * `search_documents_published` or sorts the GIN matches, whichever its planner prefers.
 */
export async function newestMatches(db: Queryable, query: MatchExpressions, filter: MatchFilter, limit: number): Promise<Candidates> {
  return isSqlite(db) ? sqliteNewest(db, query, filter, limit) : postgresNewest(db, query, filter, limit);
}

async function sqliteNewest(db: Queryable, query: MatchExpressions, filter: MatchFilter, limit: number): Promise<Candidates> {
  let match = `(${query.fts})`;
  if (filter.sectionId !== undefined) match += ` AND facets : "${sectionFacet(filter.sectionId)}"`;
  if (filter.reporterId !== undefined) match += ` AND facets : "${reporterFacet(filter.reporterId)}"`;
  const conditions: RawBuilder<unknown>[] = [sql`search_fts match ${match}`];
  if (filter.publishedFrom !== undefined) conditions.push(sql`rowid >= ${epochMinute(filter.publishedFrom) * KEY_ID_SPAN}`);
  if (filter.publishedBefore !== undefined) conditions.push(sql`rowid < ${epochMinute(filter.publishedBefore) * KEY_ID_SPAN}`);
  const where = sql.join(conditions, sql` and `);
  const { title, meta, body } = FIELD_WEIGHTS;
  const { rows } = await sql<{ k: number; b: number }>`
    select rowid as k, bm25(search_fts, ${sql.lit(title)}, ${sql.lit(meta)}, ${sql.lit(body)}, 0) as b
    from search_fts where ${where} order by rowid desc limit ${limit}`.execute(db);
  const newest = rows.map((r) => {
    const { articleId, minute } = splitSearchKey(Number(r.k));
    return { articleId, minute, relevance: -Number(r.b) };
  });
  if (newest.length < limit) return { total: newest.length, newest };
  const { rows: counted } = await sql<{ n: number }>`select count(*) as n from search_fts where ${where}`.execute(db);
  return { total: Number(counted[0]?.n ?? 0), newest };
}

/**
 * Runs `fn` with sequential and plain index scans ruled out (in a transaction, reset after).
 * PostgreSQL's planner does not know that testing `document @@ query` on a row means reading
 * and decompressing its tsvector (about 10 µs each), so for common words it picks a
 * sequential scan, or a walk down the publish-time index testing row after row: 30 times
 * slower at 100,000 articles than the GIN bitmap, which for queries without phrases never
 * reads a tsvector.
 */
async function withBitmapScans<T>(db: Queryable, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const run = async (q: Queryable) => {
    await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(q);
    try {
      return await fn(q);
    } finally {
      await sql`select set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true)`.execute(q);
    }
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function postgresNewest(db: Queryable, query: MatchExpressions, filter: MatchFilter, limit: number): Promise<Candidates> {
  const conditions: RawBuilder<unknown>[] = [sql`d.document @@ ${query.tsquery}::tsquery`];
  if (filter.sectionId !== undefined) conditions.push(sql`d.section_id = ${filter.sectionId}`);
  if (filter.publishedFrom !== undefined) conditions.push(sql`d.published_at >= ${filter.publishedFrom}::timestamptz`);
  if (filter.publishedBefore !== undefined) conditions.push(sql`d.published_at < ${filter.publishedBefore}::timestamptz`);
  if (filter.reporterId !== undefined) {
    conditions.push(sql`exists (select 1 from article_reporters r where r.article_id = d.article_id and r.person_id = ${filter.reporterId})`);
  }
  const where = sql.join(conditions, sql` and `);
  // First the newest matches and (only when there are more) their count, both from the GIN
  // bitmap without reading a tsvector; then the relevance of just those, by primary key.
  // (count(*) over () here would sort every match instead of keeping the newest `limit`.)
  const { rows, total } = await withBitmapScans(db, async (q) => {
    const { rows: newest } = await sql<{ id: number; published_at: string }>`
      select d.article_id as id, d.published_at from search_documents d where ${where}
      order by d.published_at desc, d.article_id desc limit ${limit}`.execute(q);
    if (newest.length < limit) return { rows: newest, total: newest.length };
    const { rows: counted } = await sql<{ n: number | string }>`select count(*) as n from search_documents d where ${where}`.execute(q);
    return { rows: newest, total: Number(counted[0]?.n ?? 0) };
  });
  if (rows.length === 0) return { total: 0, newest: [] };
  const { rows: ranked } = await sql<{ id: number; r: number }>`
    select article_id as id, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::float4[], document, ${query.tsquery}::tsquery, 1) as r
    from search_documents where article_id in (${sql.join(rows.map((r) => r.id))})`.execute(db);
  const relevance = new Map(ranked.map((r) => [Number(r.id), Number(r.r)]));
  return {
    total,
    newest: rows.map((r) => ({ articleId: Number(r.id), minute: epochMinute(r.published_at), relevance: relevance.get(Number(r.id)) ?? 0 })),
  };
}

/** How many articles the index holds. */
export async function countDocuments(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('search_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
