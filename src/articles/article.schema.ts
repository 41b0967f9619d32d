import { z } from 'zod';
import { parseInput } from '../platform/validation.js';
import { isCalendarDate } from '../platform/time.js';
import { MAX_HREF_LENGTH, isSafeHref, normaliseSpans, spansText, storedSpans, trimSpans } from './inline-spans.js';
import type { ArticleInput, BodyBlock, EditableContent, InlineSpan } from './model.js';

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

const HREF_MESSAGE = '链接地址须以 https://、http://、mailto: 或 / 开头，且不能含空格或控制字符';

const SpanSchema = z.object({
  text: z.string().max(20_000),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  href: z.string().trim().max(MAX_HREF_LENGTH, `链接地址不能超过 ${MAX_HREF_LENGTH} 个字符`).refine(isSafeHref, HREF_MESSAGE).nullable().optional(),
});
// Trimmed at the edges like the block's text, so the two still match after trimming.
const spans = z
  .array(SpanSchema)
  .max(2_000)
  .transform((list) => trimSpans(normaliseSpans(list)));

const BodyBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: text(20_000), spans: spans.optional() }),
  z.object({ type: z.literal('subheading'), text: text(200) }),
  z.object({ type: z.literal('quote'), text: text(5_000), spans: spans.optional(), cite: z.string().trim().max(200).optional() }),
  z.object({
    type: z.literal('list'),
    ordered: z.boolean(),
    items: z.array(text(2_000)).min(1).max(200),
    itemSpans: z.array(spans.nullable()).max(200).optional(),
  }),
  z.object({
    type: z.literal('image'),
    mediaId: z.number().int().positive(),
    alt: z.string().trim().min(1, '请填写图片说明（替代文字）').max(300),
    caption: optionalText(1_000),
    credit: optionalText(200),
  }),
]);

const BLOCK_NAMES: Record<BodyBlock['type'], string> = { paragraph: '段落', subheading: '小标题', quote: '引语', list: '列表', image: '图片' };

/**
 * A body: every block valid, and the spans of each block (or list item) spelling out exactly
 * its text. Spans without any mark are dropped, so a plain block is stored as plain.
 */
const BodySchema = z
  .array(BodyBlockSchema)
  .max(2_000)
  .superRefine((blocks, ctx) => {
    blocks.forEach((block, i) => {
      const where = `正文第 ${i + 1} 块（${BLOCK_NAMES[block.type]}）`;
      if ((block.type === 'paragraph' || block.type === 'quote') && block.spans && spansText(block.spans) !== block.text) {
        ctx.addIssue({ code: 'custom', path: [i, 'spans'], message: `${where}的格式片段连起来须与正文文字完全相同` });
      }
      if (block.type === 'list' && block.itemSpans) {
        if (block.itemSpans.length !== block.items.length) {
          ctx.addIssue({ code: 'custom', path: [i, 'itemSpans'], message: `${where}的 itemSpans 须与 items 一一对应` });
        }
        block.itemSpans.forEach((item, j) => {
          if (item && j < block.items.length && spansText(item) !== block.items[j]) {
            ctx.addIssue({ code: 'custom', path: [i, 'itemSpans', j], message: `${where}第 ${j + 1} 项的格式片段连起来须与该项文字完全相同` });
          }
        });
      }
    });
  })
  .transform((blocks) => blocks.map(withoutPlainSpans));

/** Drops `spans`/`itemSpans` that mark nothing (the block's text says it all). */
function withoutPlainSpans(block: z.output<typeof BodyBlockSchema>): BodyBlock {
  if (block.type === 'paragraph' || block.type === 'quote') {
    const { spans: given, ...rest } = block;
    const kept = given && storedSpans(given);
    return kept ? { ...rest, spans: kept } : rest;
  }
  if (block.type === 'list') {
    const { itemSpans: given, ...rest } = block;
    const kept = given?.map((item): InlineSpan[] | null => (item && storedSpans(item)) ?? null);
    return kept?.some((item) => item !== null) ? { ...rest, itemSpans: kept } : rest;
  }
  return block;
}

/** Validation for what importers and the seed hand to `saveArticle`. */
export const ArticleInputSchema = z.object({
  sourceKey: text(300),
  title: text(200),
  subtitle: optionalText(300),
  summary: optionalText(1_000),
  body: BodySchema,
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
  body: BodySchema,
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

