import { createHash } from 'node:crypto';
import { allSections, outletSettings } from '../articles/outlet.service.js';
import { newsroomConverter, RECHECK_MS } from '../dictionary/dictionary.service.js';
import type { Db } from '../platform/db/database.js';

export interface PageVariantOptions {
  /** How often the outlet settings and sections are re-read; default the dictionary's {@link RECHECK_MS}. */
  recheckMs?: number;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
}

/**
 * What every cached page depends on besides its own data: the newsroom converter's fingerprint
 * (the dictionary and the Taiwan-phrases setting convert every page) and the layout (outlet
 * settings and sections, shown in every page's masthead and navigation). It is part of the
 * page cache's key, so such a change makes the old entries unreachable (they age out of the
 * LRU) instead of needing a site-wide purge. The dictionary is noticed at once after a change
 * in this process, within RECHECK_MS after another's; the layout, changed only by CLI
 * commands (another process), within `recheckMs`.
 */
export function createPageVariant(db: Db, options: PageVariantOptions = {}): () => Promise<string> {
  const { recheckMs = RECHECK_MS, now = Date.now } = options;
  let layout: string | null = null;
  let checkedAt = -Infinity;
  let reading: Promise<string> | null = null;
  const readLayout = async () => {
    const [outlet, sections] = await Promise.all([outletSettings(db), allSections(db)]);
    return createHash('sha256').update(JSON.stringify([outlet, sections])).digest('base64url').slice(0, 12);
  };
  const currentLayout = async (): Promise<string> => {
    const at = now();
    if (layout !== null && at - checkedAt < recheckMs) return layout;
    reading ??= readLayout()
      .then((value) => {
        layout = value;
        checkedAt = at;
        return value;
      })
      .finally(() => {
        reading = null;
      });
    return reading;
  };
  return async () => {
    const [converter, layoutHash] = await Promise.all([newsroomConverter(db), currentLayout()]);
    return `${converter.fingerprint}.${layoutHash}`;
  };
}
