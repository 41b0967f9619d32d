import type { FastifyInstance } from 'fastify';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import type { ApiOperation } from '../newsroom/api/openapi.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import { changeScopeSettings, getScopeSettings, SettingsChangeSchema, SettingsQuerySchema } from './comment-settings.service.js';
import {
  authorHistory,
  banAuthor,
  BanSchema,
  decideComments,
  DecisionSchema,
  HistoryQuerySchema,
  liftBan,
  listBans,
  listModerationQueue,
  queueCounts,
  QueueQuerySchema,
} from './moderation.service.js';

/** The scope every moderation route needs: moderators, editors (their desks) and admins have it. */
const SCOPE = 'comments:moderate';

/** The comment moderation routes, for the OpenAPI document. */
export const commentModerationApi: ApiOperation[] = [
  { method: 'get', path: '/api/admin/comments', summary: 'A moderation queue (pending, held, reported, approved, rejected), oldest waiting first', tag: 'comments', scope: SCOPE, query: QueueQuerySchema },
  { method: 'get', path: '/api/admin/comments/counts', summary: 'How many comments wait in the pending, held and reported queues', tag: 'comments', scope: SCOPE },
  { method: 'post', path: '/api/admin/comments/approve', summary: 'Approve comments (one or many); teaches the spam filter', tag: 'comments', scope: SCOPE, body: DecisionSchema },
  { method: 'post', path: '/api/admin/comments/reject', summary: 'Reject comments (one or many) with a reason; "spam" teaches the spam filter', tag: 'comments', scope: SCOPE, body: DecisionSchema },
  { method: 'get', path: '/api/admin/comments/history', summary: "A commenter's comments, counts and ban", tag: 'comments', scope: SCOPE, query: HistoryQuerySchema },
  { method: 'get', path: '/api/admin/comments/bans', summary: 'Banned commenters, newest first', tag: 'comments', scope: SCOPE },
  { method: 'post', path: '/api/admin/comments/bans', summary: 'Ban a commenter, optionally rejecting all their comments', tag: 'comments', scope: SCOPE, body: BanSchema, status: 201 },
  { method: 'delete', path: '/api/admin/comments/bans/{id}', summary: 'Lift a ban', tag: 'comments', scope: SCOPE },
  { method: 'get', path: '/api/admin/comments/settings', summary: 'Comment settings of the outlet, a section or an article, with what applies there', tag: 'comments', scope: SCOPE, query: SettingsQuerySchema },
  { method: 'patch', path: '/api/admin/comments/settings', summary: 'Change comment settings (mode, new commenters, links, guests, closing); null inherits', tag: 'comments', scope: SCOPE, body: SettingsChangeSchema },
];

/** The moderation API under /api/admin/comments (register inside the admin scope, after authPlugin). */
export async function commentModerationRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get('/comments', async (request) => listModerationQueue(db, requireScope(request, SCOPE), request.query));
  app.get('/comments/counts', async (request) => queueCounts(db, requireScope(request, SCOPE)));
  app.post('/comments/approve', async (request) => decideComments(db, requireScope(request, SCOPE), 'approve', request.body));
  app.post('/comments/reject', async (request) => decideComments(db, requireScope(request, SCOPE), 'reject', request.body));
  app.get('/comments/history', async (request) => authorHistory(db, requireScope(request, SCOPE), request.query));
  app.get('/comments/bans', async (request) => {
    requireScope(request, SCOPE);
    return { bans: await listBans(db) };
  });
  app.post('/comments/bans', async (request, reply) => reply.code(201).send(await banAuthor(db, requireScope(request, SCOPE), request.body)));
  app.delete<{ Params: { id: string } }>('/comments/bans/:id', async (request) => {
    const actor = requireScope(request, SCOPE);
    const raw = request.params.id;
    if (!/^\d{1,10}$/.test(raw)) throw new NotFoundError('没有这条封禁记录。');
    return { ban: await liftBan(db, actor, Number(raw)) };
  });
  app.get('/comments/settings', async (request) => getScopeSettings(db, requireScope(request, SCOPE), request.query));
  app.patch('/comments/settings', async (request) => changeScopeSettings(db, requireScope(request, SCOPE), request.body));
}
