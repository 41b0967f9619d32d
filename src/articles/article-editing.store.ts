import { sql } from 'kysely';
import { contentRow, type ArticleContentFields } from './article.store.js';
import type { ArticleStatus } from './model.js';
import type { Queryable } from './outlet.store.js';

/** The content columns staff edit, already resolved to ids: an import's content plus SEO fields. */
export interface ContentColumns extends ArticleContentFields {
  seoTitle: string | null;
  seoDescription: string | null;
}

/** Workflow columns a stage change may set; absent keys are left as they are. */
export interface StageColumns {
  status: ArticleStatus;
  publishedAt?: string | null;
  scheduledAt?: string | null;
  editorId?: number | null;
  returnComment?: string | null;
  unpublishReason?: string | null;
}

/** Imports never write the SEO fields, so a re-import keeps what the newsroom set. */
function editableRow(c: ContentColumns) {
  return { ...contentRow(c), seo_title: c.seoTitle, seo_description: c.seoDescription };
}

/** Inserts a new draft written in the newsroom; returns its id (version 1). */
export async function insertDraft(db: Queryable, content: ContentColumns, authorId: number, now: string): Promise<number> {
  const { id } = await db
    .insertInto('articles')
    .values({
      ...editableRow(content),
      source_key: null,
      status: 'draft',
      author_id: authorId,
      editor_id: null,
      published_at: null,
      updated_at: now,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Writes content if the article is still at `expectedVersion` (optimistic concurrency).
 * Returns the new version, or null when someone else saved first.
 */
export async function updateContentIfVersion(
  db: Queryable,
  id: number,
  expectedVersion: number,
  content: ContentColumns,
  now: string,
): Promise<number | null> {
  const row = await db
    .updateTable('articles')
    .set((eb) => ({ ...editableRow(content), updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version ?? null;
}

/**
 * Moves the article to another stage if it is still at `expectedVersion` and in
 * `fromStatus`; returns the new version, or null when the article changed meanwhile.
 */
export async function updateStageIfVersion(
  db: Queryable,
  id: number,
  expected: { version: number; status: ArticleStatus },
  stage: StageColumns,
  now: string,
): Promise<number | null> {
  const row = await db
    .updateTable('articles')
    .set((eb) => ({
      status: stage.status,
      ...(stage.publishedAt !== undefined && { published_at: stage.publishedAt }),
      ...(stage.scheduledAt !== undefined && { scheduled_at: stage.scheduledAt }),
      ...(stage.editorId !== undefined && { editor_id: stage.editorId }),
      ...(stage.returnComment !== undefined && { return_comment: stage.returnComment }),
      ...(stage.unpublishReason !== undefined && { unpublish_reason: stage.unpublishReason }),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('version', '=', expected.version)
    .where('status', '=', expected.status)
    .returning('version')
    .executeTakeFirst();
  return row?.version ?? null;
}

/**
 * Sets 责任编辑 if the article is still at `expectedVersion`. Not a content change, so the
 * public 更新 time stays as it is. Returns the new version, or null.
 */
export async function updateEditorIfVersion(db: Queryable, id: number, expectedVersion: number, editorId: number): Promise<number | null> {
  const row = await db
    .updateTable('articles')
    .set((eb) => ({ editor_id: editorId, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
  return row?.version ?? null;
}

/**
 * Publishes every scheduled article whose time has come. The conditional update is what makes
 * it exactly once: however many processes run it at the same moment, each row changes once.
 */
export async function publishScheduledDue(db: Queryable, now: string): Promise<{ id: number; version: number }[]> {
  return db
    .updateTable('articles')
    .set((eb) => ({
      status: 'published',
      published_at: eb.ref('scheduled_at'),
      // scheduled_at is never null here (the where clause), whatever its column type says.
      updated_at: eb.fn.coalesce('scheduled_at', eb.val(now)),
      version: eb('version', '+', 1),
    }))
    .where('status', '=', 'scheduled')
    .where('scheduled_at', '<=', now)
    .returning(['id', 'version'])
    .execute();
}

/** The workflow columns of an article, for permission and stage checks. */
export async function loadWorkflowRow(db: Queryable, id: number) {
  return db
    .selectFrom('articles')
    .select([
      'id',
      'version',
      'status',
      'author_id',
      'section_id',
      'editor_id',
      'published_at',
      'scheduled_at',
      'created_at',
      'updated_at',
      'return_comment',
      'unpublish_reason',
      'seo_title',
      'seo_description',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Which articles the newsroom's list shows. */
export interface NewsroomListFilter {
  statuses?: ArticleStatus[];
  sectionId?: number;
  /** Only these sections (a desk-limited user's desks); an empty list matches nothing. */
  sectionIds?: number[];
  authorId?: number;
  /** Title contains this text. */
  titleContains?: string;
  /** Only these articles; an empty list matches nothing. */
  ids?: number[];
  limit: number;
  offset: number;
}

/** Articles for the newsroom's lists, most recently changed first, with the total count. */
export async function selectNewsroomList(db: Queryable, filter: NewsroomListFilter) {
  let q = db.selectFrom('articles').innerJoin('sections', 'sections.id', 'articles.section_id').leftJoin('people', 'people.id', 'articles.author_id');
  if (filter.statuses && filter.statuses.length > 0) q = q.where('articles.status', 'in', filter.statuses);
  if (filter.sectionId !== undefined) q = q.where('articles.section_id', '=', filter.sectionId);
  if (filter.sectionIds !== undefined) {
    q = filter.sectionIds.length > 0 ? q.where('articles.section_id', 'in', filter.sectionIds) : q.where(sql<boolean>`1 = 0`);
  }
  if (filter.authorId !== undefined) q = q.where('articles.author_id', '=', filter.authorId);
  if (filter.ids !== undefined) q = filter.ids.length > 0 ? q.where('articles.id', 'in', filter.ids) : q.where(sql<boolean>`1 = 0`);
  if (filter.titleContains) {
    // Escape LIKE wildcards so a search for 50% finds "50%", not everything.
    const pattern = `%${filter.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`articles.title like ${pattern} escape '\\'`);
  }
  const [rows, count] = await Promise.all([
    q
      .select([
        'articles.id',
        'articles.title',
        'articles.status',
        'articles.version',
        'articles.updated_at',
        'articles.published_at',
        'articles.scheduled_at',
        'sections.slug as section_slug',
        'sections.name as section_name',
        'people.display_name as author_name',
      ])
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Tag names containing `text`, the most used first (for the editor's suggestions). */
export async function selectTagsContaining(db: Queryable, text: string, limit: number): Promise<string[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('tags')
    .leftJoin('article_tags', 'article_tags.tag_id', 'tags.id')
    .select(['tags.name', (eb) => eb.fn.count<number>('article_tags.article_id').as('uses')])
    .where(sql<boolean>`tags.name like ${pattern} escape '\\'`)
    .groupBy(['tags.id', 'tags.name'])
    .orderBy('uses', 'desc')
    .orderBy('tags.name')
    .limit(limit)
    .execute();
  return rows.map((r) => r.name);
}
