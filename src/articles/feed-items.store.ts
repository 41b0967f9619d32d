import { publishedQuery, type ListFilter } from './article.store.js';
import type { Queryable } from './outlet.store.js';

/** A published article as a feed item needs it. */
export interface FeedItemRow {
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
export async function listFeedItems(
  db: Queryable,
  filter: Pick<ListFilter, 'sectionId' | 'tag' | 'ids'>,
  limit: number,
): Promise<FeedItemRow[]> {
  const q = publishedQuery(db, filter).where('articles.published_at', 'is not', null);
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

