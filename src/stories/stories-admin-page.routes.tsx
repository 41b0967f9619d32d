import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import { outletSettings } from '../articles/outlet.service.js';
import { parseId } from '../articles/reader.service.js';
import { feedPath } from '../feeds/feed-urls.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import { setUpAdminFormPages } from '../newsroom/ui/admin-form-pages.js';
import { assertSessionFormToken, CSRF_FIELD } from '../newsroom/auth/form-csrf.js';
import { scopesForRole } from '../newsroom/auth/scopes.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import type { AdminAssets } from '../newsroom/ui/admin-assets.js';
import { adminPageContext } from '../newsroom/ui/admin-page-context.js';
import type { Db } from '../platform/db/database.js';
import { AppError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { editionOfScript, editionPath } from '../web/editions.js';
import { renderDocument } from '../web/render.js';
import type { FormProblem } from '../newsroom/ui/form-parts.view.js';
import { StoriesListPage, StoryEditPage, type StoryDraft } from './stories-admin.view.js';
import { STORY_MANAGE_SCOPE, STORY_READ_SCOPE } from './stories-admin.routes.js';
import {
  addStoryArticle,
  createStory,
  deleteStory,
  getStory,
  listStories,
  recentPublishedArticles,
  removeStoryArticle,
  updateStory,
} from './stories.service.js';
import { storyPath } from './story-path.js';

export interface StoriesAdminPageRoutesOptions {
  db: Db;
  sessions: SessionStore;
  assets: AdminAssets;
  /** Clock (tests); defaults to the real one. */
  now?: () => Date;
}

// Form fields arrive as strings; the services validate what they mean.
const field = z.string().max(20_000).optional();
const StoryForm = z.object({ [CSRF_FIELD]: field, slug: field, title: field, summary: field });
const AddForm = z.object({ [CSRF_FIELD]: field, articleId: field, recentId: field });
const TokenForm = z.object({ [CSRF_FIELD]: field });

const NOTICES = {
  created: '专题已创建。',
  changed: '已保存。',
  added: '稿件已加入专题。',
  removed: '稿件已移出专题。',
  deleted: '专题已删除。',
} as const;

function noticeOf(query: unknown): string | null {
  const done = (query as { done?: string } | undefined)?.done;
  return done && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : null;
}

function draftOf(form: z.output<typeof StoryForm>): StoryDraft {
  return { slug: form.slug ?? '', title: form.title ?? '', summary: form.summary ?? '' };
}

/** The article id a form names: the typed id, else the one picked from the list. */
function chosenArticleId(form: z.output<typeof AddForm>): string {
  const typed = form.articleId?.trim() ?? '';
  const picked = form.recentId?.trim() ?? '';
  const chosen = typed !== '' ? typed : picked;
  if (chosen === '') throw new ValidationError('要加入的稿件有误', ['articleId: 请填写稿件编号，或从最近签发的稿件中选择']);
  return chosen;
}

/**
 * The newsroom's 专题 pages as plain forms (they work without JavaScript): /admin/stories (the
 * list and a create form) and /admin/stories/{id} (fields, articles, add, remove, delete). Any
 * staff who reads articles may look; editors and admins change. Forms post to the same services
 * as the JSON API and are protected like the login forms (same origin plus the session's
 * token); success answers 303 to the page, a refusal renders it again with the problem.
 */
export async function storiesAdminPageRoutes(
  app: FastifyInstance,
  { db, sessions, assets, now = () => new Date() }: StoriesAdminPageRoutesOptions,
): Promise<void> {
  await setUpAdminFormPages(app, { db, sessions });

  const send = (reply: FastifyReply, page: VNode, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page));

  /** Whether the forms are shown: the same check requireScope makes for the posts. */
  const canManage = (request: FastifyRequest) => {
    if (!request.actor) return false;
    const scopes = request.tokenScopes ?? scopesForRole(request.actor.role);
    return scopes.includes(STORY_MANAGE_SCOPE);
  };

  const renderList = async (request: FastifyRequest, reply: FastifyReply, state: { problem?: FormProblem; draft?: StoryDraft; status?: number } = {}) => {
    const ctx = await adminPageContext(db, assets, request, reply, '/admin/stories');
    const page = (
      <StoriesListPage
        ctx={ctx}
        stories={await listStories(db)}
        canManage={canManage(request)}
        notice={state.problem ? null : noticeOf(request.query)}
        problem={state.problem ?? null}
        draft={state.draft ?? null}
      />
    );
    return send(reply, page, state.status);
  };

  const renderEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    state: { problem?: FormProblem; draft?: StoryDraft; status?: number } = {},
  ) => {
    const story = await getStory(db, id);
    const [ctx, recent, outlet] = await Promise.all([
      adminPageContext(db, assets, request, reply, `/admin/stories/${id}`),
      recentPublishedArticles(db, 50),
      outletSettings(db),
    ]);
    const edition = editionOfScript(outlet.defaultScript);
    const scope = { kind: 'story', slug: story.slug } as const;
    const page = (
      <StoryEditPage
        ctx={ctx}
        story={story}
        recent={recent}
        publicPath={editionPath(edition, storyPath(story.slug))}
        feedPaths={{ rss: editionPath(edition, feedPath(scope, 'rss')), atom: editionPath(edition, feedPath(scope, 'atom')) }}
        canManage={canManage(request)}
        notice={state.problem ? null : noticeOf(request.query)}
        problem={state.problem ?? null}
        draft={state.draft ?? null}
      />
    );
    return send(reply, page, state.status);
  };

  /** Signed-out visitors go to the login page (which comes back here); others need `scope`. */
  const allowed = (request: FastifyRequest, reply: FastifyReply, scope = STORY_READ_SCOPE): boolean => {
    if (!request.actor || request.auth?.mustChangePassword) {
      void reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 302);
      return false;
    }
    requireScope(request, scope);
    return true;
  };

  /** Runs a form action; a refusal (4xx AppError) re-renders the page with it. */
  const formAction = async (
    reply: FastifyReply,
    action: () => Promise<string>,
    rerender: (problem: FormProblem, status: number) => Promise<FastifyReply>,
  ) => {
    try {
      return reply.redirect(await action(), 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === 'csrf') throw error;
      const details = error instanceof ValidationError ? error.details : [];
      return rerender({ message: error.publicMessage, details }, error.status);
    }
  };

  // skipCsrf: the auth plugin checks a header a plain form cannot send; each form carries the token instead.
  const formRoute = { config: { skipCsrf: true } };
  type IdParams = { Params: { id: string } };

  app.get('/admin/stories', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    return renderList(request, reply);
  });

  app.get<IdParams>('/admin/stories/:id', async (request, reply) => {
    if (!allowed(request, reply)) return reply;
    return renderEdit(request, reply, parseId(request.params.id));
  });

  app.post('/admin/stories', formRoute, async (request, reply) => {
    if (!allowed(request, reply, STORY_MANAGE_SCOPE)) return reply;
    const form = parseInput(StoryForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const by = { actorId: request.actor?.id ?? null };
    return formAction(
      reply,
      async () => `/admin/stories/${(await createStory(db, draftOf(form), by, { now: now() })).id}?done=created`,
      (problem, status) => renderList(request, reply, { problem, draft: draftOf(form), status }),
    );
  });

  app.post<IdParams>('/admin/stories/:id', formRoute, async (request, reply) => {
    if (!allowed(request, reply, STORY_MANAGE_SCOPE)) return reply;
    const form = parseInput(StoryForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = parseId(request.params.id);
    const by = { actorId: request.actor?.id ?? null };
    return formAction(
      reply,
      async () => {
        await updateStory(db, id, draftOf(form), by, { now: now() });
        return `/admin/stories/${id}?done=changed`;
      },
      (problem, status) => renderEdit(request, reply, id, { problem, draft: draftOf(form), status }),
    );
  });

  app.post<IdParams>('/admin/stories/:id/delete', formRoute, async (request, reply) => {
    if (!allowed(request, reply, STORY_MANAGE_SCOPE)) return reply;
    const form = parseInput(TokenForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = parseId(request.params.id);
    return formAction(
      reply,
      async () => {
        await deleteStory(db, id, { actorId: request.actor?.id ?? null }, { now: now() });
        return '/admin/stories?done=deleted';
      },
      (problem, status) => renderList(request, reply, { problem, status }),
    );
  });

  app.post<IdParams>('/admin/stories/:id/articles', formRoute, async (request, reply) => {
    if (!allowed(request, reply, STORY_MANAGE_SCOPE)) return reply;
    const form = parseInput(AddForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = parseId(request.params.id);
    return formAction(
      reply,
      async () => {
        await addStoryArticle(db, id, { articleId: chosenArticleId(form) }, { actorId: request.actor?.id ?? null }, { now: now() });
        return `/admin/stories/${id}?done=added#story-articles-h`;
      },
      (problem, status) => renderEdit(request, reply, id, { problem, status }),
    );
  });

  app.post<{ Params: { id: string; articleId: string } }>('/admin/stories/:id/articles/:articleId/remove', formRoute, async (request, reply) => {
    if (!allowed(request, reply, STORY_MANAGE_SCOPE)) return reply;
    const form = parseInput(TokenForm, request.body ?? {}, '表单无效');
    assertSessionFormToken(request, form[CSRF_FIELD]);
    const id = parseId(request.params.id);
    const articleId = parseId(request.params.articleId);
    return formAction(
      reply,
      async () => {
        await removeStoryArticle(db, id, articleId, { actorId: request.actor?.id ?? null }, { now: now() });
        return `/admin/stories/${id}?done=removed#story-articles-h`;
      },
      (problem, status) => renderEdit(request, reply, id, { problem, status }),
    );
  });
}
