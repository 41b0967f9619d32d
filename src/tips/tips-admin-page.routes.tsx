import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authPlugin } from '../newsroom/auth/auth.plugin.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import type { AdminAssets } from '../newsroom/ui/admin-assets.js';
import { adminPageContext } from '../newsroom/ui/admin-page-context.js';
import type { Db } from '../platform/db/database.js';
import { ForbiddenError } from '../platform/errors.js';
import { renderDocument } from '../web/render.js';
import { TipsInboxPage } from './tips-admin-page.view.js';
import { tipSettings } from './tips.service.js';

export interface TipsAdminPageOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
}

/**
 * The newsroom's tips inbox pages for the roles the tip settings allow (editor and admin by
 * default): signed-out visitors go to the login page, other roles get a 403 page. The data
 * comes from /api/admin/tips; not cached, not indexed, no referrer.
 */
export async function tipsAdminPageRoutes(app: FastifyInstance, { db, sessions, assets }: TipsAdminPageOptions): Promise<void> {
  await app.register(authPlugin, { db, sessions });
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = request.actor;
    if (!actor || request.auth?.mustChangePassword) return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url.split('?')[0] ?? '/admin/tips')}`, 302);
    const { inboxRoles } = await tipSettings(db);
    if (!inboxRoles.includes(actor.role)) throw new ForbiddenError('您的角色不能查看新闻线索。');
    const ctx = await adminPageContext(db, assets, request, reply);
    return reply
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex, nofollow')
      .type('text/html; charset=utf-8')
      .send(renderDocument(<TipsInboxPage ctx={ctx} />));
  };
  app.get('/admin/tips', page);
  app.get<{ Params: { id: string } }>('/admin/tips/:id', page);
}
