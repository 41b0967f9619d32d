import type { ArticleTeaser } from '../articles/model.js';
import { toTeaser } from '../articles/article-read.store.js';
import type { Db, Queryable } from '../platform/db/database.js';
import type { ViewCounts } from './view-keys.js';

// Far below both databases' bound-parameter limits (SQLite 32766, PostgreSQL 65535).
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** What the view counter needs to know of an article. */
export interface ArticleViewState {
  id: number;
  published: boolean;
  /** Views flushed to the database so far. */
  views: number;
}

/** Publication state and flushed views of each article in `ids` that exists. */
export async function articleViewStates(db: Queryable, ids: readonly number[]): Promise<ArticleViewState[]> {
  const out: ArticleViewState[] = [];
  for (const chunk of chunks(ids)) {
    const rows = await db
      .selectFrom('articles')
      .leftJoin('article_views', 'article_views.article_id', 'articles.id')
      .select(['articles.id', 'articles.status', 'article_views.views'])
      .where('articles.id', 'in', chunk)
      .execute();
    for (const r of rows) out.push({ id: r.id, published: r.status === 'published', views: Number(r.views ?? 0) });
  }
  return out;
}

/**
 * Adds a batch of views in one transaction, once: the batch id is recorded in the same
 * transaction, so a batch offered again (after a failure or a crash) is skipped.
 * Views of articles deleted meanwhile are dropped. Resolves to false for a batch already written.
 */
export async function writeViewBatch(db: Db, batchId: string, counts: ViewCounts, writtenAt: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .insertInto('view_batches')
      .values({ id: batchId, written_at: writtenAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return false;

    const ids = [...new Set([...counts.totals.keys(), ...counts.hours.map((h) => h.articleId)])];
    const existing = new Set<number>();
    for (const chunk of chunks(ids)) {
      for (const r of await tx.selectFrom('articles').select('id').where('id', 'in', chunk).execute()) existing.add(r.id);
    }
    const totals = [...counts.totals].filter(([id]) => existing.has(id)).map(([id, views]) => ({ article_id: id, views }));
    for (const chunk of chunks(totals)) {
      await tx
        .insertInto('article_views')
        .values(chunk)
        .onConflict((oc) => oc.column('article_id').doUpdateSet((eb) => ({ views: eb('article_views.views', '+', eb.ref('excluded.views')) })))
        .execute();
    }
    const hours = counts.hours.filter((h) => existing.has(h.articleId)).map((h) => ({ article_id: h.articleId, hour: h.hour, views: h.views }));
    for (const chunk of chunks(hours)) {
      await tx
        .insertInto('article_view_hours')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['article_id', 'hour']).doUpdateSet((eb) => ({ views: eb('article_view_hours.views', '+', eb.ref('excluded.views')) })),
        )
        .execute();
    }
    return true;
  });
}

/** A most-read entry: the article's teaser and its views in the window. */
export type MostReadItem = ArticleTeaser & { views: number };

/** Published articles with the most views in hourly buckets from `since` on, most first (ties: newer id first). */
export async function mostReadSince(db: Queryable, options: { since: string; sectionId?: number; limit: number }): Promise<MostReadItem[]> {
  let q = db
    .selectFrom('article_view_hours as h')
    .innerJoin('articles as a', 'a.id', 'h.article_id')
    .innerJoin('sections as s', 's.id', 'a.section_id')
    .where('h.hour', '>=', options.since)
    .where('a.status', '=', 'published');
  if (options.sectionId !== undefined) q = q.where('a.section_id', '=', options.sectionId);
  const rows = await q
    .select((eb) => [
      'a.id',
      'a.title',
      'a.summary',
      'a.published_at',
      's.slug as section_slug',
      's.name as section_name',
      eb.fn.sum<number>('h.views').as('views'),
    ])
    .groupBy(['a.id', 'a.title', 'a.summary', 'a.published_at', 's.slug', 's.name'])
    .orderBy('views', 'desc')
    .orderBy('a.id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ ...toTeaser(r), views: Number(r.views) }));
}

/** Deletes hourly buckets that start before `before`, and batch ids written before `batchesBefore`. */
export async function pruneViewHistory(db: Queryable, before: string, batchesBefore: string): Promise<{ hours: number; batches: number }> {
  const hours = await db.deleteFrom('article_view_hours').where('hour', '<', before).executeTakeFirst();
  const batches = await db.deleteFrom('view_batches').where('written_at', '<', batchesBefore).executeTakeFirst();
  return { hours: Number(hours.numDeletedRows), batches: Number(batches.numDeletedRows) };
}

/**
 * The salt of `day` (YYYY-MM-DD): the first process to ask stores `candidate`, every other
 * process reads that one. Salts of earlier days are deleted, so yesterday's reader keys can
 * no longer be recomputed by anyone.
 */
export async function saltOfDay(db: Db, day: string, candidate: string): Promise<string> {
  await db
    .insertInto('view_salts')
    .values({ day, salt: candidate })
    .onConflict((oc) => oc.column('day').doNothing())
    .execute();
  await db.deleteFrom('view_salts').where('day', '<', day).execute();
  const row = await db.selectFrom('view_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow();
  return row.salt;
}
