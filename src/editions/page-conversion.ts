import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ScriptConverter } from '../zh/convert.js';
import type { Edition } from '../web/editions.js';

/** A converter with a fingerprint that changes whenever what it converts to may change. */
export interface FingerprintedConverter extends ScriptConverter {
  readonly fingerprint: string;
}

/**
 * Only the non-ASCII runs of a document go through the converter: markup, URLs and the QR code
 * are ASCII and most of a page, and no dictionary entry spans ASCII (entries are Han text), so
 * the result is the same as converting the whole document, about ten times faster.
 */
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

/**
 * Converted documents kept, by total length in UTF-16 units (about 2 bytes each): 8 MB, some
 * 200 article pages. Served pages are kept by the page cache already; this only spares the
 * conversion (about 1 ms) when the same source page is rendered again, and at 64 MB it held a
 * fifth of a 300 MB process for that.
 */
const CACHE_CHARS = 4 * 1024 * 1024;

/**
 * Converts whole rendered documents (HTML, feeds, sitemaps) into an edition's script, and
 * keeps the results. Pages are rendered in the source script and converted as a whole, so a
 * page's chrome, its articles and its metadata all read in one script. Markup, URLs and
 * character references are ASCII, which conversion leaves alone.
 *
 * The cache is keyed by the edition, the converter's fingerprint and a hash of the document:
 * an unchanged page is converted once, and a changed page or dictionary is never served stale.
 */
export function createPageConverter() {
  const cache = new LRUCache<string, string>({ maxSize: CACHE_CHARS, sizeCalculation: (value) => Math.max(1, value.length) });
  let hits = 0;
  let misses = 0;
  return {
    convert(document: string, edition: Edition, converter: FingerprintedConverter): string {
      const key = `${edition}:${converter.fingerprint}:${createHash('sha1').update(document).digest('base64')}`;
      const cached = cache.get(key);
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      misses++;
      const convert = edition === 'hant' ? converter.toTraditional : converter.toSimplified;
      const converted = document.replace(NON_ASCII_RUN, (run) => convert(run));
      cache.set(key, converted);
      return converted;
    },
    /** Hits and misses since start (tests and the benchmark). */
    stats: () => ({ hits, misses, entries: cache.size }),
  };
}

export type PageConverter = ReturnType<typeof createPageConverter>;
