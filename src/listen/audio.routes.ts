import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rangeParser from 'range-parser';
import type { ApiOperation } from '../newsroom/api/openapi.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import type { Scope } from '../newsroom/auth/scopes.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
import type { FileStore } from '../platform/files/file-store.js';
import { isPublishedArticle } from './audio.store.js';
import { audioState, listenAudio, requestRerender, servedAudioFile } from './audio.service.js';

/** Reading an article's audio state: any staff who read copy. */
export const AUDIO_READ_SCOPE: Scope = 'articles:read';
/** Asking for a re-render: editors and admins. */
export const AUDIO_RENDER_SCOPE: Scope = 'articles:publish';

/** The audio admin routes, for the OpenAPI document and the authorization matrix. */
export const audioApi: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/admin/articles/{id}/audio',
    summary: "An article's rendered audio: status (queued, rendering, ready, failed, unavailable or null), duration in seconds, URL, error, rendered_at",
    tag: 'audio',
    scope: AUDIO_READ_SCOPE,
  },
  {
    method: 'post',
    path: '/api/admin/articles/{id}/audio',
    summary: "Queue a published article's audio to be rendered again now, even when its text is unchanged",
    tag: 'audio',
    scope: AUDIO_RENDER_SCOPE,
    status: 202,
  },
];

/** A year: the file name carries the content hash, so a file never changes under its name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const NO_AUDIO = '没有这个音频文件。';

/** A path id: a positive integer, or a Chinese 400. */
export function articleIdParam(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > 2_147_483_647) throw new ValidationError('稿件编号必须是正整数。', [`id: ${raw.slice(0, 20)}`]);
  return Number(raw);
}

type FileRequest = FastifyRequest<{ Params: { file: string } }>;

/**
 * Serves `/audio/{id}-{hash16}.mp3`, an article's current audio file, streamed from the file
 * store with HTTP Range (Safari's <audio> needs 206): 200 with Accept-Ranges, 206 with
 * Content-Range for a single range (overlapping or adjacent ranges are combined; a request that
 * still has several ranges gets the whole file with 200), 416 with a Content-Range of the size
 * when no range can be satisfied, a malformed Range ignored (200). ETag and If-None-Match /
 * If-Range; HEAD answers the same headers without a body.
 */
export async function audioFileRoutes(app: FastifyInstance, { db, files }: { db: Db; files: FileStore }): Promise<void> {
  const handler = async (request: FileRequest, reply: FastifyReply) => {
    const name = request.params.file;
    const file = await servedAudioFile(db, name);
    if (!file) throw new NotFoundError(NO_AUDIO);
    const head = request.method === 'HEAD';
    if (head && !(await files.exists(file.key))) throw new NotFoundError(NO_AUDIO);
    const etag = `"${name.slice(0, -'.mp3'.length)}"`;
    reply.type('audio/mpeg').header('cache-control', IMMUTABLE).header('etag', etag).header('accept-ranges', 'bytes').header('x-content-type-options', 'nosniff');

    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    // The size recorded with the rendering (a file is never rewritten under its name).
    const size = file.bytes;

    const rangeHeader = request.headers.range;
    const ifRange = request.headers['if-range'];
    let range: { start: number; end: number } | null = null;
    if (rangeHeader && (ifRange === undefined || ifRange === etag)) {
      const parsed = rangeParser(size, rangeHeader, { combine: true });
      if (parsed === -1) return reply.code(416).header('content-range', `bytes */${size}`).send();
      if (parsed !== -2 && parsed.type === 'bytes' && parsed.length === 1 && parsed[0]) range = parsed[0];
    }

    if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
    const length = range ? range.end - range.start + 1 : size;
    reply.header('content-length', length);
    if (head || length === 0) return reply.send();
    const found = await files.stream(file.key, range ?? undefined);
    if (!found) throw new NotFoundError(NO_AUDIO);
    return reply.send(found.body);
  };
  app.route<{ Params: { file: string } }>({ method: ['GET', 'HEAD'], url: '/audio/:file', exposeHeadRoute: false, handler });
}

/**
 * `GET /api/articles/:id/listen`, what the article page's player reads: `{ audio: null }` or
 * `{ audio: { url, type, duration, timings } }` (seconds; one [start, end] per utterance of the
 * speech script, in its order). 404 for an unknown or unpublished article.
 */
export async function listenApiRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get<{ Params: { id: string } }>('/api/articles/:id/listen', async (request, reply) => {
    const id = articleIdParam(request.params.id);
    if (!(await isPublishedArticle(db, id))) throw new NotFoundError('这篇文章不存在或已撤下。');
    return reply.header('cache-control', 'public, max-age=60').send({ audio: await listenAudio(db, id) });
  });
}

/** The audio admin API under /api/admin (see {@link audioApi}). */
export async function audioAdminRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get<{ Params: { id: string } }>('/articles/:id/audio', async (request) => {
    requireScope(request, AUDIO_READ_SCOPE);
    const id = articleIdParam(request.params.id);
    if (!(await isPublishedArticle(db, id))) throw new NotFoundError('这篇稿件不存在或没有发布。');
    return audioState(db, id);
  });
  app.post<{ Params: { id: string } }>('/articles/:id/audio', async (request, reply) => {
    requireScope(request, AUDIO_RENDER_SCOPE);
    const id = articleIdParam(request.params.id);
    return reply.code(202).send(await requestRerender(db, id));
  });
}
