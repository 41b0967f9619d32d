import type { FastifyReply } from 'fastify';
import { markSharedPage } from '../platform/cache/page-cache.http.js';

/**
 * The vocabulary of surrogate keys: what a cached page shows, so a purge by key drops exactly
 * the pages a change touches (docs/architecture.md, "Page cache"). A list page carries the key
 * of every article it lists plus its own list key: a retitled, moved or unpublished article
 * purges every page showing it, and a new article purges the lists it joins.
 */
export const surrogateKey = {
  article: (id: number) => `article:${id}`,
  section: (id: number) => `section:${id}`,
  // Tag names and story slugs may hold Chinese or spaces: keys are space-separated ASCII in the header.
  tag: (name: string) => `tag:${encodeURIComponent(name)}`,
  story: (slug: string) => `story:${encodeURIComponent(slug)}`,
  reporter: (id: number) => `reporter:${id}`,
  /** The home page. */
  home: 'home',
  /** Every RSS/Atom feed and podcast: each publish changes the site feed, so all are purged together. */
  feeds: 'feeds',
  /** The sitemap index, the article sitemaps and the news sitemap. */
  sitemaps: 'sitemaps',
} as const;

/**
 * Cache-Control of a shared page. Browsers keep it a minute (readers see a correction soon
 * after it is made, without a purge that could reach them); a CDN or nginx keeps it five
 * minutes, or less when a purge by Surrogate-Key reaches it, and may serve it stale for ten
 * more while it refetches, so a burst after a purge is one request to the origin.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, s-maxage=300, stale-while-revalidate=600';

/**
 * Cache-Control of a page that is the same for everyone but carries no surrogate keys (search
 * results): no purge can reach a shared copy, so shared caches keep it no longer than browsers.
 */
export const UNKEYED_PAGE_CACHE_CONTROL = 'public, max-age=60';

/** Articles listed on a page, as their keys. */
export function articleKeys(items: Iterable<{ id: number }>): string[] {
  return Array.from(items, (item) => surrogateKey.article(item.id));
}

/**
 * Declares the response a shared page with these surrogate keys: it gets the page
 * Cache-Control and a `Surrogate-Key` header (for a CDN's purges), and the page cache keeps a
 * 200 of it (no longer than `maxAgeMs` when given). Call it only where nothing in the response
 * depends on who asks.
 */
export function surrogateKeys(reply: FastifyReply, keys: Iterable<string>, options: { maxAgeMs?: number } = {}): FastifyReply {
  const unique = [...new Set(keys)];
  markSharedPage(reply, { keys: unique, ...options });
  return reply.header('cache-control', PAGE_CACHE_CONTROL).header('surrogate-key', unique.join(' '));
}
