import type { FastifyInstance, FastifyRequest } from 'fastify';
import { allSections, outletSettings } from './articles/outlet.service.js';
import { readerRoutes } from './articles/reader.routes.js';
import type { Config } from './config.js';
import { openDatabase, type OpenDatabase } from './platform/db/database.js';
import { createHttpServer } from './platform/http/server.js';
import { buildSiteAssets } from './web/assets.js';
import { renderErrorPage } from './web/error-page.view.js';
import { faviconSvg } from './web/favicon.js';
import type { SiteContext } from './web/site-context.js';

export interface BuildAppOptions {
  /** An already open database (tests); otherwise one is opened from `config.databaseUrl` and migrated. */
  database?: OpenDatabase;
}

/**
 * The composition root: opens the database, builds the browser assets and wires every
 * feature's routes into one Fastify server. Closing the server closes the database it opened.
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const database = options.database ?? (await openDatabase(config.databaseUrl));
  const { db } = database;
  const assets = buildSiteAssets();

  const siteContext = async (request: FastifyRequest): Promise<SiteContext> => {
    const [outlet, sections] = await Promise.all([outletSettings(db), allSections(db)]);
    const publicUrl = config.publicUrl ?? `${request.protocol}://${request.host}`;
    return { outlet, sections, assets, publicUrl };
  };

  const app = createHttpServer({
    logLevel: config.logLevel,
    scriptSources: [assets.headScriptHash],
    renderErrorPage: async (status, message, request) => renderErrorPage(await siteContext(request), status, message),
  });

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const asset = assets.byPath.get(`/assets/${request.params.file}`);
    if (!asset) return reply.callNotFound();
    return reply
      .type(asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  });
  app.get('/favicon.svg', async (_request, reply) => {
    const { shortName } = await outletSettings(db);
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(faviconSvg(shortName));
  });
  app.get('/favicon.ico', async (_request, reply) => reply.redirect('/favicon.svg', 301));
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/robots.txt', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('User-agent: *\nAllow: /\n'));

  await app.register(readerRoutes, { db, siteContext });

  if (!options.database) app.addHook('onClose', () => database.close());
  return app;
}
