import { mediaUrl, VARIANT_MIME, type Media, type MediaVariant, type VariantFormat } from './model.js';

/** How wide the image is drawn: the article column (700px) on wide screens, else the viewport. */
const SIZES = '(min-width: 760px) 700px, 100vw';
/** The fallback `src` for browsers without srcset: the JPEG closest to the column width. */
const FALLBACK_WIDTH = 960;
/** `<source>` order: the browser takes the first type it supports. */
const MODERN_FORMATS: VariantFormat[] = ['avif', 'webp'];

const srcset = (variants: MediaVariant[]) => variants.map((v) => `${mediaUrl(v.key)} ${v.width}w`).join(', ');

export interface ImageFigureProps {
  media: Media | undefined;
  alt: string;
  caption: string | null;
  credit: string | null;
}

/**
 * An article image: `<picture>` with a `<source>` per modern format and a JPEG `<img>` with
 * srcset, lazily loaded, with width and height so the page does not jump. Nothing when the
 * upload is gone (the body keeps its block; the page must not break).
 */
export function ImageFigure({ media, alt, caption, credit }: ImageFigureProps) {
  const jpegs = media?.variants.filter((v) => v.format === 'jpeg').sort((a, b) => a.width - b.width) ?? [];
  const fallback = [...jpegs].reverse().find((v) => v.width <= FALLBACK_WIDTH) ?? jpegs[0];
  if (!media || !fallback) return null;
  return (
    <figure class="article-image">
      <picture>
        {MODERN_FORMATS.map((format) => {
          const variants = media.variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width);
          return variants.length > 0 ? <source type={VARIANT_MIME[format]} srcset={srcset(variants)} sizes={SIZES} /> : null;
        })}
        <img
          src={mediaUrl(fallback.key)}
          srcset={srcset(jpegs)}
          sizes={SIZES}
          width={fallback.width}
          height={fallback.height}
          alt={alt}
          loading="lazy"
          decoding="async"
        />
      </picture>
      {(caption || credit) && (
        <figcaption>
          {caption}
          {caption && credit && ' '}
          {credit && <span class="credit">{credit}</span>}
        </figcaption>
      )}
    </figure>
  );
}
