import { fromOtherOrigin } from '../platform/http/same-origin.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenMatches } from '../newsroom/auth/csrf.js';
import { randomSecret } from '../newsroom/auth/secrets.js';
import { ForbiddenError } from '../platform/errors.js';
import { assertReaderCsrf, CSRF_FIELD, requestCookie, type ReaderSession } from './reader-auth.js';

/**
 * CSRF for the account pages' plain HTML forms, which work without JavaScript and so cannot
 * send a header:
 * - every form post must come from our own pages: Sec-Fetch-Site `same-origin` (or `none`),
 *   or, where a browser sends no fetch metadata, an Origin naming this host;
 * - forms of a signed-in reader carry the session's CSRF token in `_csrf`;
 * - forms before sign-in (register, login, forgot, reset) carry a double-submit token: the
 *   same random value in `_csrf` and in a SameSite=Strict, httpOnly cookie that another site
 *   can neither read, set, nor have sent along with its own post.
 */
export const READER_FORM_COOKIE = 'xw_reader_form';

const STALE_MESSAGE = '页面已过期或来源不明，请重新提交。';

/** The token for a form shown before sign-in: the one this browser holds, else a new one. */
export function anonymousFormToken(request: FastifyRequest, reply: FastifyReply): string {
  const held = requestCookie(request, READER_FORM_COOKIE);
  if (held && /^[A-Za-z0-9_-]{43}$/.test(held)) return held;
  const token = randomSecret(32);
  reply.setCookie(READER_FORM_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/account', secure: request.protocol === 'https' });
  return token;
}

/** 403 `csrf` unless the post came from one of this site's pages. */
export function assertSameOriginPost(request: FastifyRequest): void {
  if (fromOtherOrigin(request)) throw new ForbiddenError(STALE_MESSAGE, 'csrf');
}

function formField(request: FastifyRequest): string | undefined {
  const body = request.body;
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Checks a form posted before sign-in: same origin, and `_csrf` equal to the form cookie. */
export function assertAnonymousForm(request: FastifyRequest): void {
  assertSameOriginPost(request);
  const held = requestCookie(request, READER_FORM_COOKIE);
  if (!held || !csrfTokenMatches(held, formField(request))) throw new ForbiddenError(STALE_MESSAGE, 'csrf');
}

/** Checks a signed-in reader's form: same origin, and `_csrf` equal to the session's token. */
export function assertSessionForm(request: FastifyRequest, session: ReaderSession): void {
  assertSameOriginPost(request);
  assertReaderCsrf(request, session);
}
