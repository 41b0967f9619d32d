import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { outletSettings, siteSettings } from './articles/outlet.service.js';
import { publishBus } from './articles/publish-events.js';
import { attachPublishPipeline } from './publish-pipeline.js';
import { commentRoutes } from './comments/comment.routes.js';
import { buildModerationAssets, moderationPageRoutes } from './comments/moderation-page.routes.js';
import { commentModerationRoutes } from './comments/moderation.routes.js';
import { readerRoutes } from './articles/reader.routes.js';
import { searchApiRoutes, searchPageRoutes } from './search/search.routes.js';
import { feedRoutes } from './feeds/feeds.routes.js';
import { robotsSitemapLines } from './feeds/sitemaps.service.js';
import type { Config } from './config.js';
import { mediaFileRoutes, mediaRoutes } from './media/media.routes.js';
import { auditRoutes } from './newsroom/audit/audit.routes.js';
import { openApiRoutes } from './newsroom/api/openapi.routes.js';
import { adminArticlesRoutes } from './newsroom/articles/admin-articles.routes.js';
import { authPlugin } from './newsroom/auth/auth.plugin.js';
import { createDbSessionStore } from './newsroom/auth/db-session-store.js';
import { createLoginThrottle } from './newsroom/auth/login-throttle.js';
import { sessionRoutes } from './newsroom/auth/session.routes.js';
import { tokenRoutes } from './newsroom/auth/token.routes.js';
import { staffRoutes } from './newsroom/staff/staff.routes.js';
import { buildAdminAssets } from './newsroom/ui/admin-assets.js';
import { adminUiRoutes } from './newsroom/ui/admin-ui.routes.js';
import { openDatabase, type OpenDatabase } from './platform/db/database.js';
import type { FileStore } from './platform/files/file-store.js';
import { createLocalFileStore } from './platform/files/local/local-file-store.js';
import { createHttpServer } from './platform/http/server.js';
import { createPageCache, type PageCache } from './platform/cache/page-cache.js';
import { createPageCacheHttp, isSharedPage } from './platform/cache/page-cache.http.js';
import { createLocalPurgeChannel, type PurgeChannel } from './platform/cache/purge-channel.js';
import { pageVariant } from './web/page-variant.js';
import { withoutTrackingParams } from './web/tracking-params.js';
import { attachPagePurges, pagePurgesSettled } from './web/page-purges.js';
import { createTipBudget, type TipBudgetOptions } from './tips/tips-budget.js';
import { isConvertedByRoute, TIP_PRIVATE_PATHS } from './tips/tips-http.js';
import { tipsAdminRoutes } from './tips/tips-admin.routes.js';
import { tipsAdminPageRoutes } from './tips/tips-admin-page.routes.js';
import { tipsApiRoutes } from './tips/tips-api.routes.js';
import { tipPageRoutes } from './tips/tips-page.routes.js';
import type { TipDeps } from './tips/tips.service.js';
import { openGraphileQueue } from './platform/jobs/graphile/graphile-jobs.js';
import { attachJobQueue } from './platform/jobs/job-queue.js';
import { startPeriodicRunner } from './platform/jobs/periodic.js';
import { relayArticleEvents, sharedTasks } from './scale/background.js';
import { dictionaryAdminRoutes } from './dictionary/dictionary-admin.routes.js';
import { dictionaryRoutes } from './dictionary/dictionary.routes.js';
import { lexiconAdminRoutes } from './listen/lexicon-admin.routes.js';
import { lexiconRoutes } from './listen/lexicon.routes.js';
import { audioAdminPageRoutes } from './listen/audio-admin.routes.js';
import { startAudioWorker } from './listen/audio-worker.js';
import { audioAdminRoutes, audioFileRoutes, listenApiRoutes } from './listen/audio.routes.js';
import { createEspeakEngine } from './listen/espeak/espeak-engine.js';
import { podcastRoutes } from './listen/podcast.routes.js';
import type { SpeechEngine } from './listen/speech-engine.js';
import { spamAdminRoutes } from './spam/spam-admin.routes.js';
import { spamRoutes } from './spam/spam.routes.js';
import { storiesAdminPageRoutes } from './stories/stories-admin-page.routes.js';
import { storiesAdminRoutes } from './stories/stories-admin.routes.js';
import { storyRoutes } from './stories/story.routes.js';
import type { CounterStore } from './platform/counters/counter-store.js';
import { createMemoryCounterStore } from './platform/counters/memory/memory-counter-store.js';
import { openRedis } from './platform/redis/open-redis.js';
import { createRedisCounterStore } from './platform/counters/redis/redis-counter-store.js';
import { createRedisPurgeChannel } from './platform/cache/redis/redis-purge-channel.js';
import { memoryRateLimiters } from './platform/limits/memory/memory-rate-limiter.js';
import { redisRateLimiters } from './platform/limits/redis/redis-rate-limiter.js';
import { createRedisSessionStore, staffSessionsKeyPrefix } from './newsroom/auth/redis-session-store.js';
import { createReaderLimits } from './readers/reader-limits.js';
import { popularityRoutes } from './popularity/popularity.routes.js';
import { createPopularity } from './popularity/popularity.service.js';
import { createLogMailer } from './platform/mail/log/log-mailer.js';
import type { Mailer } from './platform/mail/mailer.js';
import { createSmtpMailer } from './platform/mail/smtp/smtp-mailer.js';
import { readerAccountRoutes } from './readers/readers.routes.js';
import { buildSiteAssets } from './web/assets.js';
import { renderErrorPage } from './web/error-page.view.js';
import { faviconSvg } from './web/favicon.js';
import { createPageConverter } from './editions/page-conversion.js';
import { editionsPlugin } from './editions/editions.routes.js';
import { preferredEdition } from './editions/preferred-edition.js';
import { articleConverter, newsroomConverter } from './dictionary/dictionary.service.js';
import { EDITION_LIST, EDITIONS, editionOfScript, editionPath, splitEditionPath } from './web/editions.js';
import type { SiteContext } from './web/site-context.js';

/** The newsroom's pages: written in the admin's own UI language, never converted. */
const NEWSROOM_PAGE = /^\/admin(\/|\?|$)/;
/** Addresses that belong to no edition (the newsroom, APIs, files, reader accounts): a miss there is a plain 404. */
const NOT_IN_AN_EDITION = /^\/(admin|api|assets|media|audio|edition|account|comments)(\/|\?|$)/;

export interface BuildAppOptions {
  /** An already open database (tests); otherwise one is opened from `config.databaseUrl` and migrated. */
  database?: OpenDatabase;
  /** Where uploads are kept; default the local disk under `{dataDir}/media`. */
  files?: FileStore;
  /** Clock for view counting (dedup windows, hourly buckets, most-read windows); tests only. */
  now?: () => Date;
  /** Where views are counted (tests); default Redis with `REDIS_URL`, else process memory. */
  counters?: CounterStore;
  /** Where mail goes (tests); default SMTP when `SMTP_URL` is set, else the log. */
  mailer?: Mailer;
  /** What renders article audio (tests wrap it to count calls); default espeak-ng. */
  speechEngine?: SpeechEngine;
  /** Where tip ciphertext is kept; default the local disk under `{dataDir}/tips` (never served as media). */
  tipFiles?: FileStore;
  /** The tip channel's site-wide rate limits (tests make them small). */
  tipBudget?: TipBudgetOptions;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
  /** Where cache purges travel; default in process only (one process's caches). */
  purgeChannel?: PurgeChannel;
  /** The page cache (tests pass one to read its stats), or false for none; default one of `XINWEN_PAGE_CACHE_MB`. */
  pageCache?: PageCache | false;
}

/**
 * The composition root: opens the database, builds the browser assets and wires every
 * feature's routes into one Fastify server. Closing the server closes the database it opened.
 */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const database = options.database ?? (await openDatabase(config.databaseUrl));
  const { db } = database;
  // Scale mode (REDIS_URL): one Redis shared by every app process holds view counts, staff
  // sessions, rate limits and the purge channel; without it they stay in the database or memory.
  const redis = config.redisUrl ? await openRedis(config.redisUrl) : null;
  const limiters = redis ? redisRateLimiters({ redis, keyPrefix: `${config.redisPrefix}limits:` }) : memoryRateLimiters();
  const assets = buildSiteAssets();
  const files = options.files ?? createLocalFileStore({ root: join(config.dataDir, 'media') });
  // Tip ciphertext has its own store, apart from the public media files.
  const tips: TipDeps = {
    db,
    files: options.tipFiles ?? createLocalFileStore({ root: join(config.dataDir, 'tips') }),
    budget: createTipBudget(options.tipBudget, limiters),
  };
  const adminAssets = buildAdminAssets();
  const moderationAssets = buildModerationAssets();
  const assetFiles = new Map([...assets.byPath, ...adminAssets.byPath, ...moderationAssets.byPath]);

  // Built once per request (the route, the error page and the editions hook all ask for it).
  const siteContexts = new WeakMap<FastifyRequest, Promise<SiteContext>>();
  const siteContext = (request: FastifyRequest): Promise<SiteContext> => {
    let context = siteContexts.get(request);
    if (!context) {
      context = buildSiteContext(request);
      siteContexts.set(request, context);
    }
    return context;
  };
  const buildSiteContext = async (request: FastifyRequest): Promise<SiteContext> => {
    const { outlet, sections } = await siteSettings(db);
    const publicUrl = config.publicUrl ?? `${request.protocol}://${request.host}`;
    // A page under /zh-hans or /zh-hant is in that edition; any other page (accounts, errors)
    // links into the reader's remembered or preferred edition.
    const inEdition = splitEditionPath(request.url);
    const edition = inEdition?.edition ?? preferredEdition(request, editionOfScript(outlet.defaultScript));
    return { outlet, sections, assets, publicUrl, edition, pagePath: inEdition?.path ?? request.url, editionPage: inEdition !== null };
  };

  // The page cache: shared pages kept rendered, converted and compressed, answered before
  // Fastify routes the request; purged by surrogate key through the purge channel.
  const clock = options.now;
  const pageClock = clock && (() => clock().getTime());
  const pageCache =
    options.pageCache ?? (config.pageCacheMb > 0 ? createPageCache({ maxBytes: config.pageCacheMb * 1024 * 1024, ...(pageClock && { now: pageClock }) }) : false);
  const redisPurges =
    redis && !options.purgeChannel
      ? createRedisPurgeChannel({
          redis,
          channel: `${config.redisPrefix}purge`,
          log: { warn: (details, message) => app.log.warn(details, message), error: (details, message) => app.log.error(details, message) },
        })
      : null;
  const purgeChannel = options.purgeChannel ?? redisPurges ?? createLocalPurgeChannel();
  const pageCacheHttp = pageCache
    ? createPageCacheHttp({
        cache: pageCache,
        ...(pageClock && { now: pageClock }),
        keyOf: async (request) => {
          const url = withoutTrackingParams(request.url ?? '/');
          if (!splitEditionPath(url) || TIP_PRIVATE_PATHS.test(url)) return null;
          // Without a configured public URL, pages' absolute links come from the request's host and scheme.
          const origin = config.publicUrl ? '' : `${String(request.headers['x-forwarded-proto'] ?? '')},${String(request.headers['x-forwarded-host'] ?? '')},${request.headers.host ?? ''}`;
          return `${await pageVariant(db)} ${origin} ${url}`;
        },
      })
    : null;

  const app = createHttpServer({
    logLevel: config.logLevel,
    ...(pageCacheHttp && { serverFactory: pageCacheHttp.serverFactory }),
    // Reader pages never see sharing apps' tracking parameters, so they share one cache entry.
    rewriteUrl: withoutTrackingParams,
    // The tip channel: no address, user agent or referrer in the logs, no-store, no-referrer.
    privatePaths: TIP_PRIVATE_PATHS,
    ...(options.logStream && { logStream: options.logStream }),
    scriptSources: [assets.headScriptHash],
    renderErrorPage: async (status, message, request) => renderErrorPage(await siteContext(request), status, message),
    // An address without an edition (old links, /, /feed.xml) goes to the reader's edition.
    redirectUnmatched: async (request) => {
      if (NOT_IN_AN_EDITION.test(request.url) || splitEditionPath(request.url)) return null;
      const { edition } = await siteContext(request);
      return editionPath(edition, request.url);
    },
  });

  // Both editions: every page, feed and sitemap is converted to its edition's script as it is
  // sent (with the article's overrides on article pages), and /edition/… switches editions.
  const pageConverter = createPageConverter();
  await app.register(editionsPlugin, {
    pages: pageConverter,
    converterFor: async (articleId: number | null) => (articleId === null ? newsroomConverter(db) : articleConverter(db, articleId)),
    // A page the page cache keeps is not kept converted twice.
    keepConverted: (reply) => !pageCache || !isSharedPage(reply),
    editionOf: async (request: FastifyRequest) =>
      NEWSROOM_PAGE.test(request.url) || isConvertedByRoute(request) ? null : (await siteContext(request)).edition,
  });
  // After the editions plugin, so its onSend hook stores pages as converted.
  if (pageCacheHttp) await app.register(pageCacheHttp.plugin);
  // After a gap in the purge feed (Redis reconnected) any entry may be one a lost purge named.
  const unsubscribePurges = pageCache
    ? await purgeChannel.subscribe((keys) => pageCache.purge(keys), {
        onGap: () => app.log.warn({ dropped: pageCache.forgetAll() }, 'page cache: purges may have been missed; this process forgot its cached pages'),
      })
    : null;
  // Changes that are not article events (a story's title or list) are purged by their services directly.
  const detachPagePurges = attachPagePurges(db, purgeChannel, app.log);
  app.addHook('onClose', async () => detachPagePurges());

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const asset = assetFiles.get(`/assets/${request.params.file}`);
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
  app.get('/robots.txt', async (request, reply) =>
    reply.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /\n\n${robotsSitemapLines(await siteContext(request))}`),
  );

  // 人气: views are counted in process memory, or in Redis shared by every process when
  // REDIS_URL is set, and flushed to the database every config.viewFlushMs.
  const now = options.now;
  const counters =
    options.counters ??
    (redis
      ? createRedisCounterStore({ redis, keyPrefix: `${config.redisPrefix}views:` })
      : createMemoryCounterStore(now ? { now: () => now().getTime() } : {}));
  const popularity = createPopularity({ db, counters, flushIntervalMs: config.viewFlushMs, ...(now && { now }) });
  await app.register(popularityRoutes, { popularity });

  // Every public page exists in both editions, under /zh-hans and /zh-hant.
  for (const edition of EDITION_LIST) {
    await app.register(
      async (pages) => {
        await pages.register(readerRoutes, { db, siteContext, popularity });
        await pages.register(searchPageRoutes, { db, siteContext });
        await pages.register(storyRoutes, { db, siteContext });
        await pages.register(feedRoutes, { db, siteContext, ...(now && { now }) });
        await pages.register(podcastRoutes, { db, siteContext });
        await pages.register(tipPageRoutes, { ...tips, siteContext });
      },
      { prefix: EDITIONS[edition].prefix },
    );
  }
  await app.register(searchApiRoutes, { db });
  await app.register(mediaFileRoutes, { files });
  await app.register(audioFileRoutes, { db, files });
  await app.register(listenApiRoutes, { db });
  await app.register(commentRoutes, { db, siteContext });
  await app.register(tipsApiRoutes, { ...tips, prefix: '/api/tips' });

  // Reader accounts (for comments): /account pages and /api/readers. Mail goes over SMTP when
  // configured, else to the log at info level, so the verification link is never lost.
  const mailer =
    options.mailer ??
    (config.smtpUrl && config.mailFrom
      ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
      : createLogMailer({ logger: app.log, from: config.mailFrom ?? 'noreply@localhost' }));
  app.addHook('onClose', () => mailer.close());
  await app.register(readerAccountRoutes, { db, mailer, siteContext, limits: createReaderLimits(limiters), ...(config.publicUrl && { publicUrl: config.publicUrl }) });

  // The admin API: every request under /api/admin is authenticated by authPlugin first.
  // Sessions live in the database and failed logins are counted per IP in memory (the
  // embedded default), or both in Redis in scale mode, so any process serves any session.
  const sessions = redis ? createRedisSessionStore({ redis, keyPrefix: staffSessionsKeyPrefix(config.redisPrefix) }) : createDbSessionStore(db);
  const loginThrottle = createLoginThrottle(limiters);
  await app.register(
    async (admin) => {
      await admin.register(authPlugin, { db, sessions });
      await admin.register(sessionRoutes, { db, sessions, loginThrottle });
      await admin.register(tokenRoutes, { db });
      await admin.register(staffRoutes, { db, sessions });
      await admin.register(auditRoutes, { db });
      await admin.register(adminArticlesRoutes, { db });
      await admin.register(mediaRoutes, { db, files });
      await admin.register(spamRoutes, { db });
      await admin.register(dictionaryRoutes, { db });
      await admin.register(lexiconRoutes, { db });
      await admin.register(commentModerationRoutes, { db });
      await admin.register(storiesAdminRoutes, { db });
      await admin.register(audioAdminRoutes, { db });
      await admin.register(tipsAdminRoutes, tips);
      await admin.register(openApiRoutes);
    },
    { prefix: '/api/admin' },
  );
  await app.register(adminUiRoutes, { db, sessions, loginThrottle, assets: adminAssets, siteContext });
  await app.register(spamAdminRoutes, { db, sessions, assets: adminAssets });
  await app.register(dictionaryAdminRoutes, { db, sessions, assets: adminAssets });
  await app.register(lexiconAdminRoutes, { db, sessions, assets: adminAssets });
  await app.register(storiesAdminPageRoutes, { db, sessions, assets: adminAssets });
  await app.register(audioAdminPageRoutes, { db, sessions, assets: adminAssets });
  await app.register(moderationPageRoutes, { db, sessions, adminAssets, assets: moderationAssets });
  await app.register(tipsAdminPageRoutes, { db, sessions, assets: adminAssets });

  // Jobs (docs/architecture.md, "Jobs and scale mode"): every process flushes the views it
  // counted. The work done once for the whole site (scheduled publishing, tip retention) runs
  // here in embedded mode; with XINWEN_JOBS=graphile `xinwen worker` processes run it, and this
  // one only adds jobs.
  const jobs = startPeriodicRunner({
    tasks: [...popularity.tasks, ...(config.jobs === 'embedded' ? sharedTasks({ db, tips, log: app.log }) : [])],
    onError: (task, err) => app.log.error({ err, task }, 'periodic task failed'),
  });
  app.addHook('onClose', () => jobs.stop());

  if (!options.database) app.addHook('onClose', () => database.close());
  let detachEvents: () => void | Promise<void>;
  if (config.jobs === 'graphile') {
    // Scale mode: article events become jobs that workers run the publish pipeline for (their
    // purges reach this process's cache over the purge channel), and a scheduled article gets a
    // job at its time. A write is answered only once its events are stored (onSend), so killing
    // this process after it answered loses none of them.
    const queue = await openGraphileQueue({ connectionString: config.databaseUrl, log: app.log });
    const detachQueue = attachJobQueue(db, queue);
    const detachRelay = relayArticleEvents(db, queue, app.log);
    detachEvents = async () => {
      detachRelay();
      detachQueue();
      await queue.close();
    };
  } else {
    // The publish pipeline keeps derived data (search index, related news…) current.
    detachEvents = attachPublishPipeline(db, app.log, { files, purges: purgeChannel });
  }
  // On close, deliveries already started finish before the database closes.
  app.addHook('onClose', async () => {
    await publishBus(db).idle();
    await detachEvents();
    await unsubscribePurges?.();
  });
  // A write is answered once the pages it changed are purged (a few small queries), so the
  // editor who published opens them fresh; in scale mode also once its events are stored as
  // jobs. Only writes emit: a read never waits on another request's work.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (config.jobs === 'graphile') await publishBus(db).idle();
      await pagePurgesSettled(db);
    }
    return payload;
  });
  // 收听: queued article audio is rendered in this process (XINWEN_AUDIO_RENDER=on), one article
  // at a time; on close the article being rendered finishes before the database closes. In scale
  // mode the workers render it: the pipeline that queues audio runs there.
  if (config.audioRender === 'on' && config.jobs === 'embedded') {
    const audioWorker = startAudioWorker({ db, files, engine: options.speechEngine ?? createEspeakEngine(), log: app.log });
    app.addHook('onClose', () => audioWorker.stop());
  }
  // Added last because Fastify runs onClose hooks in reverse: after the last request has been
  // answered, every counted view is written before the database closes.
  app.addHook('onClose', async () => {
    await popularity.close();
    await redisPurges?.close();
    await redis?.quit();
  });
  return app;
}
