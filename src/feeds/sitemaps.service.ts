import { articlePath } from '../articles/article.service.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import { EDITION_LIST, editionPath } from '../web/editions.js';
import { absoluteUrl, pageUrl, type SiteContext } from '../web/site-context.js';
import { articleSitemapPath, NEWS_SITEMAP_PATH, SITEMAP_INDEX_PATH } from './feed-urls.js';
import { publishedBetween, publishedIdBuckets, publishedInIdRange } from './feeds.store.js';
import { editionLanguage } from './feeds.service.js';

/**
 * Article ids per article sitemap: file n holds ids ((n-1)·5000, n·5000], so an article stays in
 * the same file for good and no file exceeds the protocol's 50,000 URLs.
 */
export const IDS_PER_SITEMAP = 5_000;
/** Google News: articles of the last 48 hours, at most 1,000 of them. */
export const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;
export const NEWS_MAX_ENTRIES = 1_000;

/** Escapes text and attribute values for XML. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** The sitemap index: the news sitemap and one article sitemap per non-empty id range. */
export async function renderSitemapIndex(db: Db, site: Pick<SiteContext, 'outlet' | 'publicUrl' | 'edition'>): Promise<string> {
  const buckets = await publishedIdBuckets(db, IDS_PER_SITEMAP);
  const entries = [
    `<sitemap><loc>${xmlEscape(pageUrl(site, NEWS_SITEMAP_PATH))}</loc></sitemap>`,
    ...buckets.map(
      (b) =>
        `<sitemap><loc>${xmlEscape(pageUrl(site, articleSitemapPath(b.bucket + 1)))}</loc><lastmod>${xmlEscape(b.lastmod)}</lastmod></sitemap>`,
    ),
  ];
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

/** Article sitemap number `n`: canonical URLs with their last change; an empty or absent range is a 404. */
export async function renderArticleSitemap(db: Db, site: Pick<SiteContext, 'outlet' | 'publicUrl' | 'edition'>, n: number): Promise<string> {
  const articles = await publishedInIdRange(db, (n - 1) * IDS_PER_SITEMAP + 1, n * IDS_PER_SITEMAP);
  if (articles.length === 0) throw new NotFoundError('没有这个站点地图。');
  const urls = articles.map((a) => {
    const loc = pageUrl(site, articlePath({ id: a.id, publishedAt: a.publishedAt }, site.outlet.timezone));
    return `<url><loc>${xmlEscape(loc)}</loc><lastmod>${xmlEscape(a.updatedAt)}</lastmod></url>`;
  });
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n${urls.join('\n')}\n</urlset>\n`;
}

/**
 * The Google News sitemap: articles published in the 48 hours before `now`, newest first, at
 * most `limit`, each with the outlet as `news:publication`.
 */
export async function renderNewsSitemap(db: Db, site: Pick<SiteContext, 'outlet' | 'publicUrl' | 'edition'>, now: Date, limit: number = NEWS_MAX_ENTRIES): Promise<string> {
  const since = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
  const articles = await publishedBetween(db, since, now.toISOString(), limit);
  const publication = `<news:publication><news:name>${xmlEscape(site.outlet.name)}</news:name><news:language>${editionLanguage(site)}</news:language></news:publication>`;
  const urls = articles.map((a) => {
    const loc = pageUrl(site, articlePath({ id: a.id, publishedAt: a.publishedAt }, site.outlet.timezone));
    return (
      `<url><loc>${xmlEscape(loc)}</loc><news:news>${publication}` +
      `<news:publication_date>${xmlEscape(a.publishedAt)}</news:publication_date>` +
      `<news:title>${xmlEscape(a.title)}</news:title></news:news></url>`
    );
  });
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${urls.join('\n')}\n</urlset>\n`;
}

/** The Sitemap: lines robots.txt lists. */
export function robotsSitemapLines(site: Pick<SiteContext, 'publicUrl'>): string {
  return EDITION_LIST.flatMap((edition) => [SITEMAP_INDEX_PATH, NEWS_SITEMAP_PATH].map((path) => `Sitemap: ${absoluteUrl(site, editionPath(edition, path))}\n`)).join('');
}
