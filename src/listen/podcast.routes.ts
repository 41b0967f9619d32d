import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/database.js';
import { podcastPath } from '../feeds/feed-urls.js';
import type { SiteContext } from '../web/site-context.js';
import { surrogateKey, surrogateKeys } from '../web/surrogate-keys.js';
import { renderPodcast } from './podcast.service.js';

export interface PodcastRoutesOptions {
  db: Db;
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}

const RSS = 'application/rss+xml; charset=utf-8';

/**
 * The podcasts of the site and of each section, cached like the site's feeds (an episode whose
 * audio is rendered later appears when a publish purges the feeds or within the cache's TTL),
 * registered inside an edition's prefix (converted to its script on send). */
export async function podcastRoutes(app: FastifyInstance, { db, siteContext }: PodcastRoutesOptions): Promise<void> {
  app.get(podcastPath({ kind: 'site' }), async (request, reply) =>
    surrogateKeys(reply, [surrogateKey.feeds]).type(RSS).send(await renderPodcast(db, await siteContext(request), { kind: 'site' })),
  );
  app.get<{ Params: { slug: string } }>('/section/:slug/podcast.xml', async (request, reply) =>
    surrogateKeys(reply, [surrogateKey.feeds]).type(RSS).send(await renderPodcast(db, await siteContext(request), { kind: 'section', slug: request.params.slug })),
  );
}
