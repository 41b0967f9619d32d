import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import type { SiteContext } from '../web/site-context.js';
import { surrogateKey, surrogateKeys } from '../web/surrogate-keys.js';
import { feedPath, NEWS_SITEMAP_PATH, SITEMAP_INDEX_PATH, type FeedFormat, type FeedScope } from './feed-urls.js';
import { renderFeed } from './feeds.service.js';
import { renderArticleSitemap, renderNewsSitemap, renderSitemapIndex } from './sitemaps.service.js';

export interface FeedRoutesOptions {
  db: Db;
  siteContext(request: FastifyRequest): Promise<SiteContext>;
  /** Clock for the news sitemap's 48-hour window (tests). */
  now?: () => Date;
}

const CONTENT_TYPE: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

function param(request: FastifyRequest, name: string): string {
  const value = (request.params as Record<string, string | undefined>)[name];
  if (value === undefined) throw new NotFoundError();
  return value;
}

/** Like the reader pages: the same for everyone, cached under `feeds` or `sitemaps` (every publish purges both). */
function sendXml(reply: FastifyReply, type: string, body: string, key: string) {
  return surrogateKeys(reply, [key]).type(type).send(body);
}

/** RSS and Atom feeds of the site, each section, each tag and each story; the sitemap index, article sitemaps and news sitemap. */
export async function feedRoutes(app: FastifyInstance, { db, siteContext, now = () => new Date() }: FeedRoutesOptions): Promise<void> {
  const feed = (format: FeedFormat, scopeOf: (request: FastifyRequest) => FeedScope) => async (request: FastifyRequest, reply: FastifyReply) => {
    const site = await siteContext(request);
    return sendXml(reply, CONTENT_TYPE[format], await renderFeed(db, site, scopeOf(request), format), surrogateKey.feeds);
  };
  for (const format of ['rss', 'atom'] as const) {
    // The same shapes feedPath builds (feed-urls.ts), with the slug and tag as parameters.
    const file = feedPath({ kind: 'site' }, format);
    app.get(file, feed(format, () => ({ kind: 'site' })));
    app.get(`/section/:slug${file}`, feed(format, (request) => ({ kind: 'section', slug: param(request, 'slug') })));
    app.get(`/tag/:name${file}`, feed(format, (request) => ({ kind: 'tag', name: param(request, 'name') })));
    app.get(`/story/:slug${file}`, feed(format, (request) => ({ kind: 'story', slug: param(request, 'slug') })));
  }

  app.get(SITEMAP_INDEX_PATH, async (request, reply) =>
    sendXml(reply, 'application/xml; charset=utf-8', await renderSitemapIndex(db, await siteContext(request)), surrogateKey.sitemaps),
  );
  app.get(NEWS_SITEMAP_PATH, async (request, reply) =>
    sendXml(reply, 'application/xml; charset=utf-8', await renderNewsSitemap(db, await siteContext(request), now()), surrogateKey.sitemaps),
  );
  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (request, reply) => {
    // articleSitemapPath(n) is /sitemaps/articles-{n}.xml.
    const match = /^articles-(\d{1,6})\.xml$/.exec(request.params.file);
    const n = match ? Number(match[1]) : 0;
    if (n < 1) throw new NotFoundError('没有这个站点地图。');
    return sendXml(reply, 'application/xml; charset=utf-8', await renderArticleSitemap(db, await siteContext(request), n), surrogateKey.sitemaps);
  });
}
