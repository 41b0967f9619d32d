import type { FastifyInstance } from 'fastify';
import type { ApiOperation } from '../newsroom/api/openapi.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import {
  addConversionEntry,
  addSegmentationWord,
  articleOverrides,
  changeConversionEntry,
  changeSegmentationWord,
  deleteConversionEntry,
  deleteSegmentationWord,
  EntryChangesSchema,
  listDictionary,
  NewEntrySchema,
  NewWordSchema,
  OverridesSchema,
  previewConversion,
  PreviewSchema,
  replaceArticleOverrides,
  setTaiwanPhrases,
  SettingsSchema,
  WordChangesSchema,
} from './dictionary.service.js';

/** Reading the dictionary and trying it: any staff who read copy. */
export const DICTIONARY_READ_SCOPE = 'articles:read' as const;
/** Changing it is an editorial decision: editors and admins (the scope they hold). */
export const DICTIONARY_EDIT_SCOPE = 'articles:publish' as const;

/** The dictionary routes, for the OpenAPI document and the authorization matrix. */
export const dictionaryApi: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/admin/dictionary',
    summary: 'The newsroom dictionary: conversion entries, segmentation words, the Taiwan-phrases setting and the version',
    tag: 'dictionary',
    scope: DICTIONARY_READ_SCOPE,
  },
  {
    method: 'post',
    path: '/api/admin/dictionary/entries',
    summary: 'Add a conversion entry over OpenCC; 409 `entry_exists` for a source already listed in that direction',
    tag: 'dictionary',
    scope: DICTIONARY_EDIT_SCOPE,
    body: NewEntrySchema,
    status: 201,
  },
  { method: 'patch', path: '/api/admin/dictionary/entries/{id}', summary: 'Change a conversion entry', tag: 'dictionary', scope: DICTIONARY_EDIT_SCOPE, body: EntryChangesSchema },
  { method: 'delete', path: '/api/admin/dictionary/entries/{id}', summary: 'Delete a conversion entry', tag: 'dictionary', scope: DICTIONARY_EDIT_SCOPE, status: 204 },
  {
    method: 'post',
    path: '/api/admin/dictionary/words',
    summary: 'Add a segmentation word (a name or place jieba keeps whole), stored in Simplified; 409 `word_exists`',
    tag: 'dictionary',
    scope: DICTIONARY_EDIT_SCOPE,
    body: NewWordSchema,
    status: 201,
  },
  { method: 'patch', path: '/api/admin/dictionary/words/{id}', summary: 'Change a segmentation word', tag: 'dictionary', scope: DICTIONARY_EDIT_SCOPE, body: WordChangesSchema },
  { method: 'delete', path: '/api/admin/dictionary/words/{id}', summary: 'Delete a segmentation word', tag: 'dictionary', scope: DICTIONARY_EDIT_SCOPE, status: 204 },
  {
    method: 'put',
    path: '/api/admin/dictionary/settings',
    summary: 'Turn Taiwan phrases (OpenCC twp) on or off for the Traditional edition',
    tag: 'dictionary',
    scope: DICTIONARY_EDIT_SCOPE,
    body: SettingsSchema,
  },
  {
    method: 'post',
    path: '/api/admin/dictionary/preview',
    summary: 'Convert a sentence both ways with the current dictionary: {text, traditional, simplified, fingerprint}',
    tag: 'dictionary',
    scope: DICTIONARY_READ_SCOPE,
    body: PreviewSchema,
  },
  {
    method: 'get',
    path: '/api/admin/articles/{id}/conversion-overrides',
    summary: "The article's conversion overrides (they win over the dictionary for this article only)",
    tag: 'dictionary',
    scope: DICTIONARY_READ_SCOPE,
  },
  {
    method: 'put',
    path: '/api/admin/articles/{id}/conversion-overrides',
    summary: "Replace the article's whole override list (at most 50); editors of its desk and admins; a published article is announced as changed",
    tag: 'dictionary',
    scope: DICTIONARY_EDIT_SCOPE,
    body: OverridesSchema,
  },
];

/** Ids in URLs: positive whole numbers, anything else is a 404. */
export function idParam(raw: string, message: string): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) throw new NotFoundError(message);
  return Number(raw);
}

const NO_ENTRY = '词典里没有这一条。';
const NO_WORD = '分词词典里没有这个词。';
const NO_ARTICLE = '没有这篇稿件。';

type IdParams = { Params: { id: string } };

/**
 * The newsroom dictionary API; register under /api/admin (after the auth plugin). Every change
 * is audited in its transaction and reaches this process's converters at once, other
 * processes' within 30 seconds (see dictionary.service.ts).
 */
export async function dictionaryRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get('/dictionary', async (request) => {
    requireScope(request, DICTIONARY_READ_SCOPE);
    return listDictionary(db);
  });

  app.post('/dictionary/entries', async (request, reply) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    return reply.code(201).send({ entry: await addConversionEntry(db, request.body, { actorId: actor.id }) });
  });

  app.patch<IdParams>('/dictionary/entries/:id', async (request) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    return { entry: await changeConversionEntry(db, idParam(request.params.id, NO_ENTRY), request.body, { actorId: actor.id }) };
  });

  app.delete<IdParams>('/dictionary/entries/:id', async (request, reply) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    await deleteConversionEntry(db, idParam(request.params.id, NO_ENTRY), { actorId: actor.id });
    return reply.code(204).send();
  });

  app.post('/dictionary/words', async (request, reply) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    return reply.code(201).send({ word: await addSegmentationWord(db, request.body, { actorId: actor.id }) });
  });

  app.patch<IdParams>('/dictionary/words/:id', async (request) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    return { word: await changeSegmentationWord(db, idParam(request.params.id, NO_WORD), request.body, { actorId: actor.id }) };
  });

  app.delete<IdParams>('/dictionary/words/:id', async (request, reply) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    await deleteSegmentationWord(db, idParam(request.params.id, NO_WORD), { actorId: actor.id });
    return reply.code(204).send();
  });

  app.put('/dictionary/settings', async (request) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    return setTaiwanPhrases(db, request.body, { actorId: actor.id });
  });

  app.post('/dictionary/preview', async (request) => {
    requireScope(request, DICTIONARY_READ_SCOPE);
    return previewConversion(db, request.body);
  });

  app.get<IdParams>('/articles/:id/conversion-overrides', async (request) => {
    requireScope(request, DICTIONARY_READ_SCOPE);
    return { overrides: await articleOverrides(db, idParam(request.params.id, NO_ARTICLE)) };
  });

  app.put<IdParams>('/articles/:id/conversion-overrides', async (request) => {
    const actor = requireScope(request, DICTIONARY_EDIT_SCOPE);
    return { overrides: await replaceArticleOverrides(db, actor, idParam(request.params.id, NO_ARTICLE), request.body) };
  });
}
