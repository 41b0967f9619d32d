import type { FastifyInstance, FastifyRequest } from 'fastify';
import { idParam } from '../dictionary/dictionary.routes.js';
import type { ApiOperation } from '../newsroom/api/openapi.js';
import { requireScope } from '../newsroom/auth/auth.plugin.js';
import type { Db } from '../platform/db/database.js';
import { addPronunciation, changePronunciation, deletePronunciation, listPronunciations, NewPronunciationSchema, PronunciationChangesSchema, TryReadingSchema } from './lexicon.service.js';
import { tryReading } from './speech-script.js';

/** The pronunciation lexicon is an editorial decision, like the newsroom dictionary: editors and admins (the scope they hold). */
export const LEXICON_SCOPE = 'articles:publish' as const;

const NO_ENTRY = '读音词典里没有这一条。';

/** The lexicon routes, for the OpenAPI document and the authorization matrix. */
export const lexiconApi: ApiOperation[] = [
  { method: 'get', path: '/api/admin/pronunciations', summary: 'The pronunciation lexicon for speech: {entries: [{id, term, pinyin, note, …}]}, by term', tag: 'listen', scope: LEXICON_SCOPE },
  {
    method: 'post',
    path: '/api/admin/pronunciations',
    summary: 'Add a term and its tone-numbered pinyin (one syllable per Chinese character; stored in Simplified); 409 `term_exists`',
    tag: 'listen',
    scope: LEXICON_SCOPE,
    body: NewPronunciationSchema,
    status: 201,
  },
  { method: 'put', path: '/api/admin/pronunciations/{id}', summary: 'Change a lexicon entry (any of term, pinyin, note)', tag: 'listen', scope: LEXICON_SCOPE, body: PronunciationChangesSchema },
  { method: 'patch', path: '/api/admin/pronunciations/{id}', summary: 'Change a lexicon entry (same as PUT)', tag: 'listen', scope: LEXICON_SCOPE, body: PronunciationChangesSchema },
  { method: 'delete', path: '/api/admin/pronunciations/{id}', summary: 'Delete a lexicon entry', tag: 'listen', scope: LEXICON_SCOPE, status: 204 },
  {
    method: 'post',
    path: '/api/admin/pronunciations/try',
    summary: '试读: how a term or sentence would be read now: {text, utterances: [{text, spoken, pinyin}]}',
    tag: 'listen',
    scope: LEXICON_SCOPE,
    body: TryReadingSchema,
  },
];

type IdParams = { Params: { id: string } };

/**
 * The pronunciation lexicon API; register under /api/admin (after the auth plugin). Every change
 * is audited in its transaction, reaches this process's speech scripts at once and other
 * processes' within 30 seconds (lexicon.service.ts).
 */
export async function lexiconRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  app.get('/pronunciations', async (request) => {
    requireScope(request, LEXICON_SCOPE);
    return { entries: await listPronunciations(db) };
  });

  app.post('/pronunciations', async (request, reply) => {
    const actor = requireScope(request, LEXICON_SCOPE);
    return reply.code(201).send({ entry: await addPronunciation(db, request.body, { actorId: actor.id }) });
  });

  const change = async (request: FastifyRequest<IdParams>) => {
    const actor = requireScope(request, LEXICON_SCOPE);
    return { entry: await changePronunciation(db, idParam(request.params.id, NO_ENTRY), request.body, { actorId: actor.id }) };
  };
  app.put<IdParams>('/pronunciations/:id', change);
  app.patch<IdParams>('/pronunciations/:id', change);

  app.delete<IdParams>('/pronunciations/:id', async (request, reply) => {
    const actor = requireScope(request, LEXICON_SCOPE);
    await deletePronunciation(db, idParam(request.params.id, NO_ENTRY), { actorId: actor.id });
    return reply.code(204).send();
  });

  app.post('/pronunciations/try', async (request) => {
    requireScope(request, LEXICON_SCOPE);
    return tryReading(db, request.body);
  });
}
