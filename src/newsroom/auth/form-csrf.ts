/**
 * CSRF protection for the newsroom's plain HTML forms (login, password change, logout), which
 * must work without JavaScript and so cannot send the x-csrf-token header.
 *
 * - Every form post must come from our own origin: the browser's Sec-Fetch-Site header must
 *   say `same-origin` (or `none`, typed by the user), and where a browser sends no fetch
 *   metadata, an Origin header must name this host.
 * - Signed-in forms carry the session's CSRF token in a hidden field.
 * - The login form has no session yet, so it carries a double-submit token: a random value in a
 *   SameSite=Strict, httpOnly cookie and the same value in a hidden field. A cross-site post
 *   does not get the cookie sent, and another site can neither read nor set it.
 */
import { fromOtherOrigin } from '../../platform/http/same-origin.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../platform/errors.js';
import { csrfTokenMatches } from './csrf.js';
import { randomSecret } from './secrets.js';

/** The cookie holding the login form's double-submit token. */
export const LOGIN_CSRF_COOKIE = 'xinwen_login_csrf';

/** The hidden field every newsroom form carries its token in. */
export const CSRF_FIELD = '_csrf';

const EXPIRED_MESSAGE = '页面已过期或来源不明，请重新提交表单。';

/**
 * The login form's token: the one this browser already holds (so several open tabs all work),
 * else a new one, set as a session cookie on /admin.
 */
export function loginFormToken(request: FastifyRequest, reply: FastifyReply): string {
  const held = request.cookies[LOGIN_CSRF_COOKIE];
  if (held && /^[A-Za-z0-9_-]{43}$/.test(held)) return held;
  const token = randomSecret(32);
  reply.setCookie(LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/admin', secure: request.protocol === 'https' });
  return token;
}

/** 403 unless the form was posted from one of our own pages (fetch metadata, else Origin). */
export function assertSameOriginForm(request: FastifyRequest): void {
  if (fromOtherOrigin(request)) throw new ForbiddenError(EXPIRED_MESSAGE, 'csrf');
}

/** 403 unless the login form's hidden token equals its cookie (same origin too). */
export function assertLoginFormToken(request: FastifyRequest, given: string | undefined): void {
  assertSameOriginForm(request);
  const held = request.cookies[LOGIN_CSRF_COOKIE];
  if (!held || !csrfTokenMatches(held, given)) throw new ForbiddenError(EXPIRED_MESSAGE, 'csrf');
}

/** 403 unless a signed-in form carries the session's CSRF token (same origin too). */
export function assertSessionFormToken(request: FastifyRequest, given: string | undefined): void {
  assertSameOriginForm(request);
  const auth = request.auth;
  if (auth?.via !== 'session' || !csrfTokenMatches(auth.csrfToken, given)) throw new ForbiddenError(EXPIRED_MESSAGE, 'csrf');
}
