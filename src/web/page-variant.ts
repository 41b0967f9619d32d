import { createHash } from 'node:crypto';
import { siteSettings } from '../articles/outlet.service.js';
import { newsroomConverter } from '../dictionary/dictionary.service.js';
import type { Db } from '../platform/db/database.js';

// The layout hash of each settings value siteSettings hands out (one value per 5 s at most).
const layoutHashes = new WeakMap<object, string>();

/**
 * What every cached page depends on besides its own data: the newsroom converter's fingerprint
 * (the dictionary and the Taiwan-phrases setting convert every page) and the layout (outlet
 * settings and sections, shown in every page's masthead and navigation). It is part of the
 * page cache's key, so such a change makes the old entries unreachable (they age out of the
 * LRU) instead of needing a site-wide purge. A change made in this process is noticed at once;
 * one made by another, within the dictionary's RECHECK_MS and siteSettings' TTL.
 */
export async function pageVariant(db: Db): Promise<string> {
  const [converter, settings] = await Promise.all([newsroomConverter(db), siteSettings(db)]);
  let layout = layoutHashes.get(settings);
  if (layout === undefined) {
    layout = createHash('sha256').update(JSON.stringify([settings.outlet, settings.sections])).digest('base64url').slice(0, 12);
    layoutHashes.set(settings, layout);
  }
  return `${converter.fingerprint}.${layout}`;
}
