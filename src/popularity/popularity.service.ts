import type { CounterSink, CounterStore } from '../platform/counters/counter-store.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import type { PeriodicTask } from '../platform/jobs/periodic.js';
import { createArticleCache, type CachedArticle } from './article-cache.js';
import { createMostReadCache, type MostReadLists } from './most-read.js';
import { pruneViewHistory, writeViewBatch } from './popularity.store.js';
import { createReaderKeys } from './reader-key.js';
import { whyNotCounted, type NotCountedReason } from './request-filter.js';
import { HOUR_MS, hourIndex, hourKey, parseViewCounts, totalKey } from './view-keys.js';

export type { MostReadLists };

/** A reader counts once per article in this window. */
export const DEDUP_SECONDS = 30 * 60;
/** Default time between flushes of the counters to the database: the most a crash can lose. */
export const FLUSH_INTERVAL_MS = 5_000;
/** Hourly buckets are kept this long (the 7-day list plus a day). */
const KEEP_HOURS_MS = 8 * 24 * HOUR_MS;
/** Written batch ids are kept this long; a batch is retried within minutes, never days. */
const KEEP_BATCH_IDS_MS = 2 * 24 * HOUR_MS;

export interface PopularityOptions {
  db: Db;
  /** Where views are counted before they are flushed: memory (embedded) or Redis (scale mode). */
  counters: CounterStore;
  /** Clock, for tests. Default `() => new Date()`. */
  now?: () => Date;
  /** Default FLUSH_INTERVAL_MS. */
  flushIntervalMs?: number;
}

/** One beacon request, as the route sees it. */
export interface ViewRequest {
  articleId: number;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface ViewAnswer {
  views: number;
  counted: boolean;
  /** Why it was not counted. */
  reason?: NotCountedReason | 'duplicate' | 'closing';
}

/** What the reader pages need: the count at render time and the most-read lists. */
export interface PopularityPages {
  /** 人气 of a published article now (flushed + not yet flushed); no database query once cached. */
  viewsOf(articleId: number): Promise<number>;
  /** 24-hour and 7-day most-read lists, site-wide or for one section; cached ~60 s per process. */
  mostRead(sectionId?: number): Promise<MostReadLists>;
}

export interface Popularity extends PopularityPages {
  /** Counts a view unless it is a bot, a prefetch, cross-site or a repeat; 404 for unpublished ids. */
  recordView(request: ViewRequest): Promise<ViewAnswer>;
  /** Writes every counted view to the database, then re-reads the cached articles. */
  flush(): Promise<void>;
  /** Periodic work for the job runner: the flush, and pruning old hourly buckets. */
  readonly tasks: PeriodicTask[];
  /** Views counted and not counted by this process since it started, by reason. */
  stats(): { counted: number; notCounted: Record<string, number> };
  /** Stops counting, waits for views being counted and flushes them all (shutdown). */
  close(): Promise<void>;
}

/**
 * 人气: counts views into the counter store (one reader once per article per 30 minutes),
 * flushes them to the database in batches, and serves counts and most-read lists from
 * per-process caches, so a view costs no database query.
 */
export function createPopularity(options: PopularityOptions): Popularity {
  const { db, counters } = options;
  const now = options.now ?? (() => new Date());
  const cache = createArticleCache(db, { now });
  const readerKeys = createReaderKeys(db, now);
  const mostReadCache = createMostReadCache(db, now);
  const counted = { n: 0 };
  const notCounted: Record<string, number> = {};
  let closing = false;
  let busy = 0;
  let idle: (() => void) | null = null;

  const entryFor = async (articleId: number): Promise<CachedArticle> => {
    const entry = cache.peek(articleId) ?? (await cache.load(articleId));
    if (!entry.published) throw new NotFoundError('这篇文章不存在或已撤下。');
    return entry;
  };
  const show = (entry: CachedArticle, pending: number) => {
    entry.shown = Math.max(entry.shown, entry.flushed + pending);
    return entry.shown;
  };
  const skip = async (entry: CachedArticle, articleId: number, reason: NonNullable<ViewAnswer['reason']>): Promise<ViewAnswer> => {
    notCounted[reason] = (notCounted[reason] ?? 0) + 1;
    const [pending = 0] = await counters.pending([totalKey(articleId)]);
    return { views: show(entry, pending), counted: false, reason };
  };

  let flushedTotals: Map<number, number>[] = [];
  const sink: CounterSink = async (batch) => {
    const counts = parseViewCounts(batch.counts);
    if (await writeViewBatch(db, batch.id, counts, now().toISOString())) flushedTotals.push(counts.totals);
  };
  const flush = async () => {
    try {
      await counters.flush(sink);
    } finally {
      // Counts leave the store before they are added here: an answer in between is low, never high.
      for (const totals of flushedTotals) cache.addFlushed(totals);
      flushedTotals = [];
    }
    await cache.refresh();
  };

  const recordView = async ({ articleId, ip, headers }: ViewRequest): Promise<ViewAnswer> => {
    const entry = await entryFor(articleId);
    if (closing) return skip(entry, articleId, 'closing');
    const reason = whyNotCounted(headers);
    if (reason) return skip(entry, articleId, reason);
    busy++;
    try {
      const userAgent = typeof headers['user-agent'] === 'string' ? headers['user-agent'] : '';
      const key = await readerKeys.keyFor({ ip, userAgent, articleId });
      const at = now();
      const result = await counters.increment([totalKey(articleId), hourKey(articleId, hourIndex(at))], {
        key,
        ttlSeconds: DEDUP_SECONDS,
      });
      if (!result.counted) notCounted.duplicate = (notCounted.duplicate ?? 0) + 1;
      else counted.n++;
      const views = show(entry, result.pending[0] ?? 0);
      return result.counted ? { views, counted: true } : { views, counted: false, reason: 'duplicate' };
    } finally {
      busy--;
      if (busy === 0) idle?.();
    }
  };

  return {
    recordView,

    async viewsOf(articleId) {
      const entry = await entryFor(articleId);
      const [pending = 0] = await counters.pending([totalKey(articleId)]);
      return show(entry, pending);
    },

    mostRead: (sectionId) => mostReadCache.get(sectionId),

    flush,

    tasks: [
      // Once closing, close() does the last flush itself.
      { name: 'flush-views', intervalMs: options.flushIntervalMs ?? FLUSH_INTERVAL_MS, run: async () => (closing ? undefined : flush()) },
      {
        name: 'prune-view-history',
        intervalMs: HOUR_MS,
        run: async (at) => {
          const hourStart = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
          return pruneViewHistory(
            db,
            new Date(hourStart - KEEP_HOURS_MS).toISOString(),
            new Date(at.getTime() - KEEP_BATCH_IDS_MS).toISOString(),
          );
        },
      },
    ],

    stats: () => ({ counted: counted.n, notCounted: { ...notCounted } }),

    async close() {
      closing = true;
      if (busy > 0) await new Promise<void>((resolve) => (idle = resolve));
      try {
        await counters.flush(sink);
      } catch {
        // One retry: the batch is kept with its id, so a write that did land is not doubled.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await counters.flush(sink);
      }
      await counters.close();
    },
  };
}
