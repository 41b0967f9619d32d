import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import { assertSessionFormToken, CSRF_FIELD } from '../newsroom/auth/form-csrf.js';
import { scopesForRole } from '../newsroom/auth/scopes.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import type { AdminAssets } from '../newsroom/ui/admin-assets.js';
import { setUpAdminFormPages } from '../newsroom/ui/admin-form-pages.js';
import { adminPageContext } from '../newsroom/ui/admin-page-context.js';
import type { Db } from '../platform/db/database.js';
import { AppError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { renderDocument } from '../web/render.js';
import { AudioAdminPage, STATUS_FILTERS, type StatusFilter } from './audio-admin.view.js';
import { articleIdParam, AUDIO_READ_SCOPE, AUDIO_RENDER_SCOPE } from './audio.routes.js';
import { listPublishedAudio } from './audio.store.js';
import { requestRerender } from './audio.service.js';

export interface AudioAdminPageRoutesOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
}

/** Articles per page of /admin/audio. */
const PAGE_SIZE = 30;
const field = z.string().max(500).optional();
const RenderForm = z.object({ [CSRF_FIELD]: field, back: field });
const ListQuery = z.object({
  status: z.union([z.enum(STATUS_FILTERS), z.literal('')]).optional(),
  page: z.string().regex(/^\d{1,6}$/, '页码必须是正整数').optional(),
  done: field,
});

/**
 * /admin/audio as a plain form page: every published article's audio status, filtered and
 * paged, with 重新生成 (editors and admins; the same service as POST /api/admin/articles/:id/audio)
 * and a player for ready audio. Any staff who reads articles may look.
 */
export async function audioAdminPageRoutes(app: FastifyInstance, { db, sessions, assets }: AudioAdminPageRoutesOptions): Promise<void> {
  await setUpAdminFormPages(app, { db, sessions });

  /** Signed-out visitors go to the login page (which comes back here); others need the scope. */
  const allowed = (request: FastifyRequest, reply: FastifyReply, scope: typeof AUDIO_READ_SCOPE): boolean => {
    if (!request.actor || request.auth?.mustChangePassword) {
      void reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 302);
      return false;
    }
    requireScope(request, scope);
    return true;
  };

  app.get('/admin/audio', async (request, reply) => {
    if (!allowed(request, reply, AUDIO_READ_SCOPE)) return reply;
    const query = parseInput(ListQuery, request.query ?? {}, '筛选条件有误');
    const status: StatusFilter | null = query.status ? query.status : null;
    const requested = Math.max(1, Number(query.page ?? 1));
    const first = await listPublishedAudio(db, status ? { status } : {}, { limit: PAGE_SIZE, offset: (requested - 1) * PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(first.total / PAGE_SIZE));
    const page = Math.min(requested, pages);
    const list = page === requested ? first : await listPublishedAudio(db, status ? { status } : {}, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const ctx = await adminPageContext(db, assets, request, reply, '/admin/audio');
    const role = request.actor?.role;
    const canRender = role !== undefined && scopesForRole(role).includes(AUDIO_RENDER_SCOPE);
    const notice = query.done === 'queued' ? '已排队重新生成，稍后刷新查看。' : null;
    return reply
      .type('text/html; charset=utf-8')
      .send(renderDocument(<AudioAdminPage ctx={ctx} rows={list.rows} total={list.total} page={page} pages={pages} status={status} canRender={canRender} notice={notice} problem={null} />));
  });

  // skipCsrf: the auth plugin checks a header a plain form cannot send; the form carries the token instead.
  app.post<{ Params: { id: string } }>('/admin/audio/:id/render', { config: { skipCsrf: true } }, async (request, reply) => {
    if (!allowed(request, reply, AUDIO_RENDER_SCOPE)) return reply;
    const form = parseInput(RenderForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = articleIdParam(request.params.id);
    // Only our own list page as the way back.
    const back = form.back && /^\/admin\/audio(\?[a-z0-9=&_-]*)?$/i.test(form.back) ? form.back : '/admin/audio';
    try {
      await requestRerender(db, id);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const ctx = await adminPageContext(db, assets, request, reply, '/admin/audio');
      const list = await listPublishedAudio(db, {}, { limit: PAGE_SIZE, offset: 0 });
      const problem = { message: error.publicMessage, details: error instanceof ValidationError ? error.details : [] };
      return reply
        .code(error.status)
        .type('text/html; charset=utf-8')
        .send(renderDocument(<AudioAdminPage ctx={ctx} rows={list.rows} total={list.total} page={1} pages={Math.max(1, Math.ceil(list.total / PAGE_SIZE))} status={null} canRender notice={null} problem={problem} />));
    }
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}done=queued#audio-row-${id}`, 303);
  });
}
