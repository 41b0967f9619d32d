import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';

/** One article sitemap's worth of published articles: ids in `[fromId, toId]`, oldest id first. */
export async function publishedInIdRange(
  db: Db,
  fromId: number,
  toId: number,
): Promise<{ id: number; publishedAt: string; updatedAt: string }[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'published_at', 'updated_at'])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .where('id', '>=', fromId)
    .where('id', '<=', toId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, publishedAt: r.published_at ?? r.updated_at, updatedAt: r.updated_at }));
}

/**
 * The non-empty id buckets of `size` ids each (bucket 0 holds ids 1..size), with the newest
 * change in each: the article sitemaps the index lists.
 */
export async function publishedIdBuckets(db: Db, size: number): Promise<{ bucket: number; lastmod: string }[]> {
  // Integer division of integers truncates in both SQLite and PostgreSQL.
  const bucket = sql<number>`(${sql.ref('id')} - 1) / ${sql.lit(size)}`;
  const rows = await db
    .selectFrom('articles')
    .select([bucket.as('bucket'), (eb) => eb.fn.max('updated_at').as('lastmod')])
    .where('status', '=', 'published')
    .where('published_at', 'is not', null)
    .groupBy(bucket)
    .orderBy(bucket)
    .execute();
  return rows.map((r) => ({ bucket: Number(r.bucket), lastmod: String(r.lastmod) }));
}

/** Published articles whose publish time is in `[sinceIso, untilIso]`, newest first, at most `limit`. */
export async function publishedBetween(
  db: Db,
  sinceIso: string,
  untilIso: string,
  limit: number,
): Promise<{ id: number; title: string; publishedAt: string }[]> {
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'title', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>=', sinceIso)
    .where('published_at', '<=', untilIso)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, publishedAt: r.published_at ?? '' }));
}
