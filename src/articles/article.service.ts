import { z } from 'zod';
import type { Db } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { isCalendarDate, localParts, zonedTimeToInstant } from '../platform/time.js';
import {
  articleContentHash,
  findArticleBySourceKey,
  findArticleIdsByTitles,
  findOrCreateTag,
  insertArticle,
  resolveDanglingRelated,
  setRelated,
  setReporters,
  setTags,
  updateArticle,
  type Queryable,
} from './article.store.js';
import type { ArticleInput } from './model.js';
import { findOrCreatePerson, getOutlet, getSectionBySlug } from './outlet.store.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v));
// A full date and time with its offset: a bare date would silently mean UTC midnight.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const instant = z
  .string()
  .refine((v) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)), '须为带时区的时间，如 2025-03-18T09:30:00+08:00')
  .transform((v) => new Date(v).toISOString())
  .nullable();

const BodyBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: text(20_000) }),
  z.object({ type: z.literal('subheading'), text: text(200) }),
  z.object({ type: z.literal('quote'), text: text(5_000), cite: z.string().trim().max(200).optional() }),
  z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(text(2_000)).min(1).max(200) }),
]);

/** Validation for what importers and the seed hand to `saveArticle`. */
export const ArticleInputSchema = z.object({
  sourceKey: text(300),
  title: text(200),
  subtitle: optionalText(300),
  summary: optionalText(1_000),
  body: z.array(BodyBlockSchema).max(2_000),
  section: z.string().trim().min(1).max(100).nullable(),
  tags: z.array(text(50)).max(30),
  dateline: z
    .object({
      source: text(50),
      date: z.string().refine(isCalendarDate, '日期须为 YYYY-MM-DD'),
      place: optionalText(50),
      kind: z.enum(['讯', '电']),
    })
    .nullable(),
  byline: z.object({
    reporters: z.array(text(50)).max(20),
    reportType: optionalText(20),
    place: optionalText(50),
  }),
  editor: optionalText(50),
  status: z.enum(['draft', 'published']),
  publishedAt: instant,
  updatedAt: instant,
  sourceScript: z.enum(['zh-Hans', 'zh-Hant']),
  related: z.array(text(200)).max(30),
});

/**
 * Checks an article input; throws a ValidationError listing every problem (field: message).
 */
export function validateArticleInput(input: unknown): ArticleInput {
  const parsed = ArticleInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      '稿件内容无效',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

export interface SaveResult {
  id: number;
  created: boolean;
  /** Canonical path on the site (see articlePath). */
  path: string;
}

/**
 * Creates the article, or updates the one with the same `sourceKey`. Names are resolved:
 * the section by slug (else the outlet's default section), reporters and the editor by display
 * name (unknown names become contributors without a login), tags by name, and related
 * headlines to articles with that exact title. Headlines elsewhere that were waiting for this
 * title are linked to it. Runs in one transaction.
 * `publishedAt` defaults to the dateline date at 00:00 in the outlet's timezone, else `now`.
 */
export async function saveArticle(db: Db, raw: ArticleInput, now: Date = new Date()): Promise<SaveResult> {
  const input = validateArticleInput(raw);
  return db.transaction().execute(async (tx) => {
    const outlet = await getOutlet(tx);
    const sectionSlug = input.section ?? outlet.defaultSectionSlug;
    if (!sectionSlug) {
      throw new ValidationError('没有指定栏目', ['section: give a section (--section) or set the outlet default section']);
    }
    const section = await getSectionBySlug(tx, sectionSlug);
    if (!section) throw new ValidationError('栏目不存在', [`section: no section with slug "${sectionSlug}"`]);

    const nowIso = now.toISOString();
    const reporters = [];
    for (const name of input.byline.reporters) reporters.push(await findOrCreatePerson(tx, name, 'contributor', nowIso));
    const editor = input.editor ? await findOrCreatePerson(tx, input.editor, 'contributor', nowIso) : null;
    const tagIds = [];
    for (const tag of input.tags) tagIds.push(await findOrCreateTag(tx, tag));

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
    if (existing && input.updatedAt === null) {
      // A re-import of unchanged copy keeps its date; changed copy is updated now.
      const changed = existing.contentHash !== articleContentHash(fields);
      fields.updatedAt = changed ? nowIso : existing.updatedAt;
    }
    const id = existing?.id ?? (await insertArticle(tx, fields, nowIso));
    if (existing) await updateArticle(tx, id, fields);

    await setReporters(tx, id, reporters.map((p) => p.id));
    await setTags(tx, id, tagIds);
    const byTitle = await findArticleIdsByTitles(tx, input.related);
    await setRelated(
      tx,
      id,
      input.related.map((headline) => {
        const target = byTitle.get(headline);
        return { headline, articleId: target !== undefined && target !== id ? target : null };
      }),
    );
    await resolveDanglingRelated(tx, input.title, id);
    const path = articlePath({ id, publishedAt, createdAt: existing?.createdAt ?? nowIso }, outlet.timezone);
    return { id, created: existing === undefined, path };
  });
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
