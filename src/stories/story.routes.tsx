import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parsePage } from '../articles/reader.service.js';
import type { Db } from '../platform/db/database.js';
import { renderDocument } from '../web/render.js';
import type { SiteContext } from '../web/site-context.js';
import { articleKeys, surrogateKey, surrogateKeys } from '../web/surrogate-keys.js';
import { StoryPage } from './story-page.view.js';
import { storyPageData } from './stories.service.js';

export interface StoryRoutesOptions {
  db: Db;
  /** Outlet, sections, assets, public URL and edition for this request. */
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}

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
    // Like every reader page: the same for everyone, cached under the story's key and its articles'.
    return surrogateKeys(reply, [surrogateKey.story(story.slug), ...articleKeys(items)])
      .type('text/html; charset=utf-8')
      .send(renderDocument(<StoryPage site={site} story={story} items={items} page={page} pageCount={pageCount} />));
  });
}
