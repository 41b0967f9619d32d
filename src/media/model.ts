/** The media feature's data: uploaded images and their stored variants. Plain data only. */

/** The formats variants are stored in: a modern one (WebP or AVIF) and a JPEG fallback. */
export type VariantFormat = 'avif' | 'webp' | 'jpeg';

/** One stored, resized, metadata-free rendition of an upload. */
export interface MediaVariant {
  width: number;
  height: number;
  format: VariantFormat;
  /** FileStore key, also the last segment of its public URL (/media/{key}). */
  key: string;
  bytes: number;
}

/** An uploaded image as the newsroom API returns it. */
export interface Media {
  id: number;
  uploadedBy: number | null;
  /** ISO-8601 instant. */
  createdAt: string;
  /** Detected from the content (image/jpeg, image/png, image/webp, image/gif, image/heic). */
  originalMime: string;
  /** Pixels after EXIF orientation. */
  width: number;
  height: number;
  /** Size of the upload. */
  bytes: number;
  sha256: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** Narrowest first, each width in every format. */
  variants: MediaVariant[];
}

/** MIME type of each variant format, for serving and for `<source type>`. */
export const VARIANT_MIME: Record<VariantFormat, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
};

/** File extension of each variant format (the key ends with it). */
export const VARIANT_EXTENSION: Record<VariantFormat, string> = { avif: 'avif', webp: 'webp', jpeg: 'jpg' };

/** The public URL of a stored variant. */
export function mediaUrl(key: string): string {
  return `/media/${key}`;
}
