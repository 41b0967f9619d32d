import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type {
  ArticleStatus,
  ArticleTeaser,
  BodyBlock,
  DatelineKind,
  Script,
} from './model.js';
import { teaserColumns, toTeaser } from './article-read.store.js';
import type { Queryable } from './outlet.store.js';

export type { Queryable };

/** The id of the tag with this name, created when new. */
export async function findOrCreateTag(db: Queryable, name: string): Promise<number> {
  const existing = await db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  const { id } = await db.insertInto('tags').values({ name }).returning('id').executeTakeFirstOrThrow();
  return id;
}

// ---- articles: writes ----------------------------------------------------------------

/** The content columns of an article row, already resolved to ids (shared by imports and the newsroom). */
export interface ArticleContentFields {
  title: string;
  subtitle: string | null;
  summary: string | null;
  body: BodyBlock[];
  sectionId: number;
  datelineSource: string | null;
  datelineDate: string | null;
  datelinePlace: string | null;
  datelineKind: DatelineKind | null;
  reportType: string | null;
  bylinePlace: string | null;
  sourceScript: Script;
}

/** The row columns for `ArticleContentFields`. */
export function contentRow(c: ArticleContentFields) {
  return {
    title: c.title,
    subtitle: c.subtitle,
    summary: c.summary,
    body: JSON.stringify(c.body),
    section_id: c.sectionId,
    dateline_source: c.datelineSource,
    dateline_date: c.datelineDate,
    dateline_place: c.datelinePlace,
    dateline_kind: c.datelineKind,
    report_type: c.reportType,
    byline_place: c.bylinePlace,
    source_script: c.sourceScript,
  };
}

/** The columns of an article row that an import writes. */
export interface ArticleFields extends ArticleContentFields {
  sourceKey: string | null;
  status: ArticleStatus;
  editorId: number | null;
  publishedAt: string | null;
  updatedAt: string;
}

function toRow(f: ArticleFields) {
  return {
    ...contentRow(f),
    source_key: f.sourceKey,
    status: f.status,
    editor_id: f.editorId,
    published_at: f.publishedAt,
    updated_at: f.updatedAt,
  };
}

/** The stored article with this source key, with what a re-import needs to compare. */
export async function findArticleBySourceKey(
  db: Queryable,
  sourceKey: string,
): Promise<{ id: number; status: ArticleStatus; createdAt: string; updatedAt: string; contentHash: string } | undefined> {
  const row = await db
    .selectFrom('articles')
    .select(['id', 'status', 'created_at', 'updated_at', 'title', 'subtitle', 'summary', 'body'])
    .where('source_key', '=', sourceKey)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      status: row.status as ArticleStatus,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      contentHash: articleContentHash({ ...row, body: JSON.parse(row.body) as BodyBlock[] }),
    }
  );
}

/** Hash of what counts as an article's content (title, subtitle, summary, body). */
export function articleContentHash(a: { title: string; subtitle: string | null; summary: string | null; body: BodyBlock[] }): string {
  return createHash('sha256').update(JSON.stringify([a.title, a.subtitle, a.summary, a.body])).digest('hex');
}

export async function insertArticle(db: Queryable, fields: ArticleFields, createdAt: string): Promise<number> {
  const { id } = await db
    .insertInto('articles')
    .values({ ...toRow(fields), created_at: createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Overwrites an imported article's row; the version moves on so open editors see a conflict. */
export async function updateArticle(db: Queryable, id: number, fields: ArticleFields): Promise<void> {
  await db
    .updateTable('articles')
    .set((eb) => ({ ...toRow(fields), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Replaces the article's reporters with `personIds`, in order. */
export async function setReporters(db: Queryable, articleId: number, personIds: number[]): Promise<void> {
  await db.deleteFrom('article_reporters').where('article_id', '=', articleId).execute();
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('article_reporters')
    .values(unique.map((person_id, position) => ({ article_id: articleId, person_id, position })))
    .execute();
}

/** Replaces the article's tags with `tagIds`, in order. */
export async function setTags(db: Queryable, articleId: number, tagIds: number[]): Promise<void> {
  await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  const unique = [...new Set(tagIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('article_tags')
    .values(unique.map((tag_id, position) => ({ article_id: articleId, tag_id, position })))
    .execute();
}

/** Replaces the article's related links, in editor order. */
export async function setRelated(
  db: Queryable,
  articleId: number,
  related: { headline: string; articleId: number | null }[],
): Promise<void> {
  await db.deleteFrom('article_related').where('article_id', '=', articleId).execute();
  if (related.length === 0) return;
  await db
    .insertInto('article_related')
    .values(
      related.map((r, position) => ({
        article_id: articleId,
        position,
        headline: r.headline,
        related_article_id: r.articleId,
      })),
    )
    .execute();
}

/** Ids of articles by exact title (the newest wins where titles repeat). */
export async function findArticleIdsByTitles(db: Queryable, titles: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (titles.length === 0) return found;
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'title'])
    .where('title', 'in', titles)
    .orderBy('id', 'asc')
    .execute();
  for (const r of rows) found.set(r.title, r.id);
  return found;
}

/** Points every unresolved related headline equal to `title` at `articleId`. */
export async function resolveDanglingRelated(db: Queryable, title: string, articleId: number): Promise<void> {
  await db
    .updateTable('article_related')
    .set({ related_article_id: articleId })
    .where('headline', '=', title)
    .where('related_article_id', 'is', null)
    .where('article_id', '!=', articleId)
    .execute();
}

/** Adds a 更正 note to an article. */
export async function insertCorrection(
  db: Queryable,
  correction: { articleId: number; text: string; byId: number | null; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto('corrections')
    .values({ article_id: correction.articleId, text: correction.text, by_id: correction.byId, at: correction.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

// ---- articles: reads -----------------------------------------------------------------

// One whole article (loadArticle, the article page's reads) is in article-read.store.ts.
export { loadArticle } from './article-read.store.js';

/** Which published articles a list shows. */
export interface ListFilter {
  sectionId?: number;
  tag?: string;
  reporterId?: number;
  excludeIds?: number[];
  /** Only these articles (e.g. a story's); an empty list matches nothing. */
  ids?: number[];
}

/** Published articles matching `filter`, before columns and order are chosen (this feature's stores only). */
export function publishedQuery(db: Queryable, filter: ListFilter) {
  let q = db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('articles.status', '=', 'published');
  if (filter.sectionId !== undefined) q = q.where('articles.section_id', '=', filter.sectionId);
  if (filter.excludeIds && filter.excludeIds.length > 0) q = q.where('articles.id', 'not in', filter.excludeIds);
  if (filter.ids !== undefined) q = filter.ids.length > 0 ? q.where('articles.id', 'in', filter.ids) : q.where(sql<boolean>`1 = 0`);
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
  if (filter.reporterId !== undefined) {
    const reporterId = filter.reporterId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_reporters')
          .select('article_reporters.article_id')
          .whereRef('article_reporters.article_id', '=', 'articles.id')
          .where('article_reporters.person_id', '=', reporterId),
      ),
    );
  }
  return q;
}

/** Published articles, newest first. */
export async function listPublished(
  db: Queryable,
  filter: ListFilter,
  page: { limit: number; offset: number },
): Promise<ArticleTeaser[]> {
  const rows = await publishedQuery(db, filter)
    .select(teaserColumns)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toTeaser);
}

/** How many published articles match. */
export async function countPublished(db: Queryable, filter: ListFilter): Promise<number> {
  const row = await publishedQuery(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the tag exists at all (a tag page for an unknown tag is a 404). */
export async function tagExists(db: Queryable, name: string): Promise<boolean> {
  return (await db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
}

/** Whether any published article exists (to tell an empty site from a broken one). */
export async function hasPublishedArticles(db: Queryable): Promise<boolean> {
  return (await countPublished(db, {})) > 0;
}
