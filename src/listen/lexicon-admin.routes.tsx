import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParam } from '../dictionary/dictionary.routes.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import { assertSessionFormToken, CSRF_FIELD } from '../newsroom/auth/form-csrf.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import type { AdminAssets } from '../newsroom/ui/admin-assets.js';
import { setUpAdminFormPages } from '../newsroom/ui/admin-form-pages.js';
import { adminPageContext } from '../newsroom/ui/admin-page-context.js';
import type { AdminPageContext } from '../newsroom/ui/admin-pages.view.js';
import type { FormProblem } from '../newsroom/ui/form-parts.view.js';
import type { Db } from '../platform/db/database.js';
import { AppError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { renderDocument } from '../web/render.js';
import { lexiconText, type LexiconUiKey } from './lexicon-admin.i18n.js';
import { LexiconPage, type LexiconPageState } from './lexicon-admin.view.js';
import { LEXICON_SCOPE } from './lexicon.routes.js';
import { addPronunciation, changePronunciation, deletePronunciation, listPronunciations } from './lexicon.service.js';
import { tryReading } from './speech-script.js';

export interface LexiconAdminRoutesOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
}

// Form fields arrive as strings; the services validate what they mean.
const field = z.string().max(2_000).optional();
const EntryForm = z.object({ [CSRF_FIELD]: field, term: field, pinyin: field, note: field });
const TextForm = z.object({ [CSRF_FIELD]: field, text: field });
const TokenForm = z.object({ [CSRF_FIELD]: field });

const NOTICES: Record<string, LexiconUiKey> = { added: 'added', changed: 'changed', deleted: 'deleted' };
const NO_ENTRY = '读音词典里没有这一条。';
const PAGE = '/admin/pronunciations';

/** A form's entry fields for the service: only those the form sent. */
function formEntry(form: z.output<typeof EntryForm>) {
  return {
    ...(form.term !== undefined && { term: form.term }),
    ...(form.pinyin !== undefined && { pinyin: form.pinyin }),
    ...(form.note !== undefined && { note: form.note }),
  };
}

function problemOf(error: unknown): FormProblem | null {
  if (!(error instanceof AppError) || error.status >= 500 || error.code === 'csrf') return null;
  return { message: error.publicMessage, details: error instanceof ValidationError ? error.details : [] };
}

/**
 * The pronunciation lexicon as a plain-form page, /admin/pronunciations (works without
 * JavaScript): 试读 a term or sentence, add, change and delete entries. Editors and admins only.
 * Forms post to the same services as the JSON API and are protected like the other form pages
 * (same origin plus the session's token); success answers 303 back to the page, a refusal
 * renders it again with the problem and what was typed.
 */
export async function lexiconAdminRoutes(app: FastifyInstance, { db, sessions, assets }: LexiconAdminRoutesOptions): Promise<void> {
  await setUpAdminFormPages(app, { db, sessions });

  const render = async (request: FastifyRequest, reply: FastifyReply, state: Partial<LexiconPageState>, status = 200, pageContext?: AdminPageContext) => {
    const ctx = pageContext ?? (await adminPageContext(db, assets, request, reply, PAGE));
    const entries = await listPronunciations(db);
    const full: LexiconPageState = { notice: null, problem: null, reading: null, draft: null, ...state };
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(<LexiconPage ctx={ctx} entries={entries} state={full} />));
  };

  /** Signed-out visitors go to the login page (which comes back here); others need the lexicon scope. */
  const allowed = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!request.actor || request.auth?.mustChangePassword) {
      void reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 302);
      return false;
    }
    requireScope(request, LEXICON_SCOPE);
    return true;
  };

  /** Runs a form action; an AppError re-renders the page with it (and the add form's values). */
  const formAction = async (request: FastifyRequest, reply: FastifyReply, action: () => Promise<string>, draft: Partial<LexiconPageState> = {}) => {
    try {
      return reply.redirect(await action(), 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem || !(error instanceof AppError)) throw error;
      return render(request, reply, { problem, ...draft }, error.status);
    }
  };

  const by = (request: FastifyRequest) => ({ actorId: request.actor?.id ?? null });
  // skipCsrf: the auth plugin checks a header a plain form cannot send; each form carries the token instead.
  const formRoute = { config: { skipCsrf: true } };

  app.get(PAGE, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const done = (request.query as { done?: string }).done;
    const key = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    const ctx = await adminPageContext(db, assets, request, reply, PAGE);
    return render(request, reply, { notice: key ? lexiconText(ctx.lang, key) : null }, 200, ctx);
  });

  app.post(`${PAGE}/try`, formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TextForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    try {
      return await render(request, reply, { reading: await tryReading(db, { text: form.text ?? '' }) });
    } catch (error) {
      const problem = problemOf(error);
      if (!problem || !(error instanceof AppError)) throw error;
      return render(request, reply, { problem }, error.status);
    }
  });

  app.post(PAGE, formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(EntryForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const draft = { term: form.term ?? '', pinyin: form.pinyin ?? '', note: form.note ?? '' };
    return formAction(
      request,
      reply,
      async () => {
        const entry = await addPronunciation(db, formEntry(form), by(request));
        return `${PAGE}?done=added#pronunciation-row-${entry.id}`;
      },
      { draft },
    );
  });

  app.post<{ Params: { id: string } }>(`${PAGE}/:id`, formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(EntryForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = idParam(request.params.id, NO_ENTRY);
    return formAction(request, reply, async () => {
      await changePronunciation(db, id, formEntry(form), by(request));
      return `${PAGE}?done=changed#pronunciation-row-${id}`;
    });
  });

  app.post<{ Params: { id: string } }>(`${PAGE}/:id/delete`, formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TokenForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = idParam(request.params.id, NO_ENTRY);
    return formAction(request, reply, async () => {
      await deletePronunciation(db, id, by(request));
      return `${PAGE}?done=deleted#entries-h`;
    });
  });
}
