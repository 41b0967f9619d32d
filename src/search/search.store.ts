import { sql, type RawBuilder } from 'kysely';
import { isSqlite, type Queryable } from '../platform/db/database.js';
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

/**
 * After a full rebuild on PostgreSQL: refreshes the planner's statistics (the matches it
 * expects decide between the GIN bitmap and the walk) and the visibility map, so a count of
 * matches is answered from the GIN bitmap without visiting every row (4 ms instead of 8 for a
 * word in 14,000 of 100,000 articles). Autovacuum would get there too, minutes later. SQLite
 * keeps no such state.
 */
export async function settleRebuiltIndex(db: Queryable): Promise<void> {
  if (!isSqlite(db)) await sql`vacuum (analyze) search_documents`.execute(db);
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
  /** How many articles match in all (see `totalIsEstimate`). */
  total: number;
  /**
   * Whether `total` is an estimate: on PostgreSQL, when there are more matches than are ranked
   * and counting them exactly would mean reading every candidate's tsvector (a phrase), or when
   * a very common word was found by walking the newest articles (see `postgresNewest`).
   */
  totalIsEstimate: boolean;
  /** The newest `limit` of them (all of them when total ≤ limit), newest first. */
  newest: Candidate[];
}

/** The query in each dialect's syntax (see search-query.ts). */
export interface MatchExpressions {
  fts: string;
  /** Terms and phrases (`<->`). */
  tsquery: string;
  /** Every token of the terms and phrases ANDed, positions aside (equal to `tsquery` without phrases). */
  tsqueryTokens: string;
  /** What PostgreSQL ranks with: `tsquery` without the terms inside longer terms (see rankingTsqueryLiteral). */
  tsqueryRank: string;
}

/**
 * The newest `limit` matching articles with their relevance, and how many match in all (only
 * counted when there are more than `limit`). Relevance is SQLite's BM25 (`-bm25(search_fts,
 * 5, 2, 1, 0)`) or PostgreSQL's cover density `ts_rank_cd({0.1, 0.2, 0.4, 1.0}, document,
 * query, 1)` (weights D, C body, B meta, A title; divided by 1 + log(document length)).
 * Newest first is an index order in both: FTS5 rowids are time keys, PostgreSQL sorts the GIN
 * matches or, for a very common word, walks `search_documents_published`.
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
  if (newest.length < limit) return { total: newest.length, totalIsEstimate: false, newest };
  const { rows: counted } = await sql<{ n: number }>`select count(*) as n from search_fts where ${where}`.execute(db);
  return { total: Number(counted[0]?.n ?? 0), totalIsEstimate: false, newest };
}

/**
 * Runs `fn` in a transaction with some of the planner's choices ruled out (reset after).
 * PostgreSQL's planner does not know that testing `document @@ query` on a row means reading
 * its tsvector out of line (about 6–10 µs each), so left alone it picks a sequential scan, or
 * walks the publish-time index testing row after row, where the GIN bitmap reads no tsvector
 * at all; `postgresNewest` decides which of the two it wants and forbids the others.
 */
async function withPlan<T>(db: Queryable, plan: 'bitmap' | 'walk', fn: (q: Queryable) => Promise<T>): Promise<T> {
  const off = plan === 'bitmap' ? 'enable_indexscan' : 'enable_bitmapscan';
  // Transaction-local settings: they end with our own transaction; inside the caller's they are reset.
  const forbid = (q: Queryable) => sql`select set_config('enable_seqscan', 'off', true), set_config(${off}, 'off', true)`.execute(q);
  if (!db.isTransaction) {
    return db.transaction().execute(async (q) => {
      await forbid(q);
      return fn(q);
    });
  }
  await forbid(db);
  try {
    return await fn(db);
  } finally {
    await sql`select set_config('enable_seqscan', 'on', true), set_config(${off}, 'on', true)`.execute(db);
  }
}

/**
 * The planner's row estimates (from the column statistics ANALYZE keeps) for each part of a
 * `union all` of statements, in order: one round trip however many estimates are needed.
 */
async function plannedRows(db: Queryable, ...statements: RawBuilder<unknown>[]): Promise<number[]> {
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) ${sql.join(statements, sql` union all `)}`.execute(db);
  const plan: unknown = rows[0]?.['QUERY PLAN'];
  const parsed: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan;
  const top: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  const root: unknown = typeof top === 'object' && top !== null && 'Plan' in top ? top.Plan : undefined;
  // One statement: the root is its plan; several: an Append whose children are theirs.
  const parts: unknown[] = statements.length === 1 ? [root] : typeof root === 'object' && root !== null && 'Plans' in root && Array.isArray(root.Plans) ? root.Plans : [];
  return statements.map((_, i) => {
    const node = parts[i];
    return typeof node === 'object' && node !== null && 'Plan Rows' in node && typeof node['Plan Rows'] === 'number' ? node['Plan Rows'] : 0;
  });
}

/**
 * At least this share of all indexed articles estimated to match an unfiltered query, and its
 * newest matches are found by walking the publish-time index (reading each article's tsvector
 * until `limit` match: about limit / share rows) rather than by sorting every GIN match
 * (cost in proportion to the matches). At 100,000 articles the two cost the same near a
 * third; for a word in nearly every article the walk reads ~1,000 rows instead of sorting ~97,000.
 */
export const WALK_SHARE = 0.3;

const RANK_WEIGHTS = sql`'{0.1, 0.2, 0.4, 1.0}'::float4[]`;

interface ChunkRow {
  id: number;
  published_at: string;
  /** Matches the whole query, phrases included. */
  exact: boolean;
  r: number;
}

async function postgresNewest(db: Queryable, query: MatchExpressions, filter: MatchFilter, limit: number): Promise<Candidates> {
  const hasPhrases = query.tsqueryTokens !== query.tsquery;
  // The filters are written so that no index can serve them (`+ 0`): the planner would
  // otherwise take the section's or the dates' rows from their index and test `@@` on each,
  // reading 10,000 tsvectors for a section (300 ms), where the GIN bitmap reads none and the
  // filters cost next to nothing on the rows it returns.
  const filters: RawBuilder<unknown>[] = [];
  if (filter.sectionId !== undefined) filters.push(sql`d.section_id + 0 = ${filter.sectionId}`);
  if (filter.publishedFrom !== undefined) filters.push(sql`d.published_at + interval '0 seconds' >= ${filter.publishedFrom}::timestamptz`);
  if (filter.publishedBefore !== undefined) filters.push(sql`d.published_at + interval '0 seconds' < ${filter.publishedBefore}::timestamptz`);
  if (filter.reporterId !== undefined) {
    filters.push(sql`exists (select 1 from article_reporters r where r.article_id = d.article_id + 0 and r.person_id = ${filter.reporterId})`);
  }
  const full = sql`${query.tsquery}::tsquery`;
  const tokens = sql`${query.tsqueryTokens}::tsquery`;
  const ranking = sql`${query.tsqueryRank}::tsquery`;

  // Which plan: an unfiltered query that most articles match walks the newest articles.
  let documents = 0;
  let walk = false;
  if (filters.length === 0) {
    const [matching = 0, all = 0] = await plannedRows(db, sql`select 1 from search_documents d where d.document @@ ${tokens}`, sql`select 1 from search_documents d`);
    documents = all;
    walk = documents > 0 && matching >= WALK_SHARE * documents;
  }
  // The walk tests the whole query (phrases too) on each row it reads: it reads the tsvector
  // anyway. The bitmap takes the token-only query, which GIN answers without reading any
  // tsvector, and the phrases are then checked on the newest candidates only.
  const where = sql.join([walk ? sql`d.document @@ ${full}` : sql`d.document @@ ${tokens}`, ...filters], sql` and `);
  const checked = walk || !hasPhrases;

  const chunk = async (q: Queryable, after: ChunkRow | undefined, size: number): Promise<ChunkRow[]> => {
    // The plain published_at bound lets the walk start there in the index (a row comparison cannot).
    const keyset =
      after === undefined
        ? sql``
        : sql` and d.published_at <= ${after.published_at}::timestamptz and (d.published_at, d.article_id) < (${after.published_at}::timestamptz, ${after.id})`;
    // Relevance in the outer select, so only on the rows kept, not on every match sorted. It
    // is also the phrase check: cover density is 0 exactly when no part of the document
    // satisfies the ranking query (the phrases, and terms the filter already found), so one
    // read of each tsvector does both.
    const { rows } = await sql<{ id: number; published_at: string; r: number }>`
      select s.article_id as id, s.published_at, ts_rank_cd(${RANK_WEIGHTS}, s.document, ${ranking}, 1) as r
      from (select d.article_id, d.published_at, d.document from search_documents d where ${where}${keyset}
        order by d.published_at desc, d.article_id desc limit ${size}) s
      order by s.published_at desc, s.article_id desc`.execute(q);
    return rows.map((row) => ({ id: Number(row.id), published_at: row.published_at, r: Number(row.r), exact: checked || Number(row.r) > 0 }));
  };

  // A count of its own: counting inside the sort (`count(*) over ()`) costs twice as much,
  // since the window buffers every candidate row before the sort reads them again. Outside a
  // transaction it runs on a second pooled connection while the newest are found (PostgreSQL
  // works on both at once); it is not needed, and not waited for, when the matches run out.
  const countCandidates = (q: Queryable) =>
    sql<{ n: number | string }>`select count(*) as n from search_documents d where ${where}`.execute(q).then(({ rows }) => Number(rows[0]?.n ?? 0));
  const counting = walk || db.isTransaction ? null : withPlan(db, 'bitmap', countCandidates);
  // Awaited below, or dropped when the matches run out: never an unhandled rejection.
  counting?.catch(() => undefined);

  return withPlan(db, walk ? 'walk' : 'bitmap', async (q) => {
    const kept: ChunkRow[] = [];
    let seen = 0;
    let matched = 0;
    let last: ChunkRow | undefined;
    let exhausted = false;
    // Phrases: a quarter more candidates than needed, then four times as many each round.
    let size = checked ? limit : limit + Math.ceil(limit / 4);
    while (kept.length < limit) {
      const rows = await chunk(q, last, size);
      for (const row of rows) {
        seen += 1;
        if (!row.exact) continue;
        matched += 1;
        if (kept.length < limit) kept.push(row);
      }
      last = rows[rows.length - 1];
      if (rows.length < size) {
        exhausted = true;
        break;
      }
      size *= 4;
    }
    const newest = kept.map((r) => ({ articleId: Number(r.id), minute: epochMinute(r.published_at), relevance: r.r }));
    if (exhausted) return { total: matched, totalIsEstimate: false, newest };
    if (walk) {
      // Matches per article read, times the articles in the index.
      const { rows: read } = await sql<{ n: number | string }>`select count(*) as n from search_documents d
        where d.published_at >= ${last?.published_at ?? null}::timestamptz
          and (d.published_at, d.article_id) >= (${last?.published_at ?? null}::timestamptz, ${last?.id ?? 0})`.execute(q);
      const share = matched / Math.max(1, Number(read[0]?.n ?? 0));
      return { total: Math.max(matched, Math.round(share * documents)), totalIsEstimate: true, newest };
    }
    const candidates = await (counting ?? countCandidates(q));
    if (!hasPhrases) return { total: candidates, totalIsEstimate: false, newest };
    // Phrases were checked on the newest `seen` candidates: the same share of the rest.
    return { total: Math.max(matched, Math.round((candidates * matched) / Math.max(1, seen))), totalIsEstimate: true, newest };
  });
}

/** How many articles the index holds. */
export async function countDocuments(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('search_documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
