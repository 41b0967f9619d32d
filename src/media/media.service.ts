import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { BodyBlock } from '../articles/model.js';
import type { Queryable } from '../platform/db/database.js';
import { AppError, NotFoundError, ValidationError } from '../platform/errors.js';
import type { FileStore } from '../platform/files/file-store.js';
import { parseInput } from '../platform/validation.js';
import { detectImageType, heicSupported, IMAGE_MIME } from './image-type.js';
import { DEFAULT_VARIANT_PLAN, encodeVariants, type VariantPlan } from './image-variants.js';
import { insertMedia, selectMedia, selectMediaByIds, updateMediaText } from './media.store.js';
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

/**
 * Stores an uploaded image: checks its alt text, size and type (from the bytes, never the
 * name), refuses decompression bombs, and writes only re-encoded variants without any
 * metadata (EXIF with GPS, XMP, IPTC) to `files`; the original is never kept. Returns the
 * media row. Nothing is stored when any check fails.
 * Defaults: 20 MB, 50 megapixels, widths 480/960/1600 in WebP and JPEG.
 */
export async function storeImage(db: Queryable, files: FileStore, image: NewImage, options: StoreImageOptions = {}): Promise<Media> {
  const text = validateText(image);
  const maxBytes = options.maxBytes ?? MAX_UPLOAD_BYTES;
  if (image.buffer.length > maxBytes) throw new FileTooLargeError(maxBytes);
  const type = detectImageType(image.buffer);
  if (type === null) throw new UnsupportedImageTypeError();
  if (type === 'heic' && !heicSupported()) {
    throw new UnsupportedImageTypeError('此服务器暂不支持 HEIC 图片，请在手机或电脑上导出为 JPEG 后再上传。');
  }

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
  try {
    for (const [i, variant] of variants.entries()) {
      await files.put(variant.key, (encoded[i] as (typeof encoded)[number]).data);
      written.push(variant.key);
    }
    const media: Omit<Media, 'id'> = {
      uploadedBy: image.uploadedBy,
      createdAt: (options.now ?? new Date()).toISOString(),
      originalMime: IMAGE_MIME[type],
      width,
      height,
      bytes: image.buffer.length,
      sha256: createHash('sha256').update(image.buffer).digest('hex'),
      alt: text.alt,
      caption: text.caption ?? null,
      credit: text.credit ?? null,
      variants,
    };
    return { id: await insertMedia(db, media), ...media };
  } catch (err) {
    await Promise.allSettled(written.map((key) => files.delete(key)));
    throw err;
  }
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
