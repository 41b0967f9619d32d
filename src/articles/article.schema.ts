import { z } from 'zod';
import { parseInput } from '../platform/validation.js';
import { isCalendarDate } from '../platform/time.js';
import type { ArticleInput, EditableContent } from './model.js';

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
  z.object({
    type: z.literal('image'),
    mediaId: z.number().int().positive(),
    alt: z.string().trim().min(1, '请填写图片说明（替代文字）').max(300),
    caption: optionalText(1_000),
    credit: optionalText(200),
  }),
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

/** What staff edit in the newsroom: the content, not the workflow fields. */
export const EditableContentSchema = z.object({
  title: text(200),
  subtitle: optionalText(300),
  summary: optionalText(1_000),
  body: z.array(BodyBlockSchema).max(2_000),
  section: z.string().trim().min(1).max(100),
  tags: z.array(text(50)).max(30),
  dateline: ArticleInputSchema.shape.dateline,
  byline: ArticleInputSchema.shape.byline,
  related: z.array(text(200)).max(30),
  seoTitle: optionalText(200),
  seoDescription: optionalText(300),
});

/** Checks an article input from an importer or the seed. */
export function validateArticleInput(input: unknown): ArticleInput {
  return parseInput(ArticleInputSchema, input, '稿件内容无效');
}

/** Checks content edited in the newsroom. */
export function validateEditableContent(input: unknown): EditableContent {
  return parseInput(EditableContentSchema, input, '稿件内容无效');
}

