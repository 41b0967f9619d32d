import type { FastifyInstance } from 'fastify';
import { parseId } from '../articles/reader.service.js';
import type { ApiOperation } from '../newsroom/api/openapi.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import type { Scope } from '../newsroom/auth/scopes.js';
import type { Db } from '../platform/db/database.js';
import {
  NewStorySchema,
  StoryArticleSchema,
  StoryChangesSchema,
  addStoryArticle,
  createStory,
  deleteStory,
  getStory,
  listStories,
  removeStoryArticle,
  updateStory,
} from './stories.service.js';

/** Reading stories: any staff who reads articles (reporters too). */
export const STORY_READ_SCOPE: Scope = 'articles:read';
/** Managing stories is an editorial decision: editors and admins. */
export const STORY_MANAGE_SCOPE: Scope = 'articles:publish';

/** The story routes, for the OpenAPI document. */
export const storiesApi: ApiOperation[] = [
  { method: 'get', path: '/api/admin/stories', summary: 'List 专题 stories, most recently changed first, with article counts', tag: 'stories', scope: STORY_READ_SCOPE },
  { method: 'post', path: '/api/admin/stories', summary: 'Create a story {slug, title, summary?} (audited)', tag: 'stories', scope: STORY_MANAGE_SCOPE, body: NewStorySchema, status: 201 },
  { method: 'get', path: '/api/admin/stories/{id}', summary: 'A story with its articles in every stage, newest added first', tag: 'stories', scope: STORY_READ_SCOPE },
  { method: 'patch', path: '/api/admin/stories/{id}', summary: 'Change slug, title or summary (audited)', tag: 'stories', scope: STORY_MANAGE_SCOPE, body: StoryChangesSchema },
  { method: 'delete', path: '/api/admin/stories/{id}', summary: 'Delete a story; its articles stay (audited)', tag: 'stories', scope: STORY_MANAGE_SCOPE, status: 204 },
  {
    method: 'post',
    path: '/api/admin/stories/{id}/articles',
    summary: 'Add an article (any stage; shown publicly once published). An article belongs to at most one story: 409 otherwise',
    tag: 'stories',
    scope: STORY_MANAGE_SCOPE,
    body: StoryArticleSchema,
  },
  { method: 'delete', path: '/api/admin/stories/{id}/articles/{articleId}', summary: 'Remove an article from the story (audited)', tag: 'stories', scope: STORY_MANAGE_SCOPE },
];

export interface StoriesAdminRoutesOptions {
  db: Db;
  /** Clock (tests); defaults to the real one. */
  now?: () => Date;
}

type IdParams = { Params: { id: string } };

/** The 专题 API under /api/admin: reads need `articles:read`, every change `articles:publish`. */
export async function storiesAdminRoutes(app: FastifyInstance, { db, now = () => new Date() }: StoriesAdminRoutesOptions): Promise<void> {
  app.get('/stories', async (request) => {
    requireScope(request, STORY_READ_SCOPE);
    return { stories: await listStories(db) };
  });

  app.post('/stories', async (request, reply) => {
    const actor = requireScope(request, STORY_MANAGE_SCOPE);
    return reply.code(201).send(await createStory(db, request.body, { actorId: actor.id }, { now: now() }));
  });

  app.get<IdParams>('/stories/:id', async (request) => {
    requireScope(request, STORY_READ_SCOPE);
    return getStory(db, parseId(request.params.id));
  });

  app.patch<IdParams>('/stories/:id', async (request) => {
    const actor = requireScope(request, STORY_MANAGE_SCOPE);
    return updateStory(db, parseId(request.params.id), request.body, { actorId: actor.id }, { now: now() });
  });

  app.delete<IdParams>('/stories/:id', async (request, reply) => {
    const actor = requireScope(request, STORY_MANAGE_SCOPE);
    await deleteStory(db, parseId(request.params.id), { actorId: actor.id }, { now: now() });
    return reply.code(204).send();
  });

  app.post<IdParams>('/stories/:id/articles', async (request) => {
    const actor = requireScope(request, STORY_MANAGE_SCOPE);
    return addStoryArticle(db, parseId(request.params.id), request.body, { actorId: actor.id }, { now: now() });
  });

  app.delete<{ Params: { id: string; articleId: string } }>('/stories/:id/articles/:articleId', async (request) => {
    const actor = requireScope(request, STORY_MANAGE_SCOPE);
    return removeStoryArticle(db, parseId(request.params.id), parseId(request.params.articleId), { actorId: actor.id }, { now: now() });
  });
}
