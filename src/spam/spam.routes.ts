import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseId } from '../articles/reader.service.js';
import type { ApiOperation } from '../newsroom/api/openapi.js';
import { requireActor, requireScope } from '../newsroom/auth/auth.plugin.js';
import type { Db } from '../platform/db/database.js';
import { parseInput } from '../platform/validation.js';
import { analyseText } from './spam.service.js';
import { addSpamTerm, changeSpamTerm, deleteSpamTerm, listSpamTerms, NewTermSchema, TermChangesSchema } from './terms.service.js';

/**
 * Managing the lists is an editorial decision about what readers may say, so it takes the
 * scope editors and admins hold (`articles:publish`); there is no separate moderation scope.
 */
export const SPAM_LIST_SCOPE = 'articles:publish' as const;

/** The text to try, at most 20,000 characters. */
export const CheckTextSchema = z.object({
  text: z.string({ error: '请填写要检查的文字' }).min(1, { error: '请填写要检查的文字' }).max(20_000, { error: '文字最多 20000 字' }),
});

/** The spam routes, for the OpenAPI document and the authorization matrix. */
export const spamApi: ApiOperation[] = [
  { method: 'get', path: '/api/admin/spam/terms', summary: 'The spam term lists and their version', tag: 'spam', scope: SPAM_LIST_SCOPE },
  {
    method: 'post',
    path: '/api/admin/spam/terms',
    summary: 'Add a term (matched without word boundaries on normalised text); 409 `term_exists` if its normalised form is listed',
    tag: 'spam',
    scope: SPAM_LIST_SCOPE,
    body: NewTermSchema,
    status: 201,
  },
  { method: 'patch', path: '/api/admin/spam/terms/{id}', summary: "Change a term's text, category, weight or action", tag: 'spam', scope: SPAM_LIST_SCOPE, body: TermChangesSchema },
  { method: 'delete', path: '/api/admin/spam/terms/{id}', summary: 'Delete a term', tag: 'spam', scope: SPAM_LIST_SCOPE, status: 204 },
  {
    method: 'post',
    path: '/api/admin/spam/check',
    summary: 'Score a text without recording or learning anything: {score, action, reasons, highlights}',
    tag: 'spam',
    body: CheckTextSchema,
  },
];

export interface SpamRoutesOptions {
  db: Db;
}

/** `/spam/terms` (list, add, change, delete; audited) and `/spam/check`; register under /api/admin. */
export async function spamRoutes(app: FastifyInstance, { db }: SpamRoutesOptions): Promise<void> {
  app.get('/spam/terms', async (request) => {
    requireScope(request, SPAM_LIST_SCOPE);
    return listSpamTerms(db);
  });

  app.post('/spam/terms', async (request, reply) => {
    const actor = requireScope(request, SPAM_LIST_SCOPE);
    const term = await addSpamTerm(db, request.body, { actorId: actor.id });
    return reply.code(201).send({ term });
  });

  app.patch<{ Params: { id: string } }>('/spam/terms/:id', async (request) => {
    const actor = requireScope(request, SPAM_LIST_SCOPE);
    const term = await changeSpamTerm(db, parseId(request.params.id), request.body, { actorId: actor.id });
    return { term };
  });

  app.delete<{ Params: { id: string } }>('/spam/terms/:id', async (request, reply) => {
    const actor = requireScope(request, SPAM_LIST_SCOPE);
    await deleteSpamTerm(db, parseId(request.params.id), { actorId: actor.id });
    return reply.code(204).send();
  });

  app.post('/spam/check', async (request) => {
    requireActor(request);
    const { text } = parseInput(CheckTextSchema, request.body, '要检查的文字有误');
    return analyseText(db, text);
  });
}
