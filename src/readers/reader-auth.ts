import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, csrfTokenMatches, isUnsafeMethod } from '../newsroom/auth/csrf.js';
import { endSession, resolveSession, type SessionPolicy } from '../newsroom/auth/sessions.service.js';
import type { Db } from '../platform/db/database.js';
import { ForbiddenError, UnauthorizedError } from '../platform/errors.js';
import { createReaderSessionStore } from './reader-session-store.js';
import { getReader, type Reader } from './reader.service.js';

/** The reader session cookie (httpOnly): a random token whose sha256 is the session id. Staff use another. */
export const READER_COOKIE = 'xw_reader';

/**
 * A script-readable "a reader is signed in here" flag with no secret in it, so the page script
 * can label the header link 我的账户 without asking the server on every (cached) page.
 */
export const READER_HINT_COOKIE = 'xw_reader_in';

/** The form field that carries the CSRF token in plain HTML forms. */
export const CSRF_FIELD = '_csrf';

const DAY = 86_400_000;

/** Readers stay signed in longer than staff: 30 days idle, 90 days at most. */
export const READER_SESSION_POLICY: SessionPolicy = { idleMs: 30 * DAY, absoluteMs: 90 * DAY, touchEveryMs: 60_000 };

/** The signed-in reader of a request, with the session's id and CSRF token. */
export interface ReaderSession {
  reader: Reader;
  sessionId: string;
  csrfToken: string;
}

/** The value of cookie `name` in the request's Cookie header (no cookie plugin needed in the caller's scope). */
export function requestCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

// One lookup per request however many routes, hooks and views ask.
const resolved = new WeakMap<FastifyRequest, Promise<ReaderSession | null>>();

async function lookUp(db: Db, request: FastifyRequest, now: Date): Promise<ReaderSession | null> {
  const token = requestCookie(request, READER_COOKIE);
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const store = createReaderSessionStore(db);
  const session = await resolveSession(store, token, { now, policy: READER_SESSION_POLICY });
  if (!session) return null;
  const reader = await getReader(db, session.personId);
  if (!reader) {
    await endSession(store, session.id);
    return null;
  }
  return { reader, sessionId: session.id, csrfToken: session.csrfToken };
}

/**
 * The reader session of this request (from the `xw_reader` cookie), or null; its idle expiry
 * is slid forward as for staff. Resolved once per request.
 */
export function readerSession(db: Db, request: FastifyRequest, options: { now?: Date } = {}): Promise<ReaderSession | null> {
  let found = resolved.get(request);
  if (!found) {
    found = lookUp(db, request, options.now ?? new Date());
    resolved.set(request, found);
  }
  return found;
}

/** The signed-in reader of this request (reader session cookie), or null. */
export async function currentReader(db: Db, request: FastifyRequest): Promise<Reader | null> {
  return (await readerSession(db, request))?.reader ?? null;
}

/** Forgets what readerSession resolved for this request (after signing in or out within it). */
export function forgetReaderSession(request: FastifyRequest): void {
  resolved.delete(request);
}

/**
 * Throws ForbiddenError (403 `csrf`) unless the request carries `session`'s CSRF token, in the
 * `x-csrf-token` header (scripts) or the `_csrf` field of a parsed form or JSON body (plain
 * HTML forms). Call it on every state change a reader session authorises; a guest (no
 * session) has no ambient authority for another site to borrow, so there is nothing to check.
 * @example const session = await readerSession(db, request); if (session) assertReaderCsrf(request, session);
 */
export function assertReaderCsrf(request: FastifyRequest, session: ReaderSession): void {
  const header = request.headers[CSRF_HEADER];
  const body = request.body;
  const field = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
  const given = typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
  if (!csrfTokenMatches(session.csrfToken, given)) {
    throw new ForbiddenError('页面已过期或来源不明（安全校验失败），请刷新页面后重试。', 'csrf');
  }
}

/**
 * The signed-in reader's session, or 401 `unauthenticated`; for POST, PUT, PATCH and DELETE
 * the CSRF token is checked too (assertReaderCsrf).
 */
export async function requireReader(db: Db, request: FastifyRequest): Promise<ReaderSession> {
  const session = await readerSession(db, request);
  if (!session) throw new UnauthorizedError('请先登录读者账户。', 'unauthenticated');
  if (isUnsafeMethod(request.method)) assertReaderCsrf(request, session);
  return session;
}

/**
 * Sets the session cookie (httpOnly, SameSite=Lax, Path=/, Secure over TLS) and the hint
 * cookie, both kept for the session's absolute lifetime. Needs @fastify/cookie in the scope.
 */
export function setReaderCookies(reply: FastifyReply, request: FastifyRequest, token: string): void {
  const common = { sameSite: 'lax' as const, path: '/', secure: request.protocol === 'https', maxAge: Math.floor(READER_SESSION_POLICY.absoluteMs / 1000) };
  reply.setCookie(READER_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(READER_HINT_COOKIE, '1', { ...common, httpOnly: false });
}

/** Whether the request carries either reader cookie (to clear them when the session behind them is gone). */
export function hasReaderCookies(request: FastifyRequest): boolean {
  return requestCookie(request, READER_COOKIE) !== undefined || requestCookie(request, READER_HINT_COOKIE) !== undefined;
}

/** Tells the browser to forget both reader cookies. */
export function clearReaderCookies(reply: FastifyReply, request: FastifyRequest): void {
  const common = { sameSite: 'lax' as const, path: '/', secure: request.protocol === 'https' };
  reply.clearCookie(READER_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(READER_HINT_COOKIE, { ...common, httpOnly: false });
}

/**
 * `next` if it is a path on this site, else `fallback`: it must start with one `/`, and may not
 * hold a backslash or control characters (browsers read `/\evil.example` as another host).
 */
export function safeNextPath(next: unknown, fallback = '/account'): string {
  if (typeof next !== 'string' || next.length > 500) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\p{Cc}]/u.test(next)) return fallback;
  const base = 'http://site.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
