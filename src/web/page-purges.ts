import { publishedArticleTexts } from '../articles/article-text.service.js';
import type { ArticleEvent } from '../articles/publish-events.js';
import type { PurgeChannel } from '../platform/cache/purge-channel.js';
import type { Db } from '../platform/db/database.js';
import { storyOfArticle } from '../stories/stories.service.js';
import { surrogateKey } from './surrogate-keys.js';

/**
 * The lists an article is in now (its section, tags, reporters, story): a newly published or
 * moved article joins them, so they are purged with it.
 */
async function listKeysOf(db: Db, articleId: number): Promise<string[]> {
  const [[text], story] = await Promise.all([publishedArticleTexts(db, [articleId]), storyOfArticle(db, articleId)]);
  const keys: string[] = [];
  if (story) keys.push(surrogateKey.story(story.slug));
  if (text) {
    keys.push(surrogateKey.section(text.sectionId));
    for (const tag of text.tags) keys.push(surrogateKey.tag(tag));
    for (const reporter of text.reporterIds) keys.push(surrogateKey.reporter(reporter));
  }
  return keys;
}

// Purges not yet published, per database handle (see pagePurgesSettled).
const pending = new WeakMap<Db, Set<Promise<void>>>();

function track(db: Db, purge: Promise<void>): void {
  let running = pending.get(db);
  if (!running) pending.set(db, (running = new Set()));
  const tracked = purge.then(
    () => undefined,
    () => undefined,
  );
  running.add(tracked);
  void tracked.then(() => running.delete(tracked));
}

// The channel services purge through directly, and where its failures are reported, per database handle (see purgePages).
const channels = new WeakMap<Db, { purges: PurgeChannel; log: PurgeFailureLog }>();

/** Where a failed direct purge is reported (the app's logger). */
export interface PurgeFailureLog {
  error(details: object, message: string): void;
}

/**
 * Lets services on this database handle purge pages for changes that are not article events
 * (a story's title, or its list of articles). The app attaches its purge channel; returns the
 * detach.
 */
export function attachPagePurges(db: Db, purges: PurgeChannel, log: PurgeFailureLog): () => void {
  const attached = { purges, log };
  channels.set(db, attached);
  return () => {
    if (channels.get(db) === attached) channels.delete(db);
  };
}

/**
 * Purges the pages carrying these keys, after a committed change; a write request is answered
 * once it is out (pagePurgesSettled). Without an attached channel (a command on the embedded
 * database, which cannot reach the server's cache) it does nothing, and a failure is logged:
 * either way the page cache's TTL bounds how long such a page stays.
 */
export function purgePages(db: Db, keys: readonly string[]): void {
  const attached = channels.get(db);
  if (!attached || keys.length === 0) return;
  const unique = [...new Set(keys)];
  track(
    db,
    attached.purges.publish(unique).catch((error: unknown) => attached.log.error({ err: error, keys: unique }, 'page purge failed')),
  );
}

/**
 * Purges the pages an article event changes. The article's own key (every page showing it
 * carries it: its page, and every list that lists it, including the lists it has just left),
 * home, feeds and sitemaps go at once, before the event's emitter gets control back when the
 * channel is in process; the lists it is in now follow once read from the database.
 */
export function purgePagesFor(db: Db, event: ArticleEvent, purges: PurgeChannel): Promise<void> {
  const immediate = purges.publish([surrogateKey.article(event.articleId), surrogateKey.home, surrogateKey.feeds, surrogateKey.sitemaps]);
  const lists = (async () => {
    await immediate;
    await purges.publish(await listKeysOf(db, event.articleId));
  })();
  track(db, lists);
  return lists;
}

/**
 * Resolves once every purge started on this handle has been published (failed ones included:
 * the bus retries those). A write request waits for it before answering, so the editor who
 * published opens the pages fresh.
 */
export async function pagePurgesSettled(db: Db): Promise<void> {
  const running = pending.get(db);
  while (running && running.size > 0) await Promise.all([...running]);
}
