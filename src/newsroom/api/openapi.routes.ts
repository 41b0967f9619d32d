import type { FastifyInstance } from 'fastify';
import { commentModerationApi } from '../../comments/moderation.routes.js';
import { dictionaryApi } from '../../dictionary/dictionary.routes.js';
import { mediaApi } from '../../media/media.routes.js';
import { spamApi } from '../../spam/spam.routes.js';
import { storiesApi } from '../../stories/stories-admin.routes.js';
import { audioApi } from '../../listen/audio.routes.js';
import { lexiconApi } from '../../listen/lexicon.routes.js';
import { adminArticlesApi } from '../articles/admin-articles.routes.js';
import { NewTokenSchema } from '../auth/tokens.service.js';
import { CredentialsSchema, PasswordChangeSchema } from '../staff/credentials.service.js';
import { NewStaffSchema, StaffChangesSchema } from '../staff/staff.service.js';
import { buildOpenApiDocument, type ApiOperation } from './openapi.js';

/** Sessions, the caller's password, tokens, staff and the audit log. */
const accountApi: ApiOperation[] = [
  { method: 'post', path: '/api/admin/session', summary: 'Log in: sets the session cookie, returns {csrfToken, user}', tag: 'session', anonymous: true, body: CredentialsSchema },
  { method: 'get', path: '/api/admin/session', summary: 'The signed-in user and the CSRF token', tag: 'session' },
  { method: 'delete', path: '/api/admin/session', summary: 'Log out this session (a no-op without one)', tag: 'session', anonymous: true, status: 204 },
  { method: 'post', path: '/api/admin/session/logout-everywhere', summary: 'End every session of the user', tag: 'session' },
  { method: 'put', path: '/api/admin/me/password', summary: 'Change your own password (ends your other sessions)', tag: 'session', body: PasswordChangeSchema },
  { method: 'get', path: '/api/admin/tokens', summary: 'List API tokens (your own; admins see all)', tag: 'tokens' },
  { method: 'post', path: '/api/admin/tokens', summary: 'Create an API token (shown once)', tag: 'tokens', body: NewTokenSchema, status: 201 },
  { method: 'delete', path: '/api/admin/tokens/{id}', summary: 'Revoke an API token', tag: 'tokens' },
  { method: 'get', path: '/api/admin/users', summary: 'List staff', tag: 'users', scope: 'admin' },
  { method: 'post', path: '/api/admin/users', summary: 'Create a staff account', tag: 'users', scope: 'admin', body: NewStaffSchema, status: 201 },
  { method: 'patch', path: '/api/admin/users/{id}', summary: 'Change role, desks or disable (audited)', tag: 'users', scope: 'admin', body: StaffChangesSchema },
  { method: 'get', path: '/api/admin/audit', summary: 'The audit log, newest first', tag: 'audit', scope: 'admin' },
];

/** Every admin API operation: the OpenAPI document, and the authorization test that walks it. */
export const ADMIN_API: readonly ApiOperation[] = [...accountApi, ...adminArticlesApi, ...mediaApi, ...commentModerationApi, ...spamApi, ...storiesApi, ...dictionaryApi, ...lexiconApi, ...audioApi];

/** Serves the admin API's OpenAPI document at /api/admin/openapi.json (register under /api/admin). */
export async function openApiRoutes(app: FastifyInstance): Promise<void> {
  const document = buildOpenApiDocument([...ADMIN_API], { title: 'Xinwen admin API', version: '1' });
  app.get('/openapi.json', async () => document);
}
