import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/database.js';
import { podcastPath } from '../feeds/feed-urls.js';
import type { SiteContext } from '../web/site-context.js';
import { renderPodcast } from './podcast.service.js';

export interface PodcastRoutesOptions {
  db: Db;
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}

/** Like the site's feeds: the same for everyone, so shared caches may keep them briefly. */
const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
const RSS = 'application/rss+xml; charset=utf-8';

/** The podcasts of the site and of each section, registered inside an edition's prefix (converted to its script on send). */
export async function podcastRoutes(app: FastifyInstance, { db, siteContext }: PodcastRoutesOptions): Promise<void> {
  app.get(podcastPath({ kind: 'site' }), async (request, reply) =>
    reply.type(RSS).header('cache-control', CACHE_CONTROL).send(await renderPodcast(db, await siteContext(request), { kind: 'site' })),
  );
  app.get<{ Params: { slug: string } }>('/section/:slug/podcast.xml', async (request, reply) =>
    reply.type(RSS).header('cache-control', CACHE_CONTROL).send(await renderPodcast(db, await siteContext(request), { kind: 'section', slug: request.params.slug })),
  );
}
