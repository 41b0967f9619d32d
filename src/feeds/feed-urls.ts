/**
 * Every feed and sitemap address, built in one place. Paths are within an edition (each
 * edition has its own feeds and sitemaps under its prefix); make them absolute with `pageUrl`
 * from the site context.
 */

export type FeedFormat = 'rss' | 'atom';

/** What a feed covers: the whole site, one section (by slug), one tag (by name) or one 专题 story (by slug). */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; slug: string }
  | { kind: 'tag'; name: string }
  | { kind: 'story'; slug: string };

const FILE: Record<FeedFormat, string> = { rss: 'feed.xml', atom: 'atom.xml' };

/** The list page a feed mirrors (the same prefixes as the reader routes). */
export function scopePagePath(scope: FeedScope): string {
  if (scope.kind === 'section') return `/section/${encodeURIComponent(scope.slug)}`;
  if (scope.kind === 'tag') return `/tag/${encodeURIComponent(scope.name)}`;
  if (scope.kind === 'story') return `/story/${encodeURIComponent(scope.slug)}`;
  return '/';
}

/** e.g. /feed.xml, /section/china/atom.xml, /tag/%E6%B5%8B%E8%AF%95/feed.xml */
export function feedPath(scope: FeedScope, format: FeedFormat): string {
  const page = scopePagePath(scope);
  return `${page === '/' ? '' : page}/${FILE[format]}`;
}

/** The sitemap index, listing every article sitemap. */
export const SITEMAP_INDEX_PATH = '/sitemap.xml';
/** The Google News sitemap (the last 48 hours). */
export const NEWS_SITEMAP_PATH = '/sitemaps/news.xml';

/** Article sitemap number `n` (1-based). */
export function articleSitemapPath(n: number): string {
  return `/sitemaps/articles-${n}.xml`;
}

/** A stable permanent address of an article, used as the feed GUID / Atom id: it never changes on edits. */
export function articlePermanentPath(id: number): string {
  return `/${id}.html`;
}

/** `<link rel="alternate">` entries for a page: RSS and Atom of `scope`. */
export interface FeedLink {
  type: 'application/rss+xml' | 'application/atom+xml';
  title: string;
  path: string;
}

/** The scopes that have a podcast of their articles' audio (src/listen/podcast.service.ts). */
export type PodcastScope = Extract<FeedScope, { kind: 'site' } | { kind: 'section' }>;

/** e.g. /podcast.xml, /section/china/podcast.xml */
export function podcastPath(scope: PodcastScope): string {
  const page = scopePagePath(scope);
  return `${page === '/' ? '' : page}/podcast.xml`;
}

/** The RSS and Atom links of one scope, titled `title`, and its podcast for the site and a section. */
export function feedLinks(scope: FeedScope, title: string): FeedLink[] {
  return [
    { type: 'application/rss+xml', title, path: feedPath(scope, 'rss') },
    { type: 'application/atom+xml', title: `${title} (Atom)`, path: feedPath(scope, 'atom') },
    ...(scope.kind === 'site' || scope.kind === 'section' ? [{ type: 'application/rss+xml' as const, title: `${title}播客`, path: podcastPath(scope) }] : []),
  ];
}
