import { detectScript } from '../zh/script.js';
import { recordBodyMedia } from '../media/media-usage.service.js';
import { articlePath, assertBodyImagesExist, resolvePeople, resolveSection, writeRelations } from './article.service.js';
import { validateEditableContent } from './article.schema.js';
import { bodyPlainText } from './body-text.js';
import {
  insertDraft,
  loadWorkflowRow,
  publishScheduledDue,
  selectNewsroomList,
  selectTagsContaining,
  updateContentIfVersion,
  updateEditorIfVersion,
  updateStageIfVersion,
  type ContentColumns,
  type NewsroomListFilter,
  type StageColumns,
} from './article-editing.store.js';
import { loadArticle } from './article.store.js';
import type { ArticleStatus, BodyBlock, EditableContent } from './model.js';
import { getOutlet, getPerson, type Queryable } from './outlet.store.js';

/** An article as the newsroom edits it: content plus its workflow state. */
export interface EditableArticle {
  id: number;
  version: number;
  status: ArticleStatus;
  authorId: number | null;
  sectionId: number;
  content: EditableContent;
  /** 责任编辑 display name. */
  editor: string | null;
  editorId: number | null;
  publishedAt: string | null;
  scheduledAt: string | null;
  createdAt: string;
  updatedAt: string;
  returnComment: string | null;
  unpublishReason: string | null;
  /** Public path while published, else null. */
  url: string | null;
}

async function toColumns(tx: Queryable, content: EditableContent): Promise<ContentColumns> {
  const section = await resolveSection(tx, content.section);
  const script = detectScript(`${content.title}${content.summary ?? ''}${bodyPlainText(content.body)}`);
  return {
    title: content.title,
    subtitle: content.subtitle,
    summary: content.summary,
    body: content.body,
    sectionId: section.id,
    datelineSource: content.dateline?.source ?? null,
    datelineDate: content.dateline?.date ?? null,
    datelinePlace: content.dateline?.place ?? null,
    datelineKind: content.dateline?.kind ?? null,
    reportType: content.byline.reportType,
    bylinePlace: content.byline.place,
    sourceScript: script,
    seoTitle: content.seoTitle,
    seoDescription: content.seoDescription,
  };
}

async function writeContentRelations(tx: Queryable, id: number, content: EditableContent, nowIso: string): Promise<void> {
  const reporters = await resolvePeople(tx, content.byline.reporters, nowIso);
  await writeRelations(tx, id, { reporterIds: reporters.map((p) => p.id), tags: content.tags, related: content.related, title: content.title });
}

/** Joins a wrapped line to the next: Chinese needs no space, Latin words do. */
function joinLines(lines: string[]): string {
  return lines.reduce((joined, line) => (/[\x21-\x7e]$/.test(joined) && /^[A-Za-z0-9]/.test(line) ? `${joined} ${line}` : joined + line), '');
}

/**
 * Turns `text` (plain paragraphs separated by blank lines, as scripts send it) into body
 * blocks; a paragraph wrapped over several lines is joined back into one.
 */
export function paragraphsFromText(text: string): BodyBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => joinLines(p.split('\n').map((l) => l.trim()).filter((l) => l !== '')))
    .filter((p) => p !== '')
    .map((p) => ({ type: 'paragraph', text: p }));
}

/** Creates a draft from validated content; returns its id. Call inside a transaction. */
export async function createDraftArticle(tx: Queryable, raw: EditableContent, authorId: number, now: Date): Promise<number> {
  const content = validateEditableContent(raw);
  await assertBodyImagesExist(tx, content.body);
  const nowIso = now.toISOString();
  const id = await insertDraft(tx, await toColumns(tx, content), authorId, nowIso);
  await writeContentRelations(tx, id, content, nowIso);
  await recordBodyMedia(tx, id, content.body);
  return id;
}

/**
 * Saves content over version `expectedVersion`; returns the new version, or null when the
 * article was saved by someone else in the meantime (the caller answers 409).
 */
export async function saveArticleContent(
  tx: Queryable,
  id: number,
  expectedVersion: number,
  raw: EditableContent,
  now: Date,
): Promise<number | null> {
  const content = validateEditableContent(raw);
  await assertBodyImagesExist(tx, content.body);
  const nowIso = now.toISOString();
  const version = await updateContentIfVersion(tx, id, expectedVersion, await toColumns(tx, content), nowIso);
  if (version === null) return null;
  await writeContentRelations(tx, id, content, nowIso);
  await recordBodyMedia(tx, id, content.body);
  return version;
}

/** Moves an article to another stage if unchanged since `expected`; returns the new version or null. */
export async function changeArticleStage(
  tx: Queryable,
  id: number,
  expected: { version: number; status: ArticleStatus },
  stage: StageColumns,
  now: Date,
): Promise<number | null> {
  return updateStageIfVersion(tx, id, expected, stage, now.toISOString());
}

/** Sets 责任编辑 if the article is unchanged since `expectedVersion`; returns the new version or null. */
export async function changeResponsibleEditor(tx: Queryable, id: number, expectedVersion: number, editorId: number): Promise<number | null> {
  return updateEditorIfVersion(tx, id, expectedVersion, editorId);
}

/** Publishes scheduled articles whose time has come, each exactly once; returns them. */
export async function publishDueArticles(db: Queryable, now: Date): Promise<{ id: number; version: number }[]> {
  return publishScheduledDue(db, now.toISOString());
}

/** The article with its content and workflow state, or undefined. */
export async function loadEditableArticle(tx: Queryable, id: number): Promise<EditableArticle | undefined> {
  const [row, article] = await Promise.all([loadWorkflowRow(tx, id), loadArticle(tx, id)]);
  if (!row || !article) return undefined;
  const [outlet, editor] = await Promise.all([getOutlet(tx), row.editor_id === null ? undefined : getPerson(tx, row.editor_id)]);
  return {
    id: row.id,
    version: row.version,
    status: row.status as ArticleStatus,
    authorId: row.author_id,
    sectionId: row.section_id,
    content: {
      title: article.title,
      subtitle: article.subtitle,
      summary: article.summary,
      body: article.body,
      section: article.section.slug,
      tags: article.tags,
      dateline: article.dateline,
      byline: {
        reporters: article.byline.reporters.map((p) => p.displayName),
        reportType: article.byline.reportType,
        place: article.byline.place,
      },
      related: article.related.map((r) => r.headline),
      seoTitle: row.seo_title,
      seoDescription: row.seo_description,
    },
    editor: editor?.displayName ?? null,
    editorId: row.editor_id,
    publishedAt: row.published_at,
    scheduledAt: row.scheduled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    returnComment: row.return_comment,
    unpublishReason: row.unpublish_reason,
    url: row.status === 'published' ? articlePath({ id, publishedAt: row.published_at }, outlet.timezone) : null,
  };
}

/** One row of the newsroom's article list. */
export interface NewsroomListItem {
  id: number;
  title: string;
  status: ArticleStatus;
  version: number;
  section: { slug: string; name: string };
  author: string | null;
  updatedAt: string;
  publishedAt: string | null;
  scheduledAt: string | null;
}

/** Articles for the dashboard and the article list, most recently changed first. */
export async function listNewsroomArticles(tx: Queryable, filter: NewsroomListFilter): Promise<{ items: NewsroomListItem[]; total: number }> {
  const { rows, total } = await selectNewsroomList(tx, filter);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status as ArticleStatus,
      version: r.version,
      section: { slug: r.section_slug, name: r.section_name },
      author: r.author_name,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      scheduledAt: r.scheduled_at,
    })),
  };
}

/** Existing tags that contain `text`, most used first (at most `limit`, default 10). */
export async function suggestTags(db: Queryable, text: string, limit = 10): Promise<string[]> {
  const trimmed = text.trim();
  return trimmed ? selectTagsContaining(db, trimmed, limit) : [];
}
