import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BodyBlock } from '../articles/model.js';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import type { Actor } from '../newsroom/staff/actor.js';
import type { Db, Queryable } from '../platform/db/database.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.js';
import type { FileStore } from '../platform/files/file-store.js';
import { parseInput } from '../platform/validation.js';
import { detectImageType, heicSupported, IMAGE_MIME } from './image-type.js';
import { DEFAULT_VARIANT_PLAN, encodeVariants, type VariantPlan } from './image-variants.js';
import { deleteMediaRow, insertMedia, selectMedia, selectMediaByIds, selectMediaBySha256, selectMediaPage, updateMediaText } from './media.store.js';
import { articlesUsingMedia } from './media-usage.service.js';
import { VARIANT_EXTENSION, type Media, type MediaVariant } from './model.js';

/** Largest upload accepted, in bytes (the multipart limit uses the same number). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The message for an upload without alt text: screen-reader users depend on it. */
export const ALT_REQUIRED_MESSAGE = '请填写图片说明（替代文字）';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `不能超过 ${max} 字`)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));

/** Alt text, caption and credit as the newsroom edits them. */
export const MediaTextSchema = z.object({
  alt: z.string().trim().min(1, ALT_REQUIRED_MESSAGE).max(300, '不能超过 300 字'),
  caption: optionalText(1_000),
  credit: optionalText(200),
});

/** A change to the text; every field optional. */
export const MediaTextPatchSchema = MediaTextSchema.partial().strict();

/** 413: the upload is bigger than MAX_UPLOAD_BYTES. */
export class FileTooLargeError extends AppError {
  constructor(maxBytes: number = MAX_UPLOAD_BYTES) {
    super(413, 'file_too_large', `图片文件太大，最大 ${Math.floor(maxBytes / 1024 / 1024)} MB，请压缩后再上传。`);
    this.name = 'FileTooLargeError';
  }
}

/** 400: the content is not one of the accepted image types (whatever the file is called). */
export class UnsupportedImageTypeError extends AppError {
  constructor(publicMessage = '不支持的文件类型：只能上传 JPEG、PNG、WebP 或 GIF 图片。') {
    super(400, 'unsupported_image_type', publicMessage);
    this.name = 'UnsupportedImageTypeError';
  }
}

export interface NewImage {
  buffer: Buffer;
  alt: unknown;
  caption?: unknown;
  credit?: unknown;
  uploadedBy: number | null;
}

export interface StoreImageOptions {
  /** Widths, formats and the pixel limit; see DEFAULT_VARIANT_PLAN. */
  plan?: VariantPlan;
  /** Default MAX_UPLOAD_BYTES. */
  maxBytes?: number;
  now?: Date;
}

/** Raises the Chinese 400 for missing alt text before anything else is looked at. */
function validateText(input: { alt: unknown; caption?: unknown; credit?: unknown }) {
  if (typeof input.alt !== 'string' || input.alt.trim() === '') throw new ValidationError(ALT_REQUIRED_MESSAGE, ['alt: 必填']);
  return parseInput(MediaTextSchema, { alt: input.alt, caption: input.caption ?? null, credit: input.credit ?? null }, '图片信息有误');
}

/** What an upload produced: the media row, and whether it already existed (identical bytes). */
export interface StoredImage {
  media: Media;
  /** True when the same bytes were uploaded before: the existing row is returned, nothing stored. */
  deduplicated: boolean;
}

/** Records the upload in the audit log (in the caller's transaction). */
async function auditUpload(db: Queryable, media: Media, actorId: number | null, deduplicated: boolean, now: Date): Promise<void> {
  await recordAudit(
    db,
    {
      actorId,
      action: 'media.upload',
      subjectType: 'media',
      subjectId: media.id,
      details: { sha256: media.sha256, bytes: media.bytes, mime: media.originalMime, width: media.width, height: media.height, deduplicated },
    },
    { now },
  );
}

/** The existing upload of these bytes, audited as this person's (deduplicated) upload; or null. */
async function existingUpload(db: Db, sha256: string, actorId: number | null, now: Date): Promise<Media | null> {
  const existing = await selectMediaBySha256(db, sha256);
  if (existing) await auditUpload(db, existing, actorId, true, now);
  return existing;
}

/**
 * Stores an uploaded image: checks its alt text, size and type (from the bytes, never the
 * name), refuses decompression bombs, and writes only re-encoded variants without any
 * metadata (EXIF with GPS, XMP, IPTC) to `files`; the original is never kept. Bytes uploaded
 * before return the existing row (`deduplicated`, its own text unchanged) and store nothing;
 * two identical uploads at once still make one row (the unique index on sha256 decides).
 * Every upload is audited (`media.upload`) with the row it wrote. Nothing is stored when any
 * check fails. Defaults: 20 MB, 50 megapixels, widths 480/960/1600 in WebP and JPEG.
 */
export async function storeImage(db: Db, files: FileStore, image: NewImage, options: StoreImageOptions = {}): Promise<StoredImage> {
  const text = validateText(image);
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  const now = options.now ?? new Date();
  if (image.buffer.length > maxBytes) throw new FileTooLargeError(maxBytes);
  const type = detectImageType(image.buffer);
  if (type === null) throw new UnsupportedImageTypeError();
  if (type === 'heic' && !(await heicSupported())) {
    throw new UnsupportedImageTypeError('此服务器暂不支持 HEIC 图片，请在手机或电脑上导出为 JPEG 后再上传。');
  }
  const sha256 = createHash('sha256').update(image.buffer).digest('hex');
  const before = await existingUpload(db, sha256, image.uploadedBy, now);
  if (before) return { media: before, deduplicated: true };

  const { width, height, variants: encoded } = await encodeVariants(image.buffer, type, options.plan ?? DEFAULT_VARIANT_PLAN);
  // One random stem per upload: variant URLs cannot be guessed from an id before publication.
  const stem = randomBytes(12).toString('hex');
  const variants: MediaVariant[] = encoded.map((v) => ({
    width: v.width,
    height: v.height,
    format: v.format,
    key: `${stem}-${v.width}.${VARIANT_EXTENSION[v.format]}`,
    bytes: v.data.length,
  }));
  const written: string[] = [];
  let stored: Media | null;
  try {
    for (const [i, variant] of variants.entries()) {
      await files.put(variant.key, (encoded[i] as (typeof encoded)[number]).data);
      written.push(variant.key);
    }
    const media: Omit<Media, 'id'> = {
      uploadedBy: image.uploadedBy,
      createdAt: now.toISOString(),
      originalMime: IMAGE_MIME[type],
      width,
      height,
      bytes: image.buffer.length,
      sha256,
      alt: text.alt,
      caption: text.caption ?? null,
      credit: text.credit ?? null,
      variants,
    };
    stored = await db.transaction().execute(async (tx) => {
      const id = await insertMedia(tx, media);
      if (id === null) return null;
      const row = { id, ...media };
      await auditUpload(tx, row, image.uploadedBy, false, now);
      return row;
    });
  } catch (err) {
    await Promise.allSettled(written.map((key) => files.delete(key)));
    throw err;
  }
  if (stored) return { media: stored, deduplicated: false };
  // Someone stored the same bytes while these were encoded: theirs is kept, these files go.
  await Promise.allSettled(written.map((key) => files.delete(key)));
  const winner = await existingUpload(db, sha256, image.uploadedBy, now);
  if (!winner) throw new Error(`media ${sha256} conflicted on insert but is not there`);
  return { media: winner, deduplicated: true };
}

/** A media row, or 404. */
export async function getMedia(db: Queryable, id: number): Promise<Media> {
  const media = await selectMedia(db, id);
  if (!media) throw new NotFoundError('没有这张图片。');
  return media;
}

/** Changes alt text, caption or credit (alt can be changed, never emptied); returns the row. */
export async function updateMedia(db: Queryable, id: number, input: unknown): Promise<Media> {
  if (typeof input === 'object' && input !== null && 'alt' in input && (typeof input.alt !== 'string' || input.alt.trim() === '')) {
    throw new ValidationError(ALT_REQUIRED_MESSAGE, ['alt: 必填']);
  }
  const changes = parseInput(MediaTextPatchSchema, input, '图片信息有误');
  const patch = {
    ...(changes.alt !== undefined && { alt: changes.alt }),
    ...(changes.caption !== undefined && { caption: changes.caption }),
    ...(changes.credit !== undefined && { credit: changes.credit }),
  };
  if (!(await updateMediaText(db, id, patch))) throw new NotFoundError('没有这张图片。');
  return getMedia(db, id);
}

/** The uploads an article body's image blocks show, by media id, in one query. */
export async function mediaForBody(db: Queryable, body: readonly BodyBlock[]): Promise<Map<number, Media>> {
  return mediaByIds(db, body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : [])));
}

/** The media of `ids` by id, in one query (ids without a row are simply absent). */
export async function mediaByIds(db: Queryable, ids: readonly number[]): Promise<Map<number, Media>> {
  const unique = [...new Set(ids)];
  return new Map((await selectMediaByIds(db, unique)).map((m) => [m.id, m]));
}

/** 409: the upload is shown by articles; `articles` lists them (id, title) so they can be fixed first. */
export class MediaInUseError extends AppError {
  constructor(readonly articles: { id: number; title: string }[]) {
    const named = articles.slice(0, 3).map((a) => `《${a.title}》`).join('');
    super(409, 'media_in_use', `这张图片仍被 ${articles.length} 篇稿件使用（${named}${articles.length > 3 ? '等' : ''}），请先从稿件中移除后再删除。`);
    this.name = 'MediaInUseError';
  }

  override jsonFields(): Record<string, unknown> {
    return { articles: this.articles };
  }
}

export interface DeleteMediaOptions {
  now?: Date;
  /** Told about each variant file that could not be removed (the row is gone by then). Default: ignore. */
  onFileError?: (key: string, error: unknown) => void;
}

/** Whether `actor` may delete `media`: its uploader, or any editor or admin. */
export function mayDeleteMedia(actor: Pick<Actor, 'id' | 'role'>, media: Pick<Media, 'uploadedBy'>): boolean {
  return actor.role === 'admin' || actor.role === 'editor' || media.uploadedBy === actor.id;
}

/**
 * Deletes an upload: its uploader, editors and admins may; 409 `media_in_use` with the
 * articles while any article's current content shows it (revisions do not count: restoring
 * one that shows a deleted image is refused on save). The row goes first, with its audit
 * entry, and only then the variant files, so no row ever points at missing files; a file
 * that cannot be removed is reported to `onFileError` and left behind.
 */
export async function deleteMedia(db: Db, files: FileStore, actor: Actor, id: number, options: DeleteMediaOptions = {}): Promise<void> {
  const now = options.now ?? new Date();
  let media: Media;
  try {
    media = await db.transaction().execute(async (tx) => {
      const found = await getMedia(tx, id);
      if (!mayDeleteMedia(actor, found)) throw new ForbiddenError('只有上传者、编辑或管理员可以删除这张图片。');
      const users = await articlesUsingMedia(tx, id);
      if (users.length > 0) throw new MediaInUseError(users);
      if (!(await deleteMediaRow(tx, id))) throw new NotFoundError('没有这张图片。');
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: 'media.delete',
          subjectType: 'media',
          subjectId: id,
          details: { sha256: found.sha256, alt: found.alt, uploadedBy: found.uploadedBy, files: found.variants.map((v) => v.key) },
        },
        { now },
      );
      return found;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    // An article saved with this image between the check and the delete: the foreign key
    // refused the delete, which is the same answer as the check's.
    const users = await articlesUsingMedia(db, id);
    if (users.length > 0) throw new MediaInUseError(users);
    throw err;
  }
  for (const variant of media.variants) {
    try {
      await files.delete(variant.key);
    } catch (err) {
      options.onFileError?.(variant.key, err);
    }
  }
}

/** Uploads a page holds in the media library. */
export const MEDIA_PAGE_SIZE = 40;

export const MediaListQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

/** An upload in the library, with how many articles' current content shows it. */
export type MediaListItem = Media & { usageCount: number };

/** The media library, newest first, 40 a page, for reusing an uploaded image. */
export async function listMedia(db: Queryable, query: unknown): Promise<{ items: MediaListItem[]; total: number; page: number; pageSize: number }> {
  const { page } = parseInput(MediaListQuerySchema, query, '分页参数无效');
  const { rows, total } = await selectMediaPage(db, { limit: MEDIA_PAGE_SIZE, offset: (page - 1) * MEDIA_PAGE_SIZE });
  return { items: rows, total, page, pageSize: MEDIA_PAGE_SIZE };
}
