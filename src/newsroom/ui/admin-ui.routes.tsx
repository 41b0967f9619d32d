import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { ArticlePage } from '../../articles/article-page.view.js';
import { articlePath } from '../../articles/article.service.js';
import { allSections, outletSettings } from '../../articles/outlet.service.js';
import { parseId, previewPageData } from '../../articles/reader.service.js';
import { mediaForBody } from '../../media/media.service.js';
import type { Db } from '../../platform/db/database.js';
import { renderDocument } from '../../web/render.js';
import { qrCodeDataUri } from '../../web/share.js';
import { absoluteUrl, type SiteContext } from '../../web/site-context.js';
import { authPlugin } from '../auth/auth.plugin.js';
import type { SessionStore } from '../auth/session-store.js';
import { worksOnDesk, type Actor } from '../staff/actor.js';
import type { AdminAssets } from './admin-assets.js';
import { DashboardPage, EditorPage, LoginPage, type AdminPageContext } from './admin-pages.view.js';
import { UI_LANG_COOKIE, pickUiLang } from './i18n.js';

export interface AdminUiRoutesOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
  /** The reader site's context, for the draft preview (same template as the public page). */
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}

const ONE_YEAR_S = 365 * 24 * 3600;

/**
 * The newsroom's pages under /admin: login, dashboard, editor and the draft preview. They are
 * shells that the admin script fills from the JSON API; signed-out visits go to the login page.
 * Nothing here is cached or indexed.
 */
export async function adminUiRoutes(app: FastifyInstance, { db, sessions, assets, siteContext }: AdminUiRoutesOptions): Promise<void> {
  await app.register(authPlugin, { db, sessions });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
    return payload;
  });

  // The login form is submitted by the script as JSON to /api/admin/session; a browser without
  // JavaScript that posts the form gets the page again, with its "needs JavaScript" notice.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => done(null, {}));

  const context = async (request: FastifyRequest, reply: FastifyReply): Promise<AdminPageContext> => {
    const query = (request.query as { lang?: string }).lang;
    const lang = pickUiLang(query, request.cookies[UI_LANG_COOKIE], request.headers['accept-language']);
    if (query && query === lang) reply.setCookie(UI_LANG_COOKIE, lang, { path: '/admin', sameSite: 'lax', httpOnly: true, maxAge: ONE_YEAR_S });
    const outlet = await outletSettings(db);
    const actor = request.actor;
    return {
      lang,
      assets,
      outletName: outlet.shortName,
      timeZone: outlet.timezone,
      user: actor ? { displayName: actor.displayName, role: actor.role } : null,
      path: request.url.split('?')[0] ?? '/admin',
    };
  };

  const send = (reply: FastifyReply, page: VNode, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page));

  // Page routes stay reachable while a password change is due: they send the user to the
  // login page, which asks for the new password (the API stays closed until then).
  const open = { config: { allowDuringPasswordChange: true } };

  /** Signed-out visitors (and those who must change a one-time password) go to the login page, which brings them back afterwards. */
  const signedIn = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.actor && !request.auth?.mustChangePassword) return true;
    void reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 302);
    return false;
  };

  app.get('/admin/login', { config: { allowDuringPasswordChange: true } }, async (request, reply) => {
    const mustChange = request.auth?.mustChangePassword ?? false;
    if (request.actor && !mustChange) return reply.redirect(safeNext((request.query as { next?: string }).next), 302);
    return send(reply, <LoginPage ctx={await context(request, reply)} mustChange={mustChange} />);
  });
  app.post('/admin/login', { config: { allowDuringPasswordChange: true, skipCsrf: true } }, async (request, reply) =>
    send(reply, <LoginPage ctx={await context(request, reply)} />, 400),
  );

  app.get('/admin', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    return send(reply, <DashboardPage ctx={await context(request, reply)} sections={await allSections(db)} />);
  });

  app.get('/admin/articles/new', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    // A new article may only go to a desk the writer works on; the outlet's default comes first.
    const actor = request.actor as Actor;
    const [sections, outlet] = await Promise.all([allSections(db), outletSettings(db)]);
    const mine = sections.filter((section) => worksOnDesk(actor, section.id));
    const preferred = mine.find((section) => section.slug === outlet.defaultSectionSlug) ?? mine[0];
    return send(reply, <EditorPage ctx={await context(request, reply)} sections={mine} defaultSection={preferred?.slug ?? null} articleId={null} />);
  });

  app.get<{ Params: { id: string } }>('/admin/articles/:id', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const id = parseId(request.params.id);
    return send(reply, <EditorPage ctx={await context(request, reply)} sections={await allSections(db)} defaultSection={null} articleId={id} />);
  });

  // Exactly the public page, rendered from the article as it stands now (any stage).
  app.get<{ Params: { id: string } }>('/admin/articles/:id/preview', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const site = await siteContext(request);
    const { article, moreNews } = await previewPageData(db, parseId(request.params.id));
    const shown = article.publishedAt ? article : { ...article, publishedAt: new Date().toISOString() };
    const canonicalPath = articlePath(shown, site.outlet.timezone);
    const [qrDataUri, media] = await Promise.all([qrCodeDataUri(absoluteUrl(site, canonicalPath)), mediaForBody(db, shown.body)]);
    return send(
      reply,
      <ArticlePage site={site} article={shown} canonicalPath={canonicalPath} moreNews={moreNews} qrDataUri={qrDataUri} media={media} />,
    );
  });
}

/** Only same-site paths under /admin, so the login page cannot be used to send staff elsewhere. */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';
}
