import type { Db } from '../platform/db/database.js';
import { articleViewStates } from './popularity.store.js';

/** What this process knows of an article, so counting a view needs no database query. */
export interface CachedArticle {
  published: boolean;
  /** Views in the database as last read or flushed by this process. */
  flushed: number;
  /** The highest count this process has answered: answers never run backwards. */
  shown: number;
  usedAt: number;
}

export interface ArticleCacheOptions {
  /** Most articles kept; the oldest entries go first. Default 100,000. */
  maxEntries?: number;
  /** Entries not asked for in this long are dropped at the next refresh. Default 10 minutes. */
  idleMs?: number;
  now: () => Date;
}

export interface ArticleCache {
  /** The entry if cached (no I/O). */
  peek(id: number): CachedArticle | undefined;
  /** Loads the entry; concurrent misses share one query. Unknown ids are cached as unpublished. */
  load(id: number): Promise<CachedArticle>;
  /** Adds views this process has just written to the database. */
  addFlushed(totals: ReadonlyMap<number, number>): void;
  /** Re-reads publication state and totals of every cached article; drops idle ones. */
  refresh(): Promise<void>;
  readonly size: number;
}

/**
 * Per-process cache of which articles are published and their flushed totals. Loaded lazily
 * (the first view of an article costs one query, shared by every request waiting for it) and
 * refreshed after each flush, so publishing or unpublishing shows within one flush interval.
 */
export function createArticleCache(db: Db, options: ArticleCacheOptions): ArticleCache {
  const maxEntries = options.maxEntries ?? 100_000;
  const idleMs = options.idleMs ?? 600_000;
  const entries = new Map<number, CachedArticle>();
  // Loads under way, so every request for an article whose query is running shares it; and
  // the ids asked for in this turn of the event loop, read together at its end. The batch is
  // read in a microtask, not after the next I/O poll: a request never waits for other
  // requests' work to be done first (on SQLite a page is rendered in one turn).
  const loading = new Map<number, Promise<CachedArticle>>();
  let batch: Map<number, { resolve: (e: CachedArticle) => void; reject: (e: unknown) => void }> | null = null;

  const store = (id: number, published: boolean, flushed: number): CachedArticle => {
    const at = options.now().getTime();
    const existing = entries.get(id);
    if (existing) {
      existing.published = published;
      existing.flushed = flushed;
      return existing;
    }
    if (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (!oldest.done) entries.delete(oldest.value);
    }
    const entry = { published, flushed, shown: 0, usedAt: at };
    entries.set(id, entry);
    return entry;
  };

  const loadBatch = async () => {
    const waiting = batch ?? new Map();
    batch = null;
    try {
      const states = new Map((await articleViewStates(db, [...waiting.keys()])).map((s) => [s.id, s]));
      for (const [id, waiter] of waiting) {
        const state = states.get(id);
        waiter.resolve(store(id, state?.published ?? false, state?.views ?? 0));
      }
    } catch (error) {
      for (const waiter of waiting.values()) waiter.reject(error);
    } finally {
      for (const id of waiting.keys()) loading.delete(id);
    }
  };

  return {
    peek(id) {
      const entry = entries.get(id);
      if (entry) entry.usedAt = options.now().getTime();
      return entry;
    },

    load(id) {
      const underWay = loading.get(id);
      if (underWay) return underWay;
      const loaded = new Promise<CachedArticle>((resolve, reject) => {
        if (!batch) {
          batch = new Map();
          queueMicrotask(() => void loadBatch());
        }
        batch.set(id, { resolve, reject });
      });
      loading.set(id, loaded);
      return loaded;
    },

    addFlushed(totals) {
      for (const [id, views] of totals) {
        const entry = entries.get(id);
        if (entry) entry.flushed += views;
      }
    },

    async refresh() {
      const idleBefore = options.now().getTime() - idleMs;
      for (const [id, entry] of entries) if (entry.usedAt < idleBefore) entries.delete(id);
      const ids = [...entries.keys()];
      const states = new Map((await articleViewStates(db, ids)).map((s) => [s.id, s]));
      for (const id of ids) {
        const entry = entries.get(id);
        if (!entry) continue;
        const state = states.get(id);
        entry.published = state?.published ?? false; // missing: deleted meanwhile
        entry.flushed = state?.views ?? 0;
      }
    },

    get size() {
      return entries.size;
    },
  };
}
