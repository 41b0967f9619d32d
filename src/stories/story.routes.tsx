import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parsePage } from '../articles/reader.service.js';
import type { Db } from '../platform/db/database.js';
import { renderDocument } from '../web/render.js';
import type { SiteContext } from '../web/site-context.js';
import { StoryPage } from './story-page.view.js';
import { storyPageData } from './stories.service.js';

export interface StoryRoutesOptions {
  db: Db;
  /** Outlet, sections, assets, public URL and edition for this request. */
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}

/** Like every reader page: the same for everyone, so shared caches may keep it briefly. */
const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/**
 * The public 专题 page, /story/{slug}: its published articles newest first, 20 a page. Unknown
 * slugs are a Chinese 404. Membership is read per request, so an unpublished article simply
 * drops out and nothing needs recomputing when the story changes.
 */
export async function storyRoutes(app: FastifyInstance, { db, siteContext }: StoryRoutesOptions): Promise<void> {
  app.get<{ Params: { slug: string }; Querystring: { page?: string } }>('/story/:slug', async (request, reply) => {
    const page = parsePage(request.query.page);
    const site = await siteContext(request);
    const { story, items, pageCount } = await storyPageData(db, request.params.slug, page);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', PAGE_CACHE_CONTROL)
      .send(renderDocument(<StoryPage site={site} story={story} items={items} page={page} pageCount={pageCount} />));
  });
}
