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
  /** Loads the entry; concurrent misses are read in one query. Unknown ids are cached as unpublished. */
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
  let queued = new Map<number, { resolve: (e: CachedArticle) => void; reject: (e: unknown) => void }[]>();
  let scheduled = false;

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

  const loadQueued = async () => {
    scheduled = false;
    const batch = queued;
    queued = new Map();
    try {
      const states = new Map((await articleViewStates(db, [...batch.keys()])).map((s) => [s.id, s]));
      for (const [id, waiters] of batch) {
        const state = states.get(id);
        const entry = store(id, state?.published ?? false, state?.views ?? 0);
        for (const w of waiters) w.resolve(entry);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  };

  return {
    peek(id) {
      const entry = entries.get(id);
      if (entry) entry.usedAt = options.now().getTime();
      return entry;
    },

    load(id) {
      return new Promise<CachedArticle>((resolve, reject) => {
        const waiters = queued.get(id);
        if (waiters) waiters.push({ resolve, reject });
        else queued.set(id, [{ resolve, reject }]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => void loadQueued());
        }
      });
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
