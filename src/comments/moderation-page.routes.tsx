import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { allSections } from '../articles/outlet.service.js';
import type { Db } from '../platform/db/database.js';
import { authPlugin } from '../newsroom/auth/auth.plugin.js';
import { scopesForRole } from '../newsroom/auth/scopes.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import type { AdminAssets } from '../newsroom/ui/admin-assets.js';
import { adminPageContext } from '../newsroom/ui/admin-page-context.js';
import { ForbiddenError } from '../platform/errors.js';
import { bundleScript, bundleStylesheet, type Asset } from '../web/assets.js';
import { renderDocument } from '../web/render.js';
import { ModerationPage } from './moderation-page.view.js';

/** The moderation page's own stylesheet and script (readers and other admin pages never load them). */
export interface ModerationAssets {
  css: Asset;
  js: Asset;
  byPath: Map<string, Asset>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Bundles the moderation page's CSS and script once, at start-up. */
export function buildModerationAssets(): ModerationAssets {
  const css = bundleStylesheet(here('./styles/moderation.css'), 'moderation');
  const js = bundleScript(here('./client/moderation.ts'), 'moderation');
  return { css, js, byPath: new Map([css, js].map((a) => [a.path, a])) };
}

export interface ModerationPageOptions {
  db: Db;
  sessions: SessionStore;
  adminAssets: AdminAssets;
  assets: ModerationAssets;
}

/**
 * /admin/comments for moderators, editors and admins, inside the newsroom's layout. Signed-out
 * visitors go to the login page; reporters get a 403 page. Not cached, not indexed.
 */
export async function moderationPageRoutes(app: FastifyInstance, { db, sessions, adminAssets, assets }: ModerationPageOptions): Promise<void> {
  await app.register(authPlugin, { db, sessions });
  app.get('/admin/comments', { config: { allowDuringPasswordChange: true } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor || request.auth?.mustChangePassword) return reply.redirect(`/admin/login?next=${encodeURIComponent('/admin/comments')}`, 302);
    if (!scopesForRole(actor.role).includes('comments:moderate')) throw new ForbiddenError('您的角色不能审核评论。');
    const [ctx, sections] = await Promise.all([adminPageContext(db, adminAssets, request, reply, '/admin/comments'), allSections(db)]);
    return reply
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex, nofollow')
      .type('text/html; charset=utf-8')
      .send(renderDocument(<ModerationPage ctx={ctx} sections={sections} assets={{ css: assets.css.path, js: assets.js.path }} />));
  });
}
