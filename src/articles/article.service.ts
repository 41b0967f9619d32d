import { bodyMediaIds, missingMediaIds, recordBodyMedia } from '../media/media-usage.service.js';
import type { Db } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { localParts, zonedTimeToInstant } from '../platform/time.js';
import { validateArticleInput } from './article.schema.js';
import { announceArticleChange } from './publish-events.js';
import {
  articleContentHash,
  findArticleBySourceKey,
  findArticleIdsByTitles,
  findOrCreateTag,
  insertArticle,
  insertCorrection,
  resolveDanglingRelated,
  setRelated,
  setReporters,
  setTags,
  updateArticle,
  type Queryable,
} from './article.store.js';
import type { ArticleInput, BodyBlock } from './model.js';
import { findOrCreatePerson, getOutlet, getSectionBySlug } from './outlet.store.js';

export { validateArticleInput };

/** Extras for `saveArticle`. */
export interface SaveArticleOptions {
  /**
   * Runs inside the save's transaction after the article is written, so what it records
   * (e.g. the newsroom's revision of an import) commits or fails with the article.
   */
  inTransaction?: (tx: Queryable, saved: SaveResult) => Promise<void>;
}

export interface SaveResult {
  id: number;
  created: boolean;
  /** Canonical path on the site (see articlePath). */
  path: string;
}

/** The section with this slug; a ValidationError when there is none (or no slug at all). */
export async function resolveSection(tx: Queryable, slug: string | null) {
  if (!slug) throw new ValidationError('没有指定栏目', ['section: give a section (--section) or set the outlet default section']);
  const section = await getSectionBySlug(tx, slug);
  if (!section) throw new ValidationError('栏目不存在', [`section: no section with slug "${slug}"`]);
  return section;
}

/**
 * Refuses image blocks whose upload does not exist (never uploaded, or deleted since) with a
 * ValidationError naming each block (`body.3.mediaId`). Every save of article content calls
 * it before writing: imports, newsroom drafts and edits, and restored revisions.
 */
export async function assertBodyImagesExist(tx: Queryable, body: readonly BodyBlock[]): Promise<void> {
  const missing = await missingMediaIds(tx, bodyMediaIds(body));
  if (missing.size === 0) return;
  const details = body.flatMap((b, i) => (b.type === 'image' && missing.has(b.mediaId) ? [`body.${i}.mediaId: 图片 ${b.mediaId} 不存在或已被删除`] : []));
  throw new ValidationError('稿件中的图片不存在或已被删除，请移除后重新插入', details);
}

/** People by display name, in order; unknown names become contributors without a login. */
export async function resolvePeople(tx: Queryable, names: string[], nowIso: string) {
  const people = [];
  for (const name of names) people.push(await findOrCreatePerson(tx, name, 'contributor', nowIso));
  return people;
}

/**
 * Replaces an article's reporters, tags and related links, resolving related headlines to
 * articles with that exact title, and links earlier headlines that were waiting for `title`.
 */
export async function writeRelations(
  tx: Queryable,
  id: number,
  r: { reporterIds: number[]; tags: string[]; related: string[]; title: string },
): Promise<void> {
  await setReporters(tx, id, r.reporterIds);
  const tagIds = [];
  for (const tag of r.tags) tagIds.push(await findOrCreateTag(tx, tag));
  await setTags(tx, id, tagIds);
  const byTitle = await findArticleIdsByTitles(tx, r.related);
  await setRelated(
    tx,
    id,
    r.related.map((headline) => {
      const target = byTitle.get(headline);
      return { headline, articleId: target !== undefined && target !== id ? target : null };
    }),
  );
  await resolveDanglingRelated(tx, r.title, id);
}

/**
 * Creates the article, or updates the one with the same `sourceKey`. Names are resolved:
 * the section by slug (else the outlet's default section), reporters and the editor by display
 * name (unknown names become contributors without a login), tags by name, and related
 * headlines to articles with that exact title. Headlines elsewhere that were waiting for this
 * title are linked to it. Runs in one transaction.
 * `publishedAt` defaults to the dateline date at 00:00 in the outlet's timezone, else `now`.
 */
export async function saveArticle(
  db: Db,
  raw: ArticleInput,
  now: Date = new Date(),
  options: SaveArticleOptions = {},
): Promise<SaveResult> {
  const input = validateArticleInput(raw);
  let wasPublic = false;
  const result = await db.transaction().execute(async (tx) => {
    await assertBodyImagesExist(tx, input.body);
    const outlet = await getOutlet(tx);
    const section = await resolveSection(tx, input.section ?? outlet.defaultSectionSlug);
    const nowIso = now.toISOString();
    const reporters = await resolvePeople(tx, input.byline.reporters, nowIso);
    const editor = input.editor ? await findOrCreatePerson(tx, input.editor, 'contributor', nowIso) : null;

    const publishedAt =
      input.status === 'published'
        ? (input.publishedAt ?? (input.dateline ? zonedTimeToInstant(input.dateline.date, '00:00', outlet.timezone) : nowIso))
        : input.publishedAt;
    const fields = {
      sourceKey: input.sourceKey,
      title: input.title,
      subtitle: input.subtitle,
      summary: input.summary,
      body: input.body,
      sectionId: section.id,
      status: input.status,
      datelineSource: input.dateline?.source ?? null,
      datelineDate: input.dateline?.date ?? null,
      datelinePlace: input.dateline?.place ?? null,
      datelineKind: input.dateline?.kind ?? null,
      reportType: input.byline.reportType,
      bylinePlace: input.byline.place,
      editorId: editor?.id ?? null,
      sourceScript: input.sourceScript,
      publishedAt,
      updatedAt: input.updatedAt ?? publishedAt ?? nowIso,
    };

    const existing = await findArticleBySourceKey(tx, input.sourceKey);
    wasPublic = existing?.status === 'published';
    if (existing && input.updatedAt === null) {
      // A re-import of unchanged copy keeps its date; changed copy is updated now.
      const changed = existing.contentHash !== articleContentHash(fields);
      fields.updatedAt = changed ? nowIso : existing.updatedAt;
    }
    const id = existing?.id ?? (await insertArticle(tx, fields, nowIso));
    if (existing) await updateArticle(tx, id, fields);
    await recordBodyMedia(tx, id, input.body);

    await writeRelations(tx, id, { reporterIds: reporters.map((p) => p.id), tags: input.tags, related: input.related, title: input.title });
    const path = articlePath({ id, publishedAt, createdAt: existing?.createdAt ?? nowIso }, outlet.timezone);
    const result = { id, created: existing === undefined, path };
    await options.inTransaction?.(tx, result);
    return result;
  });
  announceArticleChange(db, result.id, wasPublic, input.status === 'published');
  return result;
}

/** Adds a dated 更正 note to an article; returns its id. */
export async function addCorrection(
  db: Queryable,
  correction: { articleId: number; text: string; byId: number | null; at: string },
): Promise<number> {
  return insertCorrection(db, correction);
}

/**
 * The canonical path of an article: `/{yyyy}/{mm}/{dd}/{id}.html`, dated by its publish time
 * in the outlet's timezone (drafts use their creation date).
 */
export function articlePath(article: { id: number; publishedAt: string | null; createdAt?: string }, timeZone: string): string {
  const at = article.publishedAt ?? article.createdAt;
  if (!at) throw new Error(`articlePath: article ${article.id} has neither publishedAt nor createdAt`);
  const p = localParts(at, timeZone);
  return `/${p.year}/${String(p.month).padStart(2, '0')}/${String(p.day).padStart(2, '0')}/${article.id}.html`;
}

export type { Queryable };
