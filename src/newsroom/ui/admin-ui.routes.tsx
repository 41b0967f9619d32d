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
import { pageUrl, type SiteContext } from '../../web/site-context.js';
import { authPlugin } from '../auth/auth.plugin.js';
import type { SessionStore } from '../auth/session-store.js';
import { worksOnDesk, type Actor } from '../staff/actor.js';
import type { AdminAssets } from './admin-assets.js';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { PasswordCost } from '../staff/passwords.js';
import { adminPageContext } from './admin-page-context.js';
import { DashboardPage, EditorPage } from './admin-pages.view.js';
import { loginFormRoutes } from './login-form.routes.js';

export interface AdminUiRoutesOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
  /** Failed logins per client IP: the same counter as the JSON login's. */
  loginThrottle: LoginThrottle;
  /** Lower argon2 cost for tests only. */
  passwordCost?: PasswordCost;
  /** The reader site's context, for the draft preview (same template as the public page). */
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}


/**
 * The newsroom's pages under /admin: login (plain forms, see login-form.routes.tsx), dashboard,
 * editor and the draft preview. The last three are shells that the admin script fills from the
 * JSON API; signed-out visits go to the login page.
 * Nothing here is cached or indexed.
 */
export async function adminUiRoutes(app: FastifyInstance, { db, sessions, assets, loginThrottle, passwordCost, siteContext }: AdminUiRoutesOptions): Promise<void> {
  await app.register(authPlugin, { db, sessions });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
    return payload;
  });

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

  // Login, password change and logout as plain forms (they work without JavaScript).
  loginFormRoutes(app, { db, sessions, loginThrottle, ...(passwordCost && { passwordCost }), pageContext: (request, reply) => adminPageContext(db, assets, request, reply), send });

  app.get('/admin', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const actor = request.actor as Actor;
    const deskScoped = actor.role !== 'admin' && !actor.allDesks;
    return send(reply, <DashboardPage ctx={await adminPageContext(db, assets, request, reply)} sections={await allSections(db)} deskScoped={deskScoped} />);
  });

  app.get('/admin/articles/new', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    // A new article may only go to a desk the writer works on; the outlet's default comes first.
    const actor = request.actor as Actor;
    const [sections, outlet] = await Promise.all([allSections(db), outletSettings(db)]);
    const mine = sections.filter((section) => worksOnDesk(actor, section.id));
    const preferred = mine.find((section) => section.slug === outlet.defaultSectionSlug) ?? mine[0];
    return send(reply, <EditorPage ctx={await adminPageContext(db, assets, request, reply)} sections={mine} defaultSection={preferred?.slug ?? null} articleId={null} />);
  });

  app.get<{ Params: { id: string } }>('/admin/articles/:id', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const id = parseId(request.params.id);
    return send(reply, <EditorPage ctx={await adminPageContext(db, assets, request, reply)} sections={await allSections(db)} defaultSection={null} articleId={id} />);
  });

  // Exactly the public page, rendered from the article as it stands now (any stage).
  app.get<{ Params: { id: string } }>('/admin/articles/:id/preview', open, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const site = await siteContext(request);
    const { article, related, moreNews } = await previewPageData(db, parseId(request.params.id));
    const shown = article.publishedAt ? article : { ...article, publishedAt: new Date().toISOString() };
    const canonicalPath = articlePath(shown, site.outlet.timezone);
    const [qrDataUri, media] = await Promise.all([qrCodeDataUri(pageUrl(site, canonicalPath)), mediaForBody(db, shown.body)]);
    return send(
      reply,
      <ArticlePage site={site} article={shown} canonicalPath={canonicalPath} related={related} moreNews={moreNews} qrSrc={qrDataUri} media={media} />,
    );
  });
}
