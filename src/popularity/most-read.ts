import type { Db } from '../platform/db/database.js';
import { mostReadSince, type MostReadItem } from './popularity.store.js';
import { HOUR_MS } from './view-keys.js';

export type { MostReadItem };

/** The two most-read lists. */
export interface MostReadLists {
  /** The last 24 hourly buckets (this hour and the 23 before it). */
  day: MostReadItem[];
  /** The last 168 hourly buckets. */
  week: MostReadItem[];
}

/** Entries per list; pages show fewer. */
export const MOST_READ_SIZE = 10;
/** How long a process reuses a list before asking the database again. */
export const MOST_READ_TTL_MS = 60_000;

/** Most-read lists per scope (site-wide or one section), computed at most once a minute per process. */
export function createMostReadCache(db: Db, now: () => Date) {
  const cached = new Map<string, { at: number; lists: Promise<MostReadLists> }>();

  const compute = async (sectionId: number | undefined): Promise<MostReadLists> => {
    const thisHour = Math.floor(now().getTime() / HOUR_MS) * HOUR_MS;
    const since = (hours: number) => new Date(thisHour - (hours - 1) * HOUR_MS).toISOString();
    const scope = sectionId === undefined ? {} : { sectionId };
    const [day, week] = await Promise.all([
      mostReadSince(db, { since: since(24), limit: MOST_READ_SIZE, ...scope }),
      mostReadSince(db, { since: since(24 * 7), limit: MOST_READ_SIZE, ...scope }),
    ]);
    return { day, week };
  };

  return {
    get(sectionId?: number): Promise<MostReadLists> {
      const key = sectionId === undefined ? 'all' : String(sectionId);
      const at = now().getTime();
      const hit = cached.get(key);
      if (hit && at - hit.at < MOST_READ_TTL_MS && at >= hit.at) return hit.lists;
      const lists = compute(sectionId);
      cached.set(key, { at, lists });
      // A failed query is not kept: the next page asks again.
      lists.catch(() => {
        if (cached.get(key)?.lists === lists) cached.delete(key);
      });
      return lists;
    },
  };
}
