import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The encodings an entry can be sent in. */
export type PageEncoding = 'identity' | 'gzip' | 'br';
export const PAGE_ENCODINGS: readonly PageEncoding[] = ['identity', 'gzip', 'br'];

/** Response headers as Node's `writeHead` takes them. */
export type PageHeaders = Record<string, string | number | string[]>;

/** What an entry holds per encoding; identity always, the compressed copies once made. */
export type PageVariants<T> = { identity: T } & Partial<Record<Exclude<PageEncoding, 'identity'>, T>>;

/**
 * A page ready to send: the same bytes and headers for every reader. It is stored with the
 * identity bytes only, as rendered; gzip and brotli copies are added by the cache
 * ({@link PageCache.encode}) off the request path, when a reader first asks for them.
 */
export interface PageEntry {
  readonly status: 200;
  readonly contentType: string;
  /** The strong ETag of the identity bytes; the compressed copies carry it with a suffix. */
  readonly etag: string;
  /** Every ETag this entry is or will be sent under (one per encoding), for If-None-Match. */
  readonly etags: ReadonlySet<string>;
  /** Surrogate keys: a purge of any of them drops the entry. */
  readonly keys: readonly string[];
  /** The bodies made so far. Only `addEncoding` writes these three records. */
  readonly bodies: PageVariants<Buffer>;
  /** The full header set of a 200 in each encoding made so far (x-cache: HIT, content-length included). */
  readonly headers: PageVariants<PageHeaders>;
  /** The same header sets as flat name/value lists, the cheapest form `writeHead` takes. */
  readonly wireHeaders: PageVariants<string[]>;
  /** The headers of a 304 for this entry (no body, no length). */
  readonly notModifiedHeaders: PageHeaders;
  readonly wireNotModifiedHeaders: string[];
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** How long it may be served, when less than the cache's TTL (a page showing lists that change with time). */
  readonly maxAgeMs: number;
  /** Bytes the entry holds (its bodies and headers), counted against the cache's bound. */
  readonly size: number;
}

/** What a fill supplies: the response as its route and hooks made it. */
export interface PageEntryInput {
  body: string | Buffer;
  contentType: string;
  keys: readonly string[];
  /** The response's other headers (security headers, Cache-Control, Surrogate-Key…). */
  headers: PageHeaders;
  createdAt: number;
  /** Serve it no longer than this (default: the cache's TTL). */
  maxAgeMs?: number;
}

/**
 * Brotli quality 5: a copy is made in the thread pool, but on the machine's cores, when a reader
 * first asks for it (and after a publish, for many pages at once). On an 18 KB article page:
 * gzip -6 0.5 ms → 6.1 KB, brotli 5 about 1.3 ms → 5.5 KB, brotli 11 43 ms → 4.7 KB (quality 9
 * already costs 20 ms).
 */
const BROTLI_QUALITY = 5;

/** Headers a fill never copies: the cache sets them per encoding, or they belong to one response. */
const OWN_HEADERS = new Set(['content-length', 'content-encoding', 'etag', 'vary', 'x-cache', 'set-cookie', 'transfer-encoding', 'connection', 'date']);

const ETAG_SUFFIX: Record<PageEncoding, string> = { identity: '', gzip: '-gz', br: '-br' };

const flat = (headers: PageHeaders) => Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v]) : [[name, String(value)]]).flat());

/** Builds an entry of the identity bytes as rendered: no compression, so a fill costs what the render did. */
export function createPageEntry(input: PageEntryInput): PageEntry {
  const identity = typeof input.body === 'string' ? Buffer.from(input.body) : input.body;
  const hash = createHash('sha1').update(identity).digest('base64url');
  const etagOf = (encoding: PageEncoding) => `"${hash}${ETAG_SUFFIX[encoding]}"`;
  const common: PageHeaders = {};
  for (const [name, value] of Object.entries(input.headers)) {
    if (!OWN_HEADERS.has(name.toLowerCase())) common[name.toLowerCase()] = value;
  }
  common['content-type'] = input.contentType;
  // Vary from the first answer on: a shared cache must not hand one encoding to a reader of another.
  common.vary = 'Accept-Encoding';
  common['x-cache'] = 'HIT';
  const { ['content-type']: _type, ...notModified } = common;
  let headerBytes = 0;
  for (const [name, value] of Object.entries(common)) headerBytes += name.length + String(value).length;
  const headers: PageVariants<PageHeaders> = { identity: { ...common, etag: etagOf('identity'), 'content-length': identity.length } };
  const bodies: PageVariants<Buffer> = { identity };
  return {
    status: 200,
    contentType: input.contentType,
    etag: etagOf('identity'),
    etags: new Set(PAGE_ENCODINGS.map(etagOf)),
    keys: [...new Set(input.keys)],
    bodies,
    headers,
    wireHeaders: { identity: flat(headers.identity) },
    notModifiedHeaders: notModified,
    wireNotModifiedHeaders: flat(notModified),
    createdAt: input.createdAt,
    maxAgeMs: input.maxAgeMs ?? Number.POSITIVE_INFINITY,
    // Each encoding repeats the header set.
    get size() {
      let bytes = 0;
      for (const body of Object.values(bodies)) bytes += body.length + headerBytes * 8;
      return bytes;
    },
  };
}

/** Compresses the identity bytes in libuv's thread pool, off the event loop. */
function compress(identity: Buffer, encoding: Exclude<PageEncoding, 'identity'>): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(identity);
  return brotliAsync(identity, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length,
    },
  });
}

/** Adds a compressed copy, with its own ETag, length and Content-Encoding, to an entry. */
function addEncoding(entry: PageEntry, encoding: Exclude<PageEncoding, 'identity'>, body: Buffer): void {
  const headers: PageHeaders = { ...entry.headers.identity, etag: entry.etag.replace(/"$/, `${ETAG_SUFFIX[encoding]}"`), 'content-length': body.length, 'content-encoding': encoding };
  const writable = entry as { bodies: PageVariants<Buffer>; headers: PageVariants<PageHeaders>; wireHeaders: PageVariants<string[]> };
  writable.bodies[encoding] = body;
  writable.headers[encoding] = headers;
  writable.wireHeaders[encoding] = flat(headers);
}

/** Builds an entry with every encoding made (tests, and anything that wants them at once). */
export async function buildPageEntry(input: PageEntryInput): Promise<PageEntry> {
  const entry = createPageEntry(input);
  const [gzipped, brotli] = await Promise.all([compress(entry.bodies.identity, 'gzip'), compress(entry.bodies.identity, 'br')]);
  addEncoding(entry, 'gzip', gzipped);
  addEncoding(entry, 'br', brotli);
  return entry;
}

// Accept-Encoding values repeat (a handful of browsers and CDNs), so the answer is remembered.
const encodingChoices = new Map<string, readonly PageEncoding[]>();
const MAX_REMEMBERED_CHOICES = 100;
const IDENTITY_ONLY: readonly PageEncoding[] = ['identity'];

/** The encodings a request accepts, best first: br, gzip, then identity, which is always last (q=0 refuses the others). */
export function acceptedEncodings(acceptEncoding: string | undefined): readonly PageEncoding[] {
  if (!acceptEncoding) return IDENTITY_ONLY;
  const remembered = encodingChoices.get(acceptEncoding);
  if (remembered) return remembered;
  const accepted = new Set<string>();
  let any = false;
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [token = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (q !== undefined && !(Number(q) > 0)) continue;
    if (token.trim() === '*') any = true;
    else accepted.add(token.trim());
  }
  const choice: PageEncoding[] = [];
  if (accepted.has('br') || any) choice.push('br');
  if (accepted.has('gzip') || accepted.has('x-gzip') || any) choice.push('gzip');
  choice.push('identity');
  if (encodingChoices.size >= MAX_REMEMBERED_CHOICES) encodingChoices.clear();
  encodingChoices.set(acceptEncoding, choice);
  return choice;
}

/** The best encoding of this entry that a request accepts, among those made so far. */
export function encodingFor(entry: PageEntry, accepted: readonly PageEncoding[]): PageEncoding {
  for (const encoding of accepted) if (entry.bodies[encoding]) return encoding;
  return 'identity';
}

/** Whether an If-None-Match header names this entry (weak comparison, as RFC 9110 asks for GET). */
export function matchesEntry(ifNoneMatch: string | undefined, entry: PageEntry): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => entry.etags.has(tag.trim().replace(/^W\//, '')));
}

export interface PageCacheOptions {
  /** Bound on the bytes held (every encoding made, and headers); default 64 MB, the app passes XINWEN_PAGE_CACHE_MB (48 by default). */
  maxBytes?: number;
  /**
   * How long an entry may be served, default 10 minutes: a safety net for writers whose
   * purges cannot reach this process (CLI commands on the embedded database), and for what
   * changes without a purge (most-read lists, audio becoming ready).
   */
  ttlMs?: number;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
}

export interface PageCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  fills: number;
  /** Entries dropped by purges since start. */
  purged: number;
  /** Surrogate keys that name at least one entry (the purge index's size). */
  indexedKeys: number;
}

/**
 * Rendered pages held as ready-to-send Buffers, least recently used first out, bounded by
 * bytes; purged by surrogate key, never as a whole.
 */
export interface PageCache {
  /** The entry under this key, unless it is older than the TTL (or its own max age). */
  get(key: string): PageEntry | undefined;
  /**
   * Stores an entry, unless a purge has happened since `epoch` (then the render may predate
   * the change that purge announced, and storing it would bring the old page back). Returns
   * whether it was stored.
   */
  set(key: string, entry: PageEntry, epoch: number): boolean;
  /** Counts purges: read it before a render and hand it to `set`. */
  epoch(): number;
  /**
   * Makes this encoding of a stored entry in the thread pool, unless it exists or is being
   * made, and adds it once made if the entry is still the one under `key` (not purged,
   * evicted or replaced meanwhile). Readers are sent what exists until then.
   */
  encode(key: string, entry: PageEntry, encoding: PageEncoding): void;
  /** Resolves once every encoding being made has been added or dropped (tests). */
  settled(): Promise<void>;
  /** Drops every entry carrying any of these surrogate keys; returns how many were dropped. */
  purge(keys: readonly string[]): number;
  /**
   * Drops every entry of this process's cache (renders in progress are not stored either),
   * when its purge feed had a gap and any entry may be one a lost purge named. Nothing
   * outside this process (a CDN, nginx, other processes) is touched.
   */
  forgetAll(): number;
  stats(): PageCacheStats;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_TTL_MS = 10 * 60_000;

/** Creates a page cache; see {@link PageCacheOptions} for the defaults. */
export function createPageCache(options: PageCacheOptions = {}): PageCache {
  const { maxBytes = DEFAULT_MAX_BYTES, ttlMs = DEFAULT_TTL_MS, now = Date.now } = options;
  // surrogate key -> cache keys of the entries carrying it; emptied as entries leave.
  const index = new Map<string, Set<string>>();
  const unindex = (cacheKey: string, entry: PageEntry) => {
    for (const key of entry.keys) {
      const holders = index.get(key);
      if (!holders) continue;
      holders.delete(cacheKey);
      if (holders.size === 0) index.delete(key);
    }
  };
  const lru = new LRUCache<string, PageEntry>({
    maxSize: maxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.size),
    // Evicted, deleted, purged or expired: whichever way an entry leaves, its keys go with it.
    dispose: (entry, cacheKey) => unindex(cacheKey, entry),
  });
  /** Puts an entry under its key and in the purge index; false when it does not fit. */
  const store = (key: string, entry: PageEntry): boolean => {
    // Deleting first lets dispose unindex the old entry before the new one is indexed.
    lru.delete(key);
    lru.set(key, entry);
    if (!lru.has(key)) return false;
    for (const surrogate of entry.keys) {
      let holders = index.get(surrogate);
      if (!holders) index.set(surrogate, (holders = new Set()));
      holders.add(key);
    }
    return true;
  };
  let epoch = 0;
  let hits = 0;
  let misses = 0;
  let fills = 0;
  let purged = 0;
  // Encodings being made, per entry, so that many readers asking at once start one.
  const making = new WeakMap<PageEntry, Set<PageEncoding>>();
  const inFlight = new Set<Promise<void>>();
  return {
    get(key) {
      const entry = lru.get(key);
      if (entry && now() - entry.createdAt < Math.min(ttlMs, entry.maxAgeMs)) {
        hits++;
        return entry;
      }
      if (entry) lru.delete(key);
      misses++;
      return undefined;
    },
    set(key, entry, since) {
      if (since !== epoch || entry.size > maxBytes) return false;
      if (!store(key, entry)) return false;
      fills++;
      return true;
    },
    epoch: () => epoch,
    encode(key, entry, wanted) {
      if (wanted === 'identity' || entry.bodies[wanted]) return;
      let started = making.get(entry);
      if (started?.has(wanted)) return;
      if (!started) making.set(entry, (started = new Set()));
      started.add(wanted);
      const made = compress(entry.bodies.identity, wanted).then(
        (body) => {
          started.delete(wanted);
          if (lru.peek(key) !== entry) return;
          addEncoding(entry, wanted, body);
          // Stored again so the copy counts against the bound (lru-cache sizes an entry when it is set).
          store(key, entry);
        },
        () => {
          // The page is still sent as it is: uncompressed is slower, never wrong.
          started.delete(wanted);
        },
      );
      inFlight.add(made);
      void made.finally(() => inFlight.delete(made));
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    purge(keys) {
      epoch++;
      let dropped = 0;
      for (const key of keys) {
        for (const cacheKey of [...(index.get(key) ?? [])]) if (lru.delete(cacheKey)) dropped++;
      }
      purged += dropped;
      return dropped;
    },
    forgetAll() {
      epoch++;
      const dropped = lru.size;
      lru.clear();
      purged += dropped;
      return dropped;
    },
    stats: () => ({ entries: lru.size, bytes: lru.calculatedSize, hits, misses, fills, purged, indexedKeys: index.size }),
  };
}
