import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { convertWithArticleOverrides } from '../editions/editions.routes.js';
import { feedLinks } from '../feeds/feed-urls.js';
import { mediaForBody } from '../media/media.service.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import { MOST_READ_TTL_MS } from '../popularity/most-read.js';
import type { MostReadLists, PopularityPages } from '../popularity/popularity.service.js';
import { renderDocument } from '../web/render.js';
import { articleQrPath, qrCodeSvg } from '../web/share.js';
import { articleKeys, surrogateKey, surrogateKeys } from '../web/surrogate-keys.js';
import { pageUrl, sitePath, type SiteContext } from '../web/site-context.js';
import { articlePath } from './article.service.js';
import { ArticlePage } from './article-page.view.js';
import { HomePage, ListPage } from './list-pages.view.js';
import {
  articlePageData,
  canonicalArticlePath,
  homePageData,
  parseId,
  parsePage,
  reporterPageData,
  sectionPageData,
  tagPageData,
} from './reader.service.js';

export interface ReaderRoutesOptions {
  db: Db;
  /** Outlet, sections, assets and public URL for this request. */
  siteContext(request: FastifyRequest): Promise<SiteContext>;
  /** 人气 and 阅读排行 for the pages; without it the pages show neither. */
  popularity?: PopularityPages;
}

/**
 * Public pages are the same for every reader: cached (here and by a CDN) under surrogate keys.
 * A page with 阅读排行 lists is kept no longer than the lists are, so they stay as current as
 * they were without the page cache.
 */
function sendPage(reply: FastifyReply, page: VNode, keys: Iterable<string>, mostRead?: MostReadLists) {
  const listed = mostRead ? articleKeys([...mostRead.day, ...mostRead.week]) : [];
  return surrogateKeys(reply, [...keys, ...listed], mostRead ? { maxAgeMs: MOST_READ_TTL_MS } : {})
    .type('text/html; charset=utf-8')
    .send(renderDocument(page));
}

type PageQuery = { Querystring: { page?: string } };

/** An article's QR code changes only if its date is edited (the old address still redirects). */
const QR_CACHE_CONTROL = 'public, max-age=86400';

/** The reader site: home, section, tag, reporter and article pages, and redirects to canonical URLs. */
export async function readerRoutes(app: FastifyInstance, { db, siteContext, popularity }: ReaderRoutesOptions): Promise<void> {
  app.get('/', async (request, reply) => {
    const site = await siteContext(request);
    const [data, mostRead] = await Promise.all([homePageData(db, site.outlet.defaultSectionSlug), popularity?.mostRead()]);
    const listed = [...(data.lead ? [data.lead] : []), ...data.latest, ...data.sectionBlocks.flatMap((b) => b.items)];
    return sendPage(reply, <HomePage site={site} {...data} mostRead={mostRead} />, [surrogateKey.home, ...articleKeys(listed)], mostRead);
  });

  app.get<{ Params: { slug: string } } & PageQuery>('/section/:slug', async (request, reply) => {
    const page = parsePage(request.query.page);
    const site = await siteContext(request);
    const { section, ...list } = await sectionPageData(db, request.params.slug, page);
    const basePath = `/section/${encodeURIComponent(section.slug)}`;
    const mostRead = await popularity?.mostRead(section.id);
    return sendPage(
      reply,
      <ListPage
        site={site}
        heading={section.name}
        items={list.items}
        pagination={{ ...list, basePath }}
        activeSection={section.slug}
        mostRead={mostRead}
        feeds={feedLinks({ kind: 'section', slug: section.slug }, `${section.name} - ${site.outlet.name}`)}
      />,
      [surrogateKey.section(section.id), ...articleKeys(list.items)],
      mostRead,
    );
  });

  app.get<{ Params: { name: string } } & PageQuery>('/tag/:name', async (request, reply) => {
    const page = parsePage(request.query.page);
    const site = await siteContext(request);
    const tag = request.params.name;
    const list = await tagPageData(db, tag, page);
    const basePath = `/tag/${encodeURIComponent(tag)}`;
    return sendPage(
      reply,
      <ListPage
        site={site}
        kicker="标签"
        heading={tag}
        items={list.items}
        pagination={{ ...list, basePath }}
        showSection
        feeds={feedLinks({ kind: 'tag', name: tag }, `标签：${tag} - ${site.outlet.name}`)}
      />,
      [surrogateKey.tag(tag), ...articleKeys(list.items)],
    );
  });

  app.get<{ Params: { id: string } } & PageQuery>('/reporter/:id', async (request, reply) => {
    const page = parsePage(request.query.page);
    const site = await siteContext(request);
    const { person, ...list } = await reporterPageData(db, request.params.id, page);
    const basePath = `/reporter/${person.id}`;
    const kicker = person.role === 'editor' ? '编辑' : '记者';
    return sendPage(
      reply,
      <ListPage
        site={site}
        kicker={kicker}
        heading={person.displayName}
        description={`${site.outlet.name}${kicker}${person.displayName}的报道`}
        items={list.items}
        pagination={{ ...list, basePath }}
        showSection
      />,
      [surrogateKey.reporter(person.id), ...articleKeys(list.items)],
    );
  });

  app.get<{ Params: { year: string; month: string; day: string; file: string } }>(
    '/:year/:month/:day/:file',
    async (request, reply) => {
      const { year, month, day, file } = request.params;
      const match = /^(\d+)(\.html)?$/.exec(file);
      if (!match || !/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) throw new NotFoundError();
      const site = await siteContext(request);
      const { article, related, moreNews, story } = await articlePageData(db, parseId(match[1] as string));
      const canonicalPath = articlePath(article, site.outlet.timezone);
      if (site.pagePath.split('?')[0] !== canonicalPath) return reply.redirect(sitePath(site, canonicalPath), 301);
      convertWithArticleOverrides(request, article.id);
      const [media, views, mostRead] = await Promise.all([
        mediaForBody(db, article.body),
        popularity?.viewsOf(article.id),
        popularity?.mostRead(),
      ]);
      return sendPage(
        reply,
        <ArticlePage
          site={site}
          article={article}
          canonicalPath={canonicalPath}
          related={related}
          moreNews={moreNews}
          qrSrc={sitePath(site, articleQrPath(article.id))}
          media={media}
          views={views}
          mostRead={mostRead}
          story={story}
        />,
        [
          surrogateKey.article(article.id),
          ...(story ? [surrogateKey.story(story.slug)] : []),
          ...articleKeys([...related, ...moreNews]),
        ],
        mostRead,
      );
    },
  );

  // The article's WeChat QR code, drawn when a reader opens 微信 (the image is lazy) rather than
  // on every render of the page; the same for everyone, and its article's address never changes.
  app.get<{ Params: { id: string } }>('/article/:id/qr.svg', async (request, reply) => {
    const site = await siteContext(request);
    const path = await canonicalArticlePath(db, parseId(request.params.id), site.outlet.timezone);
    return reply.type('image/svg+xml').header('cache-control', QR_CACHE_CONTROL).send(await qrCodeSvg(pageUrl(site, path)));
  });

  // Other addresses an article has been shared under: each redirects to the canonical URL.
  const redirectToArticle = async (request: FastifyRequest, reply: FastifyReply, rawId: string) => {
    const site = await siteContext(request);
    return reply.redirect(sitePath(site, await canonicalArticlePath(db, parseId(rawId), site.outlet.timezone)), 301);
  };
  app.get<{ Params: { id: string } }>('/article/:id', (request, reply) => redirectToArticle(request, reply, request.params.id));
  app.get<{ Params: { id: string } }>('/articles/:id', (request, reply) => redirectToArticle(request, reply, request.params.id));
  app.get<{ Params: { file: string } }>('/:file', (request, reply) => {
    const match = /^(\d+)\.html$/.exec(request.params.file);
    if (!match) throw new NotFoundError();
    return redirectToArticle(request, reply, match[1] as string);
  });
}
