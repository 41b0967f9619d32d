/**
 * What a revision keeps: the editable fields of an article at one version, stored as JSON
 * in article_revisions.snapshot, and how to read it back and render its body as text.
 */

import { z } from 'zod';
import { blockTexts } from '../../articles/body-text.js';
import { itemSpans, spansToMarkup, textSpans } from '../../articles/inline-spans.js';
import type { BodyBlock, EditableContent } from '../../articles/model.js';
import { AppError } from '../../platform/errors.js';

/** The editable content of an article at one version, with its 责任编辑; workflow fields (stage, times) are not in it. */
export interface RevisionSnapshot extends EditableContent {
  /** 责任编辑 display name. */
  editor: string | null;
}

// Reading old history must not fail on rules tightened since it was saved, so this checks
// shape only (no lengths or trimming), and fields added to snapshots later get defaults.
const SpanSchema = z.object({ text: z.string(), bold: z.literal(true).optional(), italic: z.literal(true).optional(), href: z.string().optional() });
const BodyBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), text: z.string(), spans: z.array(SpanSchema).optional() }),
  z.object({ type: z.literal('subheading'), text: z.string() }),
  z.object({ type: z.literal('quote'), text: z.string(), spans: z.array(SpanSchema).optional(), cite: z.string().optional() }),
  z.object({ type: z.literal('list'), ordered: z.boolean(), items: z.array(z.string()), itemSpans: z.array(z.array(SpanSchema).nullable()).optional() }),
  z.object({
    type: z.literal('image'),
    mediaId: z.number(),
    alt: z.string(),
    caption: z.string().nullable().default(null),
    credit: z.string().nullable().default(null),
  }),
]);

/** The shape of a stored snapshot; unknown keys are dropped. */
export const RevisionSnapshotSchema: z.ZodType<RevisionSnapshot> = z.object({
  title: z.string(),
  subtitle: z.string().nullable().default(null),
  summary: z.string().nullable().default(null),
  body: z.array(BodyBlockSchema),
  section: z.string(),
  tags: z.array(z.string()).default([]),
  dateline: z
    .object({ source: z.string(), date: z.string(), place: z.string().nullable(), kind: z.enum(['讯', '电']) })
    .nullable()
    .default(null),
  byline: z
    .object({ reporters: z.array(z.string()), reportType: z.string().nullable(), place: z.string().nullable() })
    .default({ reporters: [], reportType: null, place: null }),
  editor: z.string().nullable().default(null),
  related: z.array(z.string()).default([]),
  seoTitle: z.string().nullable().default(null),
  seoDescription: z.string().nullable().default(null),
});

/** Keeps only the snapshot's fields (so extra properties of a caller's object are not stored). */
export function toSnapshot(value: RevisionSnapshot): RevisionSnapshot {
  const parsed = RevisionSnapshotSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError(500, 'revision_invalid', '保存修订记录失败', `revision snapshot is not valid: ${problems}`);
  }
  return parsed.data;
}

/** Parses a stored snapshot; a 500 `revision_unreadable` names the revision if it is damaged. */
export function parseSnapshot(json: string, where: { articleId: number; version: number }): RevisionSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  const parsed = RevisionSnapshotSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      500,
      'revision_unreadable',
      '这一版修订记录已损坏，无法读取',
      `article ${where.articleId} revision ${where.version}: snapshot is not valid JSON of a RevisionSnapshot`,
    );
  }
  return parsed.data;
}

/**
 * The body as text for diffing, one block per line: subheadings prefixed 「## 」,
 * list items 「- 」 (each on its own line), quotes 「> 」 with the source after 「——」.
 * Inline marks are written out (`**粗体**`, `*斜体*`, `[文字](链接)`), so making a word bold
 * or changing a link shows in the diff instead of comparing as "no change".
 */
export function bodyToText(body: BodyBlock[]): string {
  return body
    .flatMap((block) => {
      switch (block.type) {
        case 'paragraph':
          return [spansToMarkup(textSpans(block))];
        case 'subheading':
          return [`## ${block.text}`];
        case 'quote':
          return [`> ${spansToMarkup(textSpans(block))}${block.cite ? `——${block.cite}` : ''}`];
        case 'list':
          return itemSpans(block).map((item) => `- ${spansToMarkup(item)}`);
        case 'image':
          return [`[图片 ${block.mediaId}] ${block.alt}${block.caption ? `｜${block.caption}` : ''}${block.credit ? `（${block.credit}）` : ''}`];
      }
    })
    .join('\n');
}

/** Characters of body text, whitespace not counted (字数 as the desk counts it). */
export function bodyCharacterCount(body: BodyBlock[]): number {
  let n = 0;
  for (const block of body) {
    for (const text of blockTexts(block)) for (const ch of text) if (!/\s/u.test(ch)) n += 1;
  }
  return n;
}
