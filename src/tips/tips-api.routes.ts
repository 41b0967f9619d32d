import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseId } from '../articles/reader.service.js';
import { parseInput } from '../platform/validation.js';
import { appendChunk, createItem, finishUpload, startFollowUp, startTip, tipForReceipt, tipsConfig, replyForReceipt, type TipDeps } from './tips.service.js';
import { TIP_CHUNK_BYTES, type StartFollowUpResponse, type StartTipResponse, type TipStatusResponse } from './tips-protocol.js';

const ReceiptSchema = z.object({ receipt: z.string({ error: '请填写回执码' }).max(100, '回执码太长') });

type UploadParams = { Params: { uploadId: string } };
type ChunkParams = { Params: { uploadId: string; itemId: string; index: string } };

/** A path parameter that must be a non-negative integer (chunk indexes start at 0). */
function parseIndex(value: string): number {
  const parsed = parseInput(z.string().regex(/^\d{1,9}$/, '分块序号应为非负整数'), value, '分块序号有误');
  return Number(parsed);
}

/**
 * The public tips API under /api/tips (protocol: tips-protocol.ts). Nothing here reads the
 * client's address or headers beyond the body's type; the server logs these routes without them.
 */
export async function tipsApiRoutes(app: FastifyInstance, deps: TipDeps & { now?: () => Date }): Promise<void> {
  const now = deps.now ?? (() => new Date());
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: TIP_CHUNK_BYTES }, (_request, body, done) => done(null, body));

  app.get('/config', async () => tipsConfig(deps.db));

  app.post('/', async (_request, reply) => {
    const { uploadId, receipt } = await startTip(deps, { now: now() });
    const answer: StartTipResponse = { uploadId, receipt };
    return reply.code(201).send(answer);
  });

  app.post<UploadParams>('/uploads/:uploadId/items', async (request, reply) =>
    reply.code(201).send(await createItem(deps, request.params.uploadId, request.body, { now: now() })),
  );

  app.put<ChunkParams>('/uploads/:uploadId/items/:itemId/chunks/:index', async (request) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return appendChunk(deps, request.params.uploadId, parseId(request.params.itemId), parseIndex(request.params.index), body, { now: now() });
  });

  app.post<UploadParams>('/uploads/:uploadId/finish', async (request) => {
    const { status, items, bytes } = await finishUpload(deps, request.params.uploadId, { now: now() });
    return { status, items, bytes };
  });

  app.post('/status', async (request) => {
    const { receipt } = parseInput(ReceiptSchema, request.body, '回执码有误');
    const { tip, replies } = await tipForReceipt(deps, receipt);
    const answer: TipStatusResponse = {
      status: tip.status as TipStatusResponse['status'],
      createdAt: tip.created_at,
      updatedAt: tip.updated_at,
      lockedIdentity: tip.locked_identity,
      replies: replies.map((r) => ({ id: r.id, createdAt: r.created_at, bytes: r.bytes, url: `/api/tips/replies/${r.id}` })),
    };
    return answer;
  });

  app.post<{ Params: { replyId: string } }>('/replies/:replyId', async (request, reply) => {
    const { receipt } = parseInput(ReceiptSchema, request.body, '回执码有误');
    const { body, bytes } = await replyForReceipt(deps, receipt, parseId(request.params.replyId));
    return reply.type('application/octet-stream').header('content-length', String(bytes)).send(body);
  });

  app.post('/followups', async (request, reply) => {
    const { receipt } = parseInput(ReceiptSchema, request.body, '回执码有误');
    const { uploadId } = await startFollowUp(deps, receipt, { now: now() });
    const answer: StartFollowUpResponse = { uploadId };
    return reply.code(201).send(answer);
  });
}
