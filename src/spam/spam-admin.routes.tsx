import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseId } from '../articles/reader.service.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import { setUpAdminFormPages } from '../newsroom/ui/admin-form-pages.js';
import { assertSessionFormToken, CSRF_FIELD } from '../newsroom/auth/form-csrf.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import type { AdminAssets } from '../newsroom/ui/admin-assets.js';
import { adminPageContext } from '../newsroom/ui/admin-page-context.js';
import type { AdminPageContext } from '../newsroom/ui/admin-pages.view.js';
import type { Db } from '../platform/db/database.js';
import { AppError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { renderDocument } from '../web/render.js';
import { TERM_CATEGORIES, type TermCategory } from './model.js';
import { spamText } from './spam-admin.i18n.js';
import { SpamPage, type SpamPageState } from './spam-admin.view.js';
import { SPAM_LIST_SCOPE, CheckTextSchema } from './spam.routes.js';
import { analyseText } from './spam.service.js';
import { addSpamTerm, changeSpamTerm, deleteSpamTerm, listSpamTerms } from './terms.service.js';

export interface SpamAdminRoutesOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
}

// Form fields arrive as strings; the services validate what they mean.
const field = z.string().max(20_000).optional();
const TermForm = z.object({ [CSRF_FIELD]: field, term: field, category: field, weight: field, action: field });
const CheckForm = z.object({ [CSRF_FIELD]: field, text: field });
const TokenForm = z.object({ [CSRF_FIELD]: field });
const NOTICES = { added: 'added', changed: 'changed', deleted: 'deleted' } as const;

/** A form's weight field as a number for the service ('' and junk stay strings, so the service names the problem). */
function formTerm(form: z.output<typeof TermForm>) {
  const weight = form.weight !== undefined && form.weight.trim() !== '' && Number.isFinite(Number(form.weight)) ? Number(form.weight) : form.weight;
  return {
    ...(form.term !== undefined && { term: form.term }),
    ...(form.category !== undefined && { category: form.category }),
    ...(weight !== undefined && { weight }),
    ...(form.action !== undefined && { action: form.action }),
  };
}

/**
 * The spam page, /admin/spam, as plain forms (it works without JavaScript): try a text, add,
 * change and delete terms. Editors and admins only. Forms post to the same services as the
 * JSON API and are protected like the login forms (same origin plus the session's token);
 * success answers 303 back to the page, a refusal renders it again with the problem.
 */
export async function spamAdminRoutes(app: FastifyInstance, { db, sessions, assets }: SpamAdminRoutesOptions): Promise<void> {
  await setUpAdminFormPages(app, { db, sessions });

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: Partial<SpamPageState>,
    status = 200,
    pageContext?: AdminPageContext,
  ) => {
    const ctx = pageContext ?? (await adminPageContext(db, assets, request, reply, '/admin/spam'));
    const { terms, version } = await listSpamTerms(db);
    const full: SpamPageState = { notice: null, problem: null, check: null, draft: null, category: null, ...state };
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(<SpamPage ctx={ctx} terms={terms} version={version} state={full} />));
  };

  /** Signed-out visitors go to the login page (which comes back here); others need the list scope. */
  const allowed = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!request.actor || request.auth?.mustChangePassword) {
      void reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 302);
      return false;
    }
    requireScope(request, SPAM_LIST_SCOPE);
    return true;
  };

  /** Runs a form action; an AppError re-renders the page with it (and the add form's values). */
  const formAction = async (request: FastifyRequest, reply: FastifyReply, action: () => Promise<string>, draft?: SpamPageState['draft']) => {
    try {
      return reply.redirect(await action(), 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === 'csrf') throw error;
      const details = error instanceof ValidationError ? error.details : [];
      return render(request, reply, { problem: { message: error.publicMessage, details }, draft: draft ?? null }, error.status);
    }
  };

  // skipCsrf: the auth plugin checks a header a plain form cannot send; each form carries the token instead.
  const formRoute = { config: { skipCsrf: true } };

  app.get('/admin/spam', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const query = request.query as { category?: string; done?: string };
    const category = TERM_CATEGORIES.includes(query.category as TermCategory) ? (query.category as TermCategory) : null;
    const done = query.done && Object.hasOwn(NOTICES, query.done) ? NOTICES[query.done as keyof typeof NOTICES] : null;
    const ctx = await adminPageContext(db, assets, request, reply, '/admin/spam');
    return render(request, reply, { category, notice: done ? spamText(ctx.lang, done) : null }, 200, ctx);
  });

  app.post('/admin/spam/check', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(CheckForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    try {
      const { text } = parseInput(CheckTextSchema, { text: form.text ?? '' }, '要检查的文字有误');
      return render(request, reply, { check: { text, analysis: await analyseText(db, text) } });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(request, reply, { problem: { message: error.publicMessage, details: error.details } }, 400);
    }
  });

  app.post('/admin/spam/terms', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TermForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const draft = { term: form.term ?? '', category: form.category ?? '', weight: form.weight ?? '', action: form.action ?? '' };
    return formAction(
      request,
      reply,
      async () => {
        await addSpamTerm(db, formTerm(form), { actorId: request.actor?.id ?? null });
        return '/admin/spam?done=added#add-h';
      },
      draft,
    );
  });

  app.post<{ Params: { id: string } }>('/admin/spam/terms/:id', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TermForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = parseId(request.params.id);
    return formAction(request, reply, async () => {
      await changeSpamTerm(db, id, formTerm(form), { actorId: request.actor?.id ?? null });
      return `/admin/spam?done=changed#row-${id}`;
    });
  });

  app.post<{ Params: { id: string } }>('/admin/spam/terms/:id/delete', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TokenForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = parseId(request.params.id);
    return formAction(request, reply, async () => {
      await deleteSpamTerm(db, id, { actorId: request.actor?.id ?? null });
      return '/admin/spam?done=deleted#terms-h';
    });
  });
}
