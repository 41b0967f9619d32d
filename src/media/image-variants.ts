import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { AppError } from '../platform/errors.js';
import { SHARP_FORMAT, type ImageType } from './image-type.js';
import type { VariantFormat } from './model.js';

export interface VariantPlan {
  /** Target widths; each is capped at the image's own width (never upscaled). Default 480, 960, 1600. */
  widths: readonly number[];
  /** Formats written at every width, modern first. Default WebP then a JPEG fallback. */
  formats: readonly VariantFormat[];
  /** Decompression-bomb guard: images with more pixels are refused before decoding. Default 50 megapixels. */
  maxPixels: number;
}

export const DEFAULT_VARIANT_PLAN: VariantPlan = {
  widths: [480, 960, 1600],
  // AVIF is ~20% smaller but ten times slower to encode; WebP keeps an upload under a second.
  formats: ['webp', 'jpeg'],
  maxPixels: 50_000_000,
};

/** One encoded rendition, before it is stored. */
export interface EncodedVariant {
  width: number;
  height: number;
  format: VariantFormat;
  data: Buffer;
}

/** 400: the file claims to be an image but cannot be decoded (truncated, corrupt, or lying). */
export class CorruptImageError extends AppError {
  constructor(message?: string) {
    super(400, 'corrupt_image', '图片文件已损坏或不完整，无法处理，请重新导出后再上传。', message);
    this.name = 'CorruptImageError';
  }
}

/** 400: more pixels than the plan allows (a decompression bomb, or simply too big to serve). */
export class TooManyPixelsError extends AppError {
  constructor(width: number, height: number, maxPixels: number) {
    super(
      400,
      'image_too_many_pixels',
      `图片尺寸过大（${width}×${height} 像素），最多 ${Math.floor(maxPixels / 1_000_000)} 百万像素，请缩小后再上传。`,
    );
    this.name = 'TooManyPixelsError';
  }
}

function encoder(image: Sharp, format: VariantFormat): Sharp {
  switch (format) {
    case 'webp':
      return image.webp({ quality: 80 });
    case 'avif':
      return image.avif({ quality: 55, effort: 4 });
    case 'jpeg':
      // JPEG has no alpha: transparent PNG/WebP/GIF areas become white, as on the page.
      return image.flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true });
  }
}

/**
 * Decodes `buffer` (already known to be `type`) and encodes every variant of `plan`.
 * Auto-orients from EXIF first, then writes no metadata at all: sharp drops EXIF (GPS
 * included), XMP, IPTC and ICC unless told to keep them, and nothing here tells it to.
 * GIFs keep their first frame only: animation multiplies the decoding cost per frame and a
 * still is what the article page shows. Throws CorruptImageError or TooManyPixelsError.
 */
export async function encodeVariants(
  buffer: Buffer,
  type: ImageType,
  plan: VariantPlan = DEFAULT_VARIANT_PLAN,
): Promise<{ width: number; height: number; variants: EncodedVariant[] }> {
  // Loaded at the first image, so processes that never take an upload never hold libvips.
  const { default: sharp } = await import('sharp');
  // failOn 'warning' refuses truncated data; limitInputPixels is sharp's own bomb guard.
  const input: SharpOptions = { failOn: 'warning', limitInputPixels: plan.maxPixels, pages: 1 };
  let metadata: Metadata;
  try {
    // Reading the header decodes no pixels, so the pixel limit is checked below, by us, with
    // a message that says what is wrong rather than sharp's.
    metadata = await sharp(buffer, { ...input, limitInputPixels: false }).metadata();
  } catch (err) {
    throw new CorruptImageError(`metadata: ${(err as Error).message}`);
  }
  if (metadata.format !== SHARP_FORMAT[type]) throw new CorruptImageError(`content is ${metadata.format}, header says ${type}`);
  // The header's dimensions are checked before any pixel is decoded.
  if (metadata.width * metadata.height > plan.maxPixels) throw new TooManyPixelsError(metadata.width, metadata.height, plan.maxPixels);

  const { width, height } = metadata.autoOrient;
  const widths = [...new Set(plan.widths.map((w) => Math.min(w, width)))].sort((a, b) => a - b);
  const variants: EncodedVariant[] = [];
  try {
    for (const target of widths) {
      for (const format of plan.formats) {
        const image = sharp(buffer, input).rotate().resize({ width: target, withoutEnlargement: true });
        const { data, info } = await encoder(image, format).toBuffer({ resolveWithObject: true });
        variants.push({ width: info.width, height: info.height, format, data });
      }
    }
  } catch (err) {
    throw new CorruptImageError(`encode: ${(err as Error).message}`);
  }
  return { width, height, variants };
}
