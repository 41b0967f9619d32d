import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { parseInput } from '../../platform/validation.js';
import { requireActor, requireScope } from './auth.plugin.js';
import { createApiToken, listApiTokens, NewTokenSchema, revokeApiToken } from './tokens.service.js';

export interface TokenRoutesOptions {
  db: Db;
  now?: () => Date;
}

const IdParams = z.object({ id: z.coerce.number({ error: 'id 应为正整数' }).int().positive({ error: 'id 应为正整数' }) });

/**
 * API tokens: list (own; admins see everyone's), create (the token is in this one response
 * only) and revoke (owner or admin). A bearer token may create tokens only with the admin scope,
 * so a leaked integration token cannot mint itself successors.
 */
export const tokenRoutes: FastifyPluginAsync<TokenRoutesOptions> = async (app, options) => {
  const { db } = options;
  const clock = () => options.now?.() ?? new Date();

  app.get('/tokens', async (request) => {
    const actor = requireActor(request);
    const all = actor.role === 'admin' && (request.tokenScopes === null || request.tokenScopes.includes('admin'));
    return { tokens: await listApiTokens(db, { personId: all ? null : actor.id }) };
  });

  app.post('/tokens', async (request, reply) => {
    const actor = request.tokenScopes === null ? requireActor(request) : requireScope(request, 'admin');
    const input = parseInput(NewTokenSchema, request.body, '令牌信息有误');
    const { token, info } = await createApiToken(db, actor, input, { now: clock() });
    return reply.code(201).send({ token, apiToken: info });
  });

  app.delete('/tokens/:id', async (request) => {
    const actor = requireActor(request);
    const { id } = parseInput(IdParams, request.params, '令牌编号有误');
    return { apiToken: await revokeApiToken(db, actor, id, { now: clock() }) };
  });
};
