import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { suggestTags } from '../../articles/article-editing.service.js';
import type { Db } from '../../platform/db/database.js';
import { NotFoundError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { requireScope } from '../auth/auth.plugin.js';
import { compareRevisions, listRevisions } from '../revisions/revision.service.js';
import type { ApiOperation } from '../api/openapi.js';
import { createMemoryPresenceStore, type PresenceStore } from './presence.js';
import {
  CorrectionSchema,
  CreateSchema,
  EditorChangeSchema,
  ListQuerySchema,
  PatchSchema,
  TRANSITIONS,
  TransitionBodies,
  VersionSchema,
  correctArticle,
  createArticle,
  getArticle,
  listArticles,
  restoreRevision,
  setResponsibleEditor,
  transitionArticle,
  updateArticle,
  withCopyCheck,
  type TransitionName,
} from './admin-articles.service.js';

const TRANSITION_SUMMARIES: Record<TransitionName, string> = {
  submit: 'Submit to the desk (待审)',
  return: 'Return to the reporter with a comment',
  publish: 'Sign off and publish (签发); a future publishAt schedules instead',
  unschedule: 'Cancel a scheduled sign-off (back to 待审)',
  unpublish: 'Unpublish (撤稿) with a reason',
  republish: 'Publish an unpublished article again',
};

const TagQuerySchema = z.object({ q: z.string().max(50).optional() });

const scopeFor = (name: TransitionName) => (name === 'submit' ? 'articles:write' : 'articles:publish');

/** The article routes, for the OpenAPI document. */
export const adminArticlesApi: ApiOperation[] = [
  { method: 'get', path: '/api/admin/articles', summary: "List articles with filters (desk=mine: only the caller's desks)", tag: 'articles', scope: 'articles:read', query: ListQuerySchema },
  {
    method: 'post',
    path: '/api/admin/articles',
    summary: 'Create a draft (structured body, or {title, text} with paragraphs separated by blank lines)',
    tag: 'articles',
    scope: 'articles:write',
    body: CreateSchema,
    status: 201,
  },
  { method: 'get', path: '/api/admin/tags', summary: 'Existing tags containing q, most used first (10 at most)', tag: 'articles', scope: 'articles:read', query: TagQuerySchema },
  { method: 'get', path: '/api/admin/articles/{id}', summary: 'Read an article for editing', tag: 'articles', scope: 'articles:read' },
  { method: 'patch', path: '/api/admin/articles/{id}', summary: 'Edit; carries the version it edits (409 on conflict)', tag: 'articles', scope: 'articles:write', body: PatchSchema },
  ...TRANSITIONS.map(
    (name): ApiOperation => ({
      method: 'post',
      path: `/api/admin/articles/{id}/${name}`,
      summary: TRANSITION_SUMMARIES[name],
      tag: 'workflow',
      scope: scopeFor(name),
      body: TransitionBodies[name],
    }),
  ),
  { method: 'post', path: '/api/admin/articles/{id}/corrections', summary: 'Add a dated 更正 note', tag: 'workflow', scope: 'articles:publish', body: CorrectionSchema, status: 201 },
  { method: 'get', path: '/api/admin/articles/{id}/revisions', summary: 'List revisions, newest first', tag: 'revisions', scope: 'articles:read' },
  { method: 'get', path: '/api/admin/articles/{id}/revisions/compare', summary: 'Compare two revisions (?from=&to=), character diff', tag: 'revisions', scope: 'articles:read' },
  { method: 'put', path: '/api/admin/articles/{id}/editor', summary: 'Change 责任编辑 (admins; audited)', tag: 'workflow', scope: 'articles:publish', body: EditorChangeSchema },
  { method: 'post', path: '/api/admin/articles/{id}/presence', summary: 'Heartbeat from the editor: who else has this article open', tag: 'articles', scope: 'articles:read' },
  { method: 'delete', path: '/api/admin/articles/{id}/presence', summary: 'The caller closed the article', tag: 'articles', scope: 'articles:read' },
  {
    method: 'post',
    path: '/api/admin/articles/{id}/revisions/{version}/restore',
    summary: 'Restore a revision as a new version',
    tag: 'revisions',
    scope: 'articles:write',
    body: VersionSchema,
  },
];

export interface AdminArticlesRoutesOptions {
  db: Db;
  /** Who has which article open; default: in this process's memory. */
  presence?: PresenceStore;
  /** Clock (tests); defaults to the real one. */
  now?: () => Date;
}

type IdParams = { Params: { id: string } };

/** Article ids in URLs: positive whole numbers, anything else is a 404. */
function articleId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) throw new NotFoundError('没有这篇稿件。');
  return Number(raw);
}

function versionParam(raw: string | undefined, name: string): number {
  if (raw === undefined || !/^\d{1,9}$/.test(raw)) throw new NotFoundError(`没有这个版本（${name}）。`);
  return Number(raw);
}

/**
 * The newsroom's article API under /api/admin: list, create, read, edit with a version,
 * workflow actions, corrections and revisions. Reads need `articles:read`, writing
 * `articles:write`, and signing off, unpublishing and corrections `articles:publish`; the
 * workflow then decides by role, desk and stage.
 */
export async function adminArticlesRoutes(
  app: FastifyInstance,
  { db, now = () => new Date(), presence = createMemoryPresenceStore() }: AdminArticlesRoutesOptions,
): Promise<void> {
  app.get<{ Querystring: Record<string, string | undefined> }>('/articles', async (request) => {
    const actor = requireScope(request, 'articles:read');
    return listArticles(db, actor, request.query);
  });

  app.get<{ Querystring: { q?: string } }>('/tags', async (request) => {
    requireScope(request, 'articles:read');
    const { q } = parseInput(TagQuerySchema, request.query, '标签查询无效');
    return { tags: await suggestTags(db, q ?? '') };
  });

  app.post('/articles', async (request, reply) => {
    const actor = requireScope(request, 'articles:write');
    const at = now();
    const view = await createArticle(db, actor, request.body, at);
    return reply.code(201).send(await withCopyCheck(db, actor, view, { alert: true, now: at }));
  });

  app.get<IdParams>('/articles/:id', async (request) => {
    const actor = requireScope(request, 'articles:read');
    return withCopyCheck(db, actor, await getArticle(db, actor, articleId(request.params.id)), { alert: false });
  });

  app.patch<IdParams>('/articles/:id', async (request) => {
    const actor = requireScope(request, 'articles:write');
    const at = now();
    const view = await updateArticle(db, actor, articleId(request.params.id), request.body, at);
    return withCopyCheck(db, actor, view, { alert: true, now: at });
  });

  for (const name of TRANSITIONS) {
    app.post<IdParams>(`/articles/:id/${name}`, async (request) => {
      const actor = requireScope(request, scopeFor(name));
      return transitionArticle(db, actor, articleId(request.params.id), name, request.body, now());
    });
  }

  app.post<IdParams>('/articles/:id/corrections', async (request, reply) => {
    const actor = requireScope(request, 'articles:publish');
    return reply.code(201).send(await correctArticle(db, actor, articleId(request.params.id), request.body, now()));
  });

  app.put<IdParams>('/articles/:id/editor', async (request) => {
    const actor = requireScope(request, 'articles:publish');
    return setResponsibleEditor(db, actor, articleId(request.params.id), request.body, now());
  });

  app.post<IdParams>('/articles/:id/presence', async (request) => {
    const actor = requireScope(request, 'articles:read');
    const id = articleId(request.params.id);
    await getArticle(db, actor, id); // 404 for an article that does not exist
    return { editors: presence.beat(id, { id: actor.id, name: actor.displayName }, now()) };
  });

  app.delete<IdParams>('/articles/:id/presence', async (request, reply) => {
    const actor = requireScope(request, 'articles:read');
    presence.leave(articleId(request.params.id), actor.id);
    return reply.code(204).send();
  });

  app.get<IdParams>('/articles/:id/revisions', async (request) => {
    const actor = requireScope(request, 'articles:read');
    const id = articleId(request.params.id);
    await getArticle(db, actor, id); // 404 for an article that does not exist
    return { revisions: await listRevisions(db, id) };
  });

  app.get<IdParams & { Querystring: { from?: string; to?: string } }>('/articles/:id/revisions/compare', async (request) => {
    requireScope(request, 'articles:read');
    const { from, to } = request.query;
    return compareRevisions(db, articleId(request.params.id), versionParam(from, 'from'), versionParam(to, 'to'));
  });

  app.post<{ Params: { id: string; version: string } }>('/articles/:id/revisions/:version/restore', async (request) => {
    const actor = requireScope(request, 'articles:write');
    const id = articleId(request.params.id);
    return restoreRevision(db, actor, id, versionParam(request.params.version, 'version'), request.body, now());
  });
}
