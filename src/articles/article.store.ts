import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type {
  Article,
  ArticleStatus,
  ArticleTeaser,
  BodyBlock,
  DatelineKind,
  Person,
  PersonRole,
  Script,
} from './model.js';
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

const teaserColumns = [
  'articles.id',
  'articles.title',
  'articles.summary',
  'articles.published_at',
  'sections.slug as section_slug',
  'sections.name as section_name',
] as const;

interface TeaserRow {
  id: number;
  title: string;
  summary: string | null;
  published_at: string | null;
  section_slug: string;
  section_name: string;
}

function toTeaser(r: TeaserRow): ArticleTeaser {
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    sectionSlug: r.section_slug,
    sectionName: r.section_name,
    publishedAt: r.published_at ?? '',
  };
}

/** A reporter, tag or correction of an article, as the one query that reads all three returns it. */
interface ArticleLine {
  kind: 'reporter' | 'tag' | 'correction';
  position: number;
  id: number;
  text: string;
  role: string | null;
  at: string | null;
}

/** Loads one article with its section, people, tags and related links. */
export async function loadArticle(db: Queryable, id: number): Promise<Article | undefined> {
  // Every part is read by the article's id, so all go at once: on PostgreSQL each query is a
  // round trip to another process, and an article page should wait for one, not two. The
  // reporters, tags and corrections (a few short rows each) come as one query's lines.
  const [row, lines, related] = await Promise.all([
    db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .leftJoin('people as editor', 'editor.id', 'articles.editor_id')
      .selectAll('articles')
      .select(['sections.slug as section_slug', 'sections.name as section_name', 'sections.position as section_position'])
      .select(['editor.display_name as editor_display_name', 'editor.role as editor_role'])
      .where('articles.id', '=', id)
      .executeTakeFirst(),
    // Corrections first: PostgreSQL types a union's columns pair by pair from the left, so the
    // branch with a real instant in \`at\` must come before two branches of nulls make it text.
    db
      .selectFrom('corrections')
      .select([
        sql<ArticleLine['kind']>`'correction'`.as('kind'),
        sql<number>`0`.as('position'),
        'corrections.id as id',
        'corrections.text as text',
        sql<string | null>`null`.as('role'),
        sql.ref<string | null>('corrections.at').as('at'),
      ])
      .where('corrections.article_id', '=', id)
      .unionAll(
        db
          .selectFrom('article_reporters')
          .innerJoin('people', 'people.id', 'article_reporters.person_id')
          .select([
            sql<ArticleLine['kind']>`'reporter'`.as('kind'),
            'article_reporters.position as position',
            'people.id as id',
            'people.display_name as text',
            sql.ref<string | null>('people.role').as('role'),
            sql<string | null>`null`.as('at'),
          ])
          .where('article_reporters.article_id', '=', id),
      )
      .unionAll(
        db
          .selectFrom('article_tags')
          .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
          .select([
            sql<ArticleLine['kind']>`'tag'`.as('kind'),
            'article_tags.position as position',
            'tags.id as id',
            'tags.name as text',
            sql<string | null>`null`.as('role'),
            sql<string | null>`null`.as('at'),
          ])
          .where('article_tags.article_id', '=', id),
      )
      .execute(),
    db
      .selectFrom('article_related')
      .leftJoin('articles', (join) =>
        join.onRef('articles.id', '=', 'article_related.related_article_id').on('articles.status', '=', 'published'),
      )
      .leftJoin('sections', 'sections.id', 'articles.section_id')
      .select([
        'article_related.headline',
        'articles.id',
        'articles.title',
        'articles.summary',
        'articles.published_at',
        'sections.slug as section_slug',
        'sections.name as section_name',
      ])
      .where('article_related.article_id', '=', id)
      .orderBy('article_related.position')
      .execute(),
  ]);
  if (!row) return undefined;
  const linesOf = (kind: ArticleLine['kind']) => lines.filter((line) => line.kind === kind);
  const byPosition = (a: ArticleLine, b: ArticleLine) => a.position - b.position;
  const reporters = linesOf('reporter').sort(byPosition);
  const tags = linesOf('tag').sort(byPosition);
  // Instants are ISO strings in UTC on both databases, so text order is time order.
  const corrections = linesOf('correction')
    .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.id - b.id)
    .map((c) => ({ id: c.id, at: c.at ?? '', text: c.text }));
  const editor: Person | null =
    row.editor_id !== null && row.editor_display_name !== null && row.editor_role !== null
      ? { id: row.editor_id, displayName: row.editor_display_name, role: row.editor_role as PersonRole }
      : null;

  return {
    id: row.id,
    sourceKey: row.source_key,
    title: row.title,
    subtitle: row.subtitle,
    summary: row.summary,
    body: JSON.parse(row.body) as BodyBlock[],
    section: { id: row.section_id, slug: row.section_slug, name: row.section_name, position: row.section_position },
    tags: tags.map((t) => t.text),
    dateline:
      row.dateline_date && row.dateline_source && row.dateline_kind
        ? {
            source: row.dateline_source,
            date: row.dateline_date,
            place: row.dateline_place,
            kind: row.dateline_kind as DatelineKind,
          }
        : null,
    byline: {
      reporters: reporters.map((p) => ({ id: p.id, displayName: p.text, role: p.role as PersonRole })),
      reportType: row.report_type,
      place: row.byline_place,
    },
    editor,
    status: row.status as ArticleStatus,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    createdAt: row.created_at,
    sourceScript: row.source_script as Script,
    corrections,
    related: related.map((r) => ({
      headline: r.headline,
      article:
        r.id !== null && r.title !== null && r.section_slug !== null && r.section_name !== null
          ? toTeaser({ ...r, id: r.id, title: r.title, section_slug: r.section_slug, section_name: r.section_name })
          : null,
    })),
  };
}

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
