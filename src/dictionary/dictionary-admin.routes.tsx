import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
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
import { dictText, type DictionaryUiKey } from './dictionary-admin.i18n.js';
import type { FormProblem } from '../newsroom/ui/form-parts.view.js';
import { DictionaryPage, OverridesPage, type DictionaryPageState, type OverrideRow } from './dictionary-admin.view.js';
import { DICTIONARY_EDIT_SCOPE, idParam } from './dictionary.routes.js';
import {
  addConversionEntry,
  addSegmentationWord,
  articleConverter,
  articleOverrides,
  changeConversionEntry,
  changeSegmentationWord,
  deleteConversionEntry,
  deleteSegmentationWord,
  listDictionary,
  MAX_OVERRIDES,
  overrideSubject,
  previewConversion,
  replaceArticleOverrides,
  setTaiwanPhrases,
} from './dictionary.service.js';

export interface DictionaryAdminRoutesOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
}

// Form fields arrive as strings; the services validate what they mean.
const field = z.string().max(2_000).optional();
const EntryForm = z.object({ [CSRF_FIELD]: field, source: field, target: field, direction: field, phrasesOnly: field, note: field });
const WordForm = z.object({ [CSRF_FIELD]: field, word: field, tag: field, freq: field, note: field });
const TextForm = z.object({ [CSRF_FIELD]: field, text: field });
const SettingsForm = z.object({ [CSRF_FIELD]: field, taiwanPhrases: field });
const TokenForm = z.object({ [CSRF_FIELD]: field });
const OverridesForm = z.record(z.string().max(40), z.string().max(2_000));

const NOTICES: Record<string, DictionaryUiKey> = {
  'entry-added': 'entryAdded',
  'entry-changed': 'entryChanged',
  'entry-deleted': 'entryDeleted',
  'word-added': 'wordAdded',
  'word-changed': 'wordChanged',
  'word-deleted': 'wordDeleted',
  phrases: 'phrasesChanged',
  saved: 'overridesSaved',
};

const NO_ARTICLE = '没有这篇稿件。';

/** A form's entry fields for the service; a row form always says whether the box is ticked. */
function formEntry(form: z.output<typeof EntryForm>, alwaysPhrases: boolean) {
  return {
    ...(form.source !== undefined && { source: form.source }),
    ...(form.target !== undefined && { target: form.target }),
    ...(form.direction !== undefined && { direction: form.direction }),
    ...((alwaysPhrases || form.phrasesOnly !== undefined) && { phrasesOnly: form.phrasesOnly === 'on' }),
    ...(form.note !== undefined && { note: form.note }),
  };
}

/** A form's word fields; '' frequency means the default, junk stays a string so the service names it. */
function formWord(form: z.output<typeof WordForm>) {
  const freq = form.freq === undefined ? undefined : form.freq.trim() === '' ? null : /^\d+$/.test(form.freq.trim()) ? Number(form.freq.trim()) : form.freq;
  return {
    ...(form.word !== undefined && { word: form.word }),
    ...(form.tag !== undefined && { tag: form.tag }),
    ...(freq !== undefined && { freq }),
    ...(form.note !== undefined && { note: form.note }),
  };
}

/** The overrides form's rows (`source-N`, `target-N`, `direction-N`) in order, empty rows left out. */
function formRows(form: Record<string, string>): OverrideRow[] {
  const indexes = Object.keys(form)
    .map((key) => /^source-(\d{1,3})$/.exec(key)?.[1])
    .filter((i): i is string => i !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const rows: OverrideRow[] = [];
  for (const i of indexes) {
    const source = form[`source-${i}`] ?? '';
    const target = form[`target-${i}`] ?? '';
    if (source.trim() === '' && target.trim() === '') continue;
    rows.push({ source, target, direction: form[`direction-${i}`] ?? 's2t' });
  }
  return rows;
}

function problemOf(error: unknown): FormProblem | null {
  if (!(error instanceof AppError) || error.status >= 500 || error.code === 'csrf') return null;
  return { message: error.publicMessage, details: error instanceof ValidationError ? error.details : [] };
}

/**
 * The dictionary pages as plain forms (they work without JavaScript): /admin/dictionary (try a
 * sentence, the Taiwan-phrases switch, add, change and delete entries and words) and
 * /admin/articles/:id/conversion (one article's overrides). Editors and admins only. Forms post
 * to the same services as the JSON API and are protected like the login forms (same origin plus
 * the session's token); success answers 303 back to the page, a refusal renders it again.
 */
export async function dictionaryAdminRoutes(app: FastifyInstance, { db, sessions, assets }: DictionaryAdminRoutesOptions): Promise<void> {
  await setUpAdminFormPages(app, { db, sessions });

  const render = async (request: FastifyRequest, reply: FastifyReply, state: Partial<DictionaryPageState>, status = 200, pageContext?: AdminPageContext) => {
    const ctx = pageContext ?? (await adminPageContext(db, assets, request, reply, '/admin/dictionary'));
    const data = await listDictionary(db);
    const full: DictionaryPageState = { notice: null, problem: null, preview: null, entryDraft: null, wordDraft: null, ...state };
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(<DictionaryPage ctx={ctx} data={data} state={full} />));
  };

  /** Signed-out visitors go to the login page (which comes back here); others need the edit scope. */
  const allowed = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!request.actor || request.auth?.mustChangePassword) {
      void reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 302);
      return false;
    }
    requireScope(request, DICTIONARY_EDIT_SCOPE);
    return true;
  };

  /** Runs a form action; an AppError re-renders the page with it (and the add forms' values). */
  const formAction = async (request: FastifyRequest, reply: FastifyReply, action: () => Promise<string>, draft: Partial<DictionaryPageState> = {}) => {
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

  app.get('/admin/dictionary', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const done = (request.query as { done?: string }).done;
    const key = done && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
    const ctx = await adminPageContext(db, assets, request, reply, '/admin/dictionary');
    return render(request, reply, { notice: key ? dictText(ctx.lang, key) : null }, 200, ctx);
  });

  app.post('/admin/dictionary/preview', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TextForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    try {
      return render(request, reply, { preview: await previewConversion(db, { text: form.text ?? '' }) });
    } catch (error) {
      const problem = problemOf(error);
      if (!problem || !(error instanceof AppError)) throw error;
      return render(request, reply, { problem }, error.status);
    }
  });

  app.post('/admin/dictionary/settings', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(SettingsForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const value = form.taiwanPhrases === 'on' ? true : form.taiwanPhrases === 'off' ? false : form.taiwanPhrases;
    return formAction(request, reply, async () => {
      await setTaiwanPhrases(db, { taiwanPhrases: value }, by(request));
      return '/admin/dictionary?done=phrases#phrases-h';
    });
  });

  app.post('/admin/dictionary/entries', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(EntryForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const entryDraft = { source: form.source ?? '', target: form.target ?? '', direction: form.direction ?? 's2t', phrasesOnly: form.phrasesOnly === 'on', note: form.note ?? '' };
    return formAction(
      request,
      reply,
      async () => {
        const entry = await addConversionEntry(db, formEntry(form, false), by(request));
        return `/admin/dictionary?done=entry-added#entry-row-${entry.id}`;
      },
      { entryDraft },
    );
  });

  app.post<{ Params: { id: string } }>('/admin/dictionary/entries/:id', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(EntryForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = idParam(request.params.id, '词典里没有这一条。');
    return formAction(request, reply, async () => {
      await changeConversionEntry(db, id, formEntry(form, true), by(request));
      return `/admin/dictionary?done=entry-changed#entry-row-${id}`;
    });
  });

  app.post<{ Params: { id: string } }>('/admin/dictionary/entries/:id/delete', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TokenForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = idParam(request.params.id, '词典里没有这一条。');
    return formAction(request, reply, async () => {
      await deleteConversionEntry(db, id, by(request));
      return '/admin/dictionary?done=entry-deleted#entries-h';
    });
  });

  app.post('/admin/dictionary/words', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(WordForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const wordDraft = { word: form.word ?? '', tag: form.tag ?? 'nr', freq: form.freq ?? '', note: form.note ?? '' };
    return formAction(
      request,
      reply,
      async () => {
        const word = await addSegmentationWord(db, formWord(form), by(request));
        return `/admin/dictionary?done=word-added#word-row-${word.id}`;
      },
      { wordDraft },
    );
  });

  app.post<{ Params: { id: string } }>('/admin/dictionary/words/:id', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(WordForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = idParam(request.params.id, '分词词典里没有这个词。');
    return formAction(request, reply, async () => {
      await changeSegmentationWord(db, id, formWord(form), by(request));
      return `/admin/dictionary?done=word-changed#word-row-${id}`;
    });
  });

  app.post<{ Params: { id: string } }>('/admin/dictionary/words/:id/delete', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(TokenForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = idParam(request.params.id, '分词词典里没有这个词。');
    return formAction(request, reply, async () => {
      await deleteSegmentationWord(db, id, by(request));
      return '/admin/dictionary?done=word-deleted#words-h';
    });
  });

  // ---- one article's overrides ----------------------------------------------------------------

  const renderOverrides = async (request: FastifyRequest, reply: FastifyReply, id: number, rows: OverrideRow[] | null, problem: FormProblem | null, status = 200) => {
    const ctx = await adminPageContext(db, assets, request, reply);
    const article = await overrideSubject(db, id);
    const converter = await articleConverter(db, id);
    const sample = [article.title, article.summary].filter((s) => s !== null && s !== '').join('\n');
    const done = (request.query as { done?: string } | undefined)?.done;
    const notice = status === 200 && done === 'saved' ? dictText(ctx.lang, 'overridesSaved') : null;
    const data = {
      article: { id, title: article.title, summary: article.summary },
      rows: rows ?? (await articleOverrides(db, id)),
      preview: { traditional: converter.toTraditional(sample), simplified: converter.toSimplified(sample) },
      maxRows: MAX_OVERRIDES,
    };
    return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(<OverridesPage ctx={ctx} data={data} notice={notice} problem={problem} />));
  };

  app.get<{ Params: { id: string } }>('/admin/articles/:id/conversion', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    return renderOverrides(request, reply, idParam(request.params.id, NO_ARTICLE), null, null);
  });

  app.post<{ Params: { id: string } }>('/admin/articles/:id/conversion', formRoute, async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    const form = parseInput(OverridesForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = idParam(request.params.id, NO_ARTICLE);
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    const rows = formRows(form);
    try {
      await replaceArticleOverrides(db, actor, id, { overrides: rows });
      return reply.redirect(`/admin/articles/${id}/conversion?done=saved`, 303);
    } catch (error) {
      const problem = problemOf(error);
      if (!problem || !(error instanceof AppError) || error.status === 404) throw error;
      return renderOverrides(request, reply, id, rows, problem, error.status);
    }
  });
}
