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
 * Converted documents kept, by UTF-8 size: 8 MB, some 400 article pages. This spares the
 * conversion (about 1 ms) when the same source page is rendered again: search results and
 * whatever else the page cache does not keep, and every page when it is off. They are kept as
 * the bytes sent: a Buffer's bytes live outside V8's heap and are freed when it is evicted, where
 * a kept string of every rendered page would be copied into the old generation and left there as
 * garbage for the next full collection.
 */
const CACHE_BYTES = 8 * 1024 * 1024;

/**
 * Runs this short or shorter are kept converted, per converter and edition: a page's chrome,
 * section names, teaser headlines, bylines and dates, which most pages share and which are
 * most of a page's runs. Kept, they halve the conversion of the demo article pages
 * (docs/performance.md). Longer runs are mostly the article's own paragraphs, converted as
 * they come.
 */
const SHARED_RUN_MAX = 40;
const SHARED_RUNS_KEPT = 4_096;

/** Kept short runs, with the converter they were converted by (a changed dictionary is a new converter). */
const sharedRuns = new WeakMap<FingerprintedConverter, Record<Edition, LRUCache<string, string>>>();

/** Converts one non-ASCII run into the edition's script, from the kept runs when it is short. */
function runConverter(converter: FingerprintedConverter, edition: Edition): (run: string) => string {
  let kept = sharedRuns.get(converter);
  if (kept === undefined) {
    kept = { hans: new LRUCache({ max: SHARED_RUNS_KEPT }), hant: new LRUCache({ max: SHARED_RUNS_KEPT }) };
    sharedRuns.set(converter, kept);
  }
  const runs = kept[edition];
  const convert = edition === 'hant' ? converter.toTraditional : converter.toSimplified;
  return (run) => {
    if (run.length > SHARED_RUN_MAX) return convert(run);
    let converted = runs.get(run);
    if (converted === undefined) {
      converted = convert(run);
      runs.set(run, converted);
    }
    return converted;
  };
}

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
  const cache = new LRUCache<string, Buffer>({ maxSize: CACHE_BYTES, sizeCalculation: (value) => Math.max(1, value.length) });
  let hits = 0;
  let misses = 0;
  return {
    /**
     * The document in the edition's script, as the UTF-8 bytes to send (shared: never to be
     * written to). `keep: false` (a page the page cache keeps) neither hashes nor keeps it.
     */
    convert(document: string, edition: Edition, converter: FingerprintedConverter, keep = true): Buffer {
      const converted = () => Buffer.from(document.replace(NON_ASCII_RUN, runConverter(converter, edition)));
      if (!keep) {
        misses++;
        return converted();
      }
      const key = `${edition}:${converter.fingerprint}:${createHash('sha1').update(document).digest('base64')}`;
      const cached = cache.get(key);
      if (cached !== undefined) {
        hits++;
        return cached;
      }
      misses++;
      const fresh = converted();
      cache.set(key, fresh);
      return fresh;
    },
    /** Hits and misses since start (tests and the benchmark). */
    stats: () => ({ hits, misses, entries: cache.size }),
  };
}

export type PageConverter = ReturnType<typeof createPageConverter>;
