import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../platform/db/database.js';
import { AppError, NotFoundError, ValidationError } from '../platform/errors.js';
import type { FileStore } from '../platform/files/file-store.js';
import type { ApiOperation } from '../newsroom/api/openapi.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import {
  deleteMedia,
  FileTooLargeError,
  getMedia,
  listMedia,
  MAX_UPLOAD_BYTES,
  MediaListQuerySchema,
  MediaTextPatchSchema,
  MediaTextSchema,
  storeImage,
  updateMedia,
} from './media.service.js';
import { VARIANT_MIME, type VariantFormat } from './model.js';

/** The upload form, for the OpenAPI document: the file plus the text fields. */
const UploadSchema = MediaTextSchema.extend({ file: z.string().describe('The image (JPEG, PNG, WebP or GIF), at most 20 MB') });

/** The media routes, for the OpenAPI document. */
export const mediaApi: ApiOperation[] = [
  {
    method: 'post',
    path: '/api/admin/media',
    summary:
      'Upload an image (multipart: file, alt, caption, credit); stores metadata-free variants. ' +
      'Bytes uploaded before answer 200 with the existing record and `deduplicated: true` (201 and false otherwise)',
    tag: 'media',
    scope: 'articles:write',
    body: UploadSchema,
    bodyType: 'multipart/form-data',
    status: 201,
  },
  {
    method: 'get',
    path: '/api/admin/media',
    summary: 'The media library, newest first (40 a page), each upload with `usageCount` (articles showing it)',
    tag: 'media',
    scope: 'articles:read',
    query: MediaListQuerySchema,
  },
  { method: 'get', path: '/api/admin/media/{id}', summary: 'An uploaded image with its variants', tag: 'media', scope: 'articles:read' },
  { method: 'patch', path: '/api/admin/media/{id}', summary: 'Change alt text, caption or credit', tag: 'media', scope: 'articles:write', body: MediaTextPatchSchema },
  {
    method: 'delete',
    path: '/api/admin/media/{id}',
    summary:
      'Delete an upload and its files (its uploader, editors and admins); 409 `media_in_use` with `articles` [{id, title}] while any article shows it',
    tag: 'media',
    scope: 'articles:write',
    status: 204,
  },
];

export interface MediaRoutesOptions {
  db: Db;
  files: FileStore;
  /** Default MAX_UPLOAD_BYTES. */
  maxBytes?: number;
}

type IdParams = { Params: { id: string } };

function mediaId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) throw new NotFoundError('没有这张图片。');
  return Number(raw);
}

const FIELD_MAX_BYTES = 8 * 1024;

/** Reads the form: exactly one file part named `file` and short text fields. */
async function readUploadForm(request: FastifyRequest, maxBytes: number): Promise<{ buffer: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw new ValidationError('请以 multipart/form-data 上传图片（字段：file、alt、caption、credit）。');
  const fields: Record<string, string> = {};
  let buffer: Buffer | null = null;
  try {
    const parts = request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: FIELD_MAX_BYTES, parts: 12 } });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new ValidationError('图片文件须放在 file 字段中。');
        buffer = await part.toBuffer();
      } else if (typeof part.value === 'string') {
        if (part.valueTruncated) throw new ValidationError(`字段 ${part.fieldname} 太长。`);
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLargeError(maxBytes);
    if (code === 'FST_FILES_LIMIT') throw new ValidationError('一次只能上传一张图片。');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new ValidationError('表单字段太多。');
    throw new ValidationError('上传的表单无法解析，请重试。');
  }
  if (!buffer || buffer.length === 0) throw new ValidationError('请选择要上传的图片文件（字段 file）。');
  return { buffer, fields };
}

/**
 * The newsroom's media API under /api/admin: upload (`articles:write`), list and read
 * (`articles:read`), change the text of an image and delete it (`articles:write`; deleting
 * also needs to be its uploader, an editor or an admin).
 */
export async function mediaRoutes(app: FastifyInstance, { db, files, maxBytes = MAX_UPLOAD_BYTES }: MediaRoutesOptions): Promise<void> {
  // Busboy stops reading a file at fileSize, so an oversized upload never sits in memory whole.
  await app.register(multipart, { limits: { fileSize: maxBytes, files: 1 } });

  app.post('/media', async (request, reply) => {
    const actor = requireScope(request, 'articles:write');
    const { buffer, fields } = await readUploadForm(request, maxBytes);
    const { media, deduplicated } = await storeImage(
      db,
      files,
      { buffer, alt: fields.alt, caption: fields.caption, credit: fields.credit, uploadedBy: actor.id },
      { maxBytes },
    );
    return reply.code(deduplicated ? 200 : 201).send({ ...media, deduplicated });
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/media', async (request) => {
    requireScope(request, 'articles:read');
    return listMedia(db, request.query);
  });

  app.get<IdParams>('/media/:id', async (request) => {
    requireScope(request, 'articles:read');
    return getMedia(db, mediaId(request.params.id));
  });

  app.patch<IdParams>('/media/:id', async (request) => {
    requireScope(request, 'articles:write');
    return updateMedia(db, mediaId(request.params.id), request.body);
  });

  app.delete<IdParams>('/media/:id', async (request, reply) => {
    const actor = requireScope(request, 'articles:write');
    await deleteMedia(db, files, actor, mediaId(request.params.id), {
      onFileError: (key, err) => request.log.error({ err, key }, 'media deleted but a variant file could not be removed'),
    });
    return reply.code(204).send();
  });
}

// What storeImage writes: {24 hex}-{width}.{ext}. Anything else cannot be a variant.
const VARIANT_KEY = /^[0-9a-f]{24}-\d{1,5}\.(avif|webp|jpg)$/;
const FORMAT_BY_EXTENSION: Record<string, VariantFormat> = { avif: 'avif', webp: 'webp', jpg: 'jpeg' };

/**
 * The public variant files at /media/{key}: cached for a year (a key never changes content),
 * typed from the key's extension, and `nosniff` so a browser never guesses otherwise.
 */
export async function mediaFileRoutes(app: FastifyInstance, { files }: { files: FileStore }): Promise<void> {
  app.get<{ Params: { key: string } }>('/media/:key', async (request, reply) => {
    const { key } = request.params;
    if (!VARIANT_KEY.test(key)) throw new NotFoundError('没有这张图片。');
    const found = await files.stream(key);
    if (!found) throw new NotFoundError('没有这张图片。');
    const format = FORMAT_BY_EXTENSION[key.slice(key.lastIndexOf('.') + 1)] as VariantFormat;
    return reply
      .type(VARIANT_MIME[format])
      .header('content-length', found.bytes)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(found.body);
  });
}
