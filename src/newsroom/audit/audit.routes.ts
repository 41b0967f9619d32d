import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.js';
import { requireScope } from '../auth/auth.plugin.js';
import { parseInput } from '../../platform/validation.js';
import { listAudit } from './audit.service.js';

export interface AuditRoutesOptions {
  db: Db;
}

const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1, { error: 'limit 应在 1 到 200 之间' }).max(200, { error: 'limit 应在 1 到 200 之间' }).default(50),
  before: z.coerce.number().int().positive({ error: 'before 应为条目编号' }).optional(),
});

/** `GET /audit?limit=50&before=ID`: newest first, admins only; `nextBefore` pages back. */
export const auditRoutes: FastifyPluginAsync<AuditRoutesOptions> = async (app, { db }) => {
  app.get('/audit', async (request) => {
    requireScope(request, 'admin');
    const query = parseInput(AuditQuery, request.query, '查询参数有误');
    const entries = await listAudit(db, { limit: query.limit, before: query.before ?? null });
    const last = entries.at(-1);
    return { entries, nextBefore: entries.length === query.limit && last ? last.id : null };
  });
};
