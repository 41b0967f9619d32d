import { sql, SqliteAdapter, type RawBuilder } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import { tsvectorLiteral, type SearchDocument } from './search-document.js';

/*
 * The search index's SQL. Search is the one feature whose queries differ by database: FTS5
 * on SQLite, tsvector on PostgreSQL (see migration 0009-search). Both sides take the same
 * encoded tokens; each function below picks its dialect's statement.
 */

function isSqlite(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** Column weights: title, meta (subtitle, summary, tags, reporters), body. PostgreSQL's A, B, C weights are in the same ratio. */
export const FIELD_WEIGHTS = { title: 5, meta: 2, body: 1 } as const;

/** Half-life-like constant of the recency boost, in days (see {@link searchMatches}). */
export const RECENCY_DAYS = 30;

/**
 * Writes (or rewrites) documents. Call inside a transaction when writing many: SQLite
 * writes them one statement each, PostgreSQL in multi-row inserts.
 */
export async function upsertDocuments(db: Queryable, docs: readonly SearchDocument[], indexedAt: string): Promise<void> {
  if (docs.length === 0) return;
  const ids = docs.map((d) => d.articleId);
  if (isSqlite(db)) {
    await db.deleteFrom('search_documents').where('article_id', 'in', ids).execute();
    await sql`delete from search_fts where rowid in (${sql.join(ids)})`.execute(db);
    await db
      .insertInto('search_documents')
      .values(docs.map((d) => ({ article_id: d.articleId, section_id: d.sectionId, published_at: d.publishedAt, indexed_at: indexedAt })))
      .execute();
    for (const d of docs) {
      await sql`insert into search_fts (rowid, title, meta, body) values (${d.articleId}, ${d.title.join(' ')}, ${d.meta.join(' ')}, ${d.body.join(' ')})`.execute(db);
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
  await db.deleteFrom('search_documents').where('article_id', 'in', [...articleIds]).execute();
  if (isSqlite(db)) await sql`delete from search_fts where rowid in (${sql.join([...articleIds])})`.execute(db);
}

/** Removes every document last written before `before` (what a rebuild did not reach); returns how many. */
export async function deleteDocumentsIndexedBefore(db: Queryable, before: string): Promise<number> {
  const stale = await db.selectFrom('search_documents').select('article_id').where('indexed_at', '<', before).execute();
  const ids = stale.map((r) => r.article_id);
  for (let i = 0; i < ids.length; i += 500) await deleteDocuments(db, ids.slice(i, i + 500));
  if (isSqlite(db)) {
    // FTS rows whose document row is gone (an article deleted outright: only the document
    // row cascades).
    await sql`delete from search_fts where rowid not in (select article_id from search_documents)`.execute(db);
  }
  return ids.length;
}

/** Which indexed articles a search may return. */
export interface MatchFilter {
  sectionId?: number;
  /** Inclusive lower bound on the publish instant. */
  publishedFrom?: string;
  /** Exclusive upper bound on the publish instant. */
  publishedBefore?: string;
  reporterId?: number;
}

export interface MatchPage {
  total: number;
  ids: number[];
}

/** An instant as a bound value: ISO text on SQLite, timestamptz on PostgreSQL. */
function instant(sqlite: boolean, iso: string): RawBuilder<unknown> {
  return sqlite ? sql`${iso}` : sql`${iso}::timestamptz`;
}

/** The FROM and WHERE of a search: matching documents that pass the filter. */
function matchingFrom(sqlite: boolean, query: { fts: string; tsquery: string }, filter: MatchFilter): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [
    sqlite ? sql`search_fts match ${query.fts}` : sql`d.document @@ ${query.tsquery}::tsquery`,
  ];
  if (filter.sectionId !== undefined) conditions.push(sql`d.section_id = ${filter.sectionId}`);
  if (filter.publishedFrom !== undefined) conditions.push(sql`d.published_at >= ${instant(sqlite, filter.publishedFrom)}`);
  if (filter.publishedBefore !== undefined) conditions.push(sql`d.published_at < ${instant(sqlite, filter.publishedBefore)}`);
  if (filter.reporterId !== undefined) {
    conditions.push(sql`exists (select 1 from article_reporters r where r.article_id = d.article_id and r.person_id = ${filter.reporterId})`);
  }
  const from = sqlite ? sql`search_fts join search_documents d on d.article_id = search_fts.rowid` : sql`search_documents d`;
  return sql`${from} where ${sql.join(conditions, sql` and `)}`;
}

/**
 * One page of matching article ids, best first, and how many match in all.
 *
 * Score = relevance × recency, where
 * - relevance is SQLite's BM25 (`-bm25(search_fts, 5, 2, 1)`: title, meta, body) or
 *   PostgreSQL's cover density `ts_rank_cd({0.1, 0.2, 0.4, 1.0}, document, query, 1)` (A title
 *   1.0, B meta 0.4, C body 0.2: the same 5 : 2 : 1, rank divided by 1 + log(length)); and
 * - recency = 0.5 + 0.5 × R / (R + age), age in days since publication (never negative) and
 *   R = {@link RECENCY_DAYS}: 1 for today, 0.75 at 30 days, 0.54 at a year, never below 0.5. So an
 *   equally relevant newer article ranks first, but an old article that matches much
 *   better still beats a new one that barely matches.
 * Ties go to the newer article, then the higher id.
 */
export async function searchMatches(
  db: Queryable,
  query: { fts: string; tsquery: string },
  filter: MatchFilter,
  page: { limit: number; offset: number },
  now: string,
): Promise<MatchPage> {
  const sqlite = isSqlite(db);
  const relevance = sqlite
    ? sql`(-bm25(search_fts, ${sql.lit(FIELD_WEIGHTS.title)}, ${sql.lit(FIELD_WEIGHTS.meta)}, ${sql.lit(FIELD_WEIGHTS.body)}))`
    : sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::float4[], d.document, ${query.tsquery}::tsquery, 1)`;
  const ageDays = sqlite
    ? sql`max(0.0, julianday(${now}) - julianday(d.published_at))`
    : sql`greatest(0.0, extract(epoch from (${now}::timestamptz - d.published_at)) / 86400.0)`;
  const recency = sql`(0.5 + 0.5 * ${sql.lit(RECENCY_DAYS)} / (${sql.lit(RECENCY_DAYS)} + ${ageDays}))`;
  const from = matchingFrom(sqlite, query, filter);
  // Scored in a subquery: FTS5's bm25() cannot be called where the window function is.
  const { rows } = await sql<{ id: number; total: number | string }>`
    select id, count(*) over () as total from (
      select d.article_id as id, d.published_at as published_at, ${relevance} * ${recency} as score from ${from}
    ) as matches
    order by score desc, published_at desc, id desc
    limit ${page.limit} offset ${page.offset}`.execute(db);
  const first = rows[0];
  if (first) return { total: Number(first.total), ids: rows.map((r) => Number(r.id)) };
  if (page.offset === 0) return { total: 0, ids: [] };
  // Past the last page: the window count came back with no rows, so count on its own.
  const { rows: counted } = await sql<{ n: number | string }>`select count(*) as n from ${from}`.execute(db);
  return { total: Number(counted[0]?.n ?? 0), ids: [] };
}

/** How many articles the index holds. */
export async function countDocuments(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('search_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
