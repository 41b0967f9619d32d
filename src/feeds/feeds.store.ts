import { sql } from 'kysely';
import type { Db } from '../platform/db/database.js';

/** A published article as a feed item needs it. */
export interface FeedArticleRow {
  id: number;
  title: string;
  summary: string | null;
  publishedAt: string;
  updatedAt: string;
  sectionSlug: string;
  sectionName: string;
  reporters: string[];
  tags: string[];
}

/** The newest published articles, optionally of one section or one tag, with reporters and tags. */
export async function latestPublished(
  db: Db,
  filter: { sectionId?: number; tag?: string },
  limit: number,
): Promise<FeedArticleRow[]> {
  let q = db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', 'is not', null);
  if (filter.sectionId !== undefined) q = q.where('articles.section_id', '=', filter.sectionId);
  if (filter.tag !== undefined) {
    const tag = filter.tag;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select('article_tags.article_id')
          .whereRef('article_tags.article_id', '=', 'articles.id')
          .where('tags.name', '=', tag),
      ),
    );
  }
  const rows = await q
    .select([
      'articles.id',
      'articles.title',
      'articles.summary',
      'articles.published_at',
      'articles.updated_at',
      'sections.slug as section_slug',
      'sections.name as section_name',
    ])
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [reporters, tags] = await Promise.all([
    db
      .selectFrom('article_reporters')
      .innerJoin('people', 'people.id', 'article_reporters.person_id')
      .select(['article_reporters.article_id', 'people.display_name'])
      .where('article_reporters.article_id', 'in', ids)
      .orderBy('article_reporters.position')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.name'])
      .where('article_tags.article_id', 'in', ids)
      .orderBy('article_tags.position')
      .execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    publishedAt: r.published_at ?? r.updated_at,
    updatedAt: r.updated_at,
    sectionSlug: r.section_slug,
    sectionName: r.section_name,
    reporters: reporters.filter((p) => p.article_id === r.id).map((p) => p.display_name),
    tags: tags.filter((t) => t.article_id === r.id).map((t) => t.name),
  }));
}

/** Whether a tag exists (a feed for an unknown tag is a 404, as its page is). */
export async function tagExists(db: Db, name: string): Promise<boolean> {
  return (await db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
}

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
