import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseId } from '../articles/reader.service.js';
import { requireActor, requireRole } from '../newsroom/auth/auth.plugin.js';
import type { Actor } from '../newsroom/staff/actor.js';
import { ForbiddenError, NotFoundError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { activeRecipients, addReply, deleteTip, itemCiphertext, patchTip, tipSettings, updateTipSettings, type TipDeps } from './tips.service.js';
import { MAX_REPLY_BYTES, TIP_TRIAGE_STATUSES, type AdminTipDetail, type AdminTipItem, type AdminTipListResponse, type AdminTipSummary, type TipStatus } from './tips-protocol.js';
import * as store from './tips.store.js';

const PAGE_SIZE = 50;

const ListQuerySchema = z.object({
  status: z.enum(TIP_TRIAGE_STATUSES, { error: '状态应为 new、in_progress、done 或 spam' }).optional(),
  page: z.coerce.number({ error: '页码应为数字' }).int('页码应为整数').min(1, '页码从 1 开始').max(100_000).optional(),
});

type IdParams = { Params: { id: string } };

/**
 * The inbox is for the roles in the tip settings (editor and admin by default), and only in a
 * signed-in browser: an API token could be copied into scripts and logs, which tips must not reach.
 */
async function requireInbox(request: FastifyRequest, deps: TipDeps): Promise<Actor> {
  const actor = requireActor(request);
  if (request.auth?.via !== 'session') throw new ForbiddenError('线索收件箱只能在登录后的浏览器中使用，不接受 API 令牌。', 'session_required');
  const { inboxRoles } = await tipSettings(deps.db);
  if (!inboxRoles.includes(actor.role)) throw new ForbiddenError('您的角色不能查看新闻线索。', 'forbidden');
  return actor;
}

function summary(row: store.TipListRow): AdminTipSummary {
  return {
    id: row.id,
    status: row.status as TipStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    totalBytes: row.total_bytes,
    itemCount: row.item_count,
    assignee: row.assignee_id !== null && row.assignee_name !== null ? { id: row.assignee_id, name: row.assignee_name } : null,
  };
}

async function detail(deps: TipDeps, id: number): Promise<AdminTipDetail> {
  const tip = await store.selectTip(deps.db, id);
  if (!tip || tip.status === 'uploading') throw new NotFoundError('没有这条线索。');
  const [items, batches, recipients] = await Promise.all([store.selectCompleteTipItems(deps.db, id), store.selectUploadOrder(deps.db, id), activeRecipients(deps.db)]);
  const assigneeName = tip.assignee_id === null ? null : await store.selectPersonName(deps.db, tip.assignee_id);
  const adminItems: AdminTipItem[] = items.map((item) => ({
    id: item.id,
    kind: item.kind as AdminTipItem['kind'],
    author: item.author as AdminTipItem['author'],
    bytes: item.bytes,
    createdAt: item.created_at,
    authorName: item.author_name,
    url: `/api/admin/tips/${id}/items/${item.id}`,
    batch: item.upload_id === null ? null : (batches.get(item.upload_id) ?? null),
  }));
  return {
    ...summary({ ...tip, assignee_name: assigneeName, item_count: items.length }),
    readerRecipient: tip.reader_recipient,
    newsroomRecipients: recipients,
    items: adminItems,
  };
}

/** The newsroom's tip inbox under /api/admin (protocol: tips-protocol.ts). */
export async function tipsAdminRoutes(app: FastifyInstance, deps: TipDeps & { now?: () => Date }): Promise<void> {
  const now = deps.now ?? (() => new Date());
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_REPLY_BYTES }, (_request, body, done) => done(null, body));

  app.get('/tips/settings', async (request) => {
    requireRole(request, 'admin');
    return tipSettings(deps.db);
  });

  app.put('/tips/settings', async (request) => {
    requireRole(request, 'admin');
    return updateTipSettings(deps.db, request.body);
  });

  app.get('/tips', async (request) => {
    await requireInbox(request, deps);
    const query = parseInput(ListQuerySchema, request.query, '查询参数有误');
    const status = query.status ?? null;
    const page = query.page ?? 1;
    const [rows, total] = await Promise.all([store.selectTipList(deps.db, { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), store.countTips(deps.db, status)]);
    const answer: AdminTipListResponse = { tips: rows.map(summary), page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
    return answer;
  });

  app.get<IdParams>('/tips/:id', async (request) => {
    await requireInbox(request, deps);
    return detail(deps, parseId(request.params.id));
  });

  app.patch<IdParams>('/tips/:id', async (request) => {
    await requireInbox(request, deps);
    const id = parseId(request.params.id);
    await patchTip(deps, id, request.body, { now: now() });
    return detail(deps, id);
  });

  app.delete<IdParams>('/tips/:id', async (request, reply) => {
    await requireInbox(request, deps);
    if (!(await deleteTip(deps, parseId(request.params.id)))) throw new NotFoundError('没有这条线索。');
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string; itemId: string } }>('/tips/:id/items/:itemId', async (request, reply) => {
    await requireInbox(request, deps);
    const { body, bytes } = await itemCiphertext(deps, parseId(request.params.id), parseId(request.params.itemId));
    return reply.type('application/octet-stream').header('content-length', String(bytes)).send(body);
  });

  app.post<IdParams>('/tips/:id/replies', async (request, reply) => {
    const actor = await requireInbox(request, deps);
    const id = parseId(request.params.id);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const itemId = await addReply(deps, id, actor.id, body, { now: now() });
    const item = (await detail(deps, id)).items.find((i) => i.id === itemId);
    return reply.code(201).send({ item });
  });
}

