import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../platform/db/database.js';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors.js';
import type { Actor, StaffRole } from '../staff/actor.js';
import { loadActor } from '../staff/staff.service.js';
import { CSRF_HEADER, csrfTokenMatches, isUnsafeMethod } from './csrf.js';
import { scopesForRole, type Scope } from './scopes.js';
import type { SessionStore } from './session-store.js';
import { DEFAULT_SESSION_POLICY, endSession, resolveSession, type SessionPolicy } from './sessions.service.js';
import { authenticateApiToken } from './tokens.service.js';

/** How a request proved who it is. */
export type RequestAuth =
  | { via: 'session'; sessionId: string; csrfToken: string; mustChangePassword: boolean }
  | { via: 'token'; tokenId: number; mustChangePassword: boolean };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member (session cookie or bearer token), or null. */
    actor: Actor | null;
    /** The bearer token's scopes (already narrowed to the owner's role); null for sessions and anonymous requests. */
    tokenScopes: Scope[] | null;
    auth: RequestAuth | null;
  }
  interface FastifyContextConfig {
    /** Reachable while the user must still change their password (session, password and logout routes). */
    allowDuringPasswordChange?: boolean;
    /** Skips the CSRF check: only for the login itself (see session.routes.ts). */
    skipCsrf?: boolean;
  }
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'xinwen_session';

export interface AuthPluginOptions {
  db: Db;
  sessions: SessionStore;
  /** Clock (tests); defaults to the real one. */
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
}

/**
 * Sets the session cookie: httpOnly, SameSite=Lax, Path=/, Secure when the request came over
 * TLS (trustProxy is on, so a proxy's X-Forwarded-Proto counts). The browser may keep it for
 * the session's absolute lifetime; the server ends it sooner when idle.
 */
export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: Math.floor(policy.absoluteMs / 1000),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https' });
}

/** The bearer token; '' for a malformed Bearer header; null when there is none. */
function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  // Other schemes are not ours: a staging proxy's Basic auth must not lock staff out.
  if (!header || !/^Bearer(\s|$)/i.test(header)) return null;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
}

async function authenticate(request: FastifyRequest, reply: FastifyReply, options: AuthPluginOptions): Promise<void> {
  const now = options.now?.() ?? new Date();
  const bearer = bearerToken(request);
  if (bearer !== null) {
    const found = bearer ? await authenticateApiToken(options.db, bearer, { now }) : null;
    if (!found) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new UnauthorizedError('API 令牌无效、已被撤销，或其所有者已停用。', 'invalid_token');
    }
    request.actor = found.actor;
    request.tokenScopes = found.scopes;
    request.auth = { via: 'token', tokenId: found.tokenId, mustChangePassword: found.mustChangePassword };
    return;
  }

  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const policy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const session = await resolveSession(options.sessions, cookie, { now, policy });
  const loaded = session && (await loadActor(options.db, session.personId));
  if (!session || !loaded) {
    // Unknown, expired, or its owner was disabled: forget it on both sides.
    if (session) await endSession(options.sessions, session.id);
    clearSessionCookie(reply, request);
    return;
  }
  request.actor = loaded.actor;
  request.auth = { via: 'session', sessionId: session.id, csrfToken: session.csrfToken, mustChangePassword: loaded.mustChangePassword };
}

/** Cookie-authenticated state changes must carry the session's CSRF token; bearer tokens need none. */
function checkCsrf(request: FastifyRequest): void {
  const auth = request.auth;
  if (auth?.via !== 'session' || !isUnsafeMethod(request.method) || request.routeOptions.config.skipCsrf) return;
  if (!csrfTokenMatches(auth.csrfToken, request.headers[CSRF_HEADER])) {
    throw new ForbiddenError('安全校验失败（CSRF 令牌缺失或不匹配），请刷新页面后重试。', 'csrf');
  }
}

function checkPasswordChangeGate(request: FastifyRequest): void {
  if (request.auth?.mustChangePassword && !request.routeOptions.config.allowDuringPasswordChange) {
    throw new ForbiddenError('请先修改初始密码，然后再继续操作。', 'password_change_required');
  }
}

/**
 * Authenticates every request in the scope it is registered in (`/api/admin`): sets
 * `request.actor` from the session cookie or an `Authorization: Bearer xw_…` token (and
 * `request.tokenScopes` for tokens), enforces the CSRF token on cookie-authenticated unsafe
 * methods (403 `csrf`), and keeps users who must change their password to the routes marked
 * `allowDuringPasswordChange` (403 `password_change_required`). A bad bearer token is 401 at once.
 * Routes then call requireActor / requireScope / requireRole.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: AuthPluginOptions) => {
    await app.register(fastifyCookie);
    app.decorateRequest('actor', null);
    app.decorateRequest('tokenScopes', null);
    app.decorateRequest('auth', null);
    app.addHook('onRequest', async (request, reply) => {
      await authenticate(request, reply, options);
      checkCsrf(request);
      checkPasswordChangeGate(request);
    });
  },
  { name: 'xinwen-auth', fastify: '5.x' },
);

/** The signed-in actor, or 401 `unauthenticated`. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthorizedError('请先登录。', 'unauthenticated');
  return request.actor;
}

/**
 * The actor, if they may act with `scope`: a session has every scope its role allows; a token
 * only those it was given (and its owner's role still allows). 401 when anonymous, 403 otherwise.
 */
export function requireScope(request: FastifyRequest, scope: Scope): Actor {
  const actor = requireActor(request);
  if (request.tokenScopes !== null) {
    if (!request.tokenScopes.includes(scope)) throw new ForbiddenError(`此 API 令牌没有「${scope}」权限。`, 'insufficient_scope');
  } else if (!scopesForRole(actor.role).includes(scope)) {
    throw new ForbiddenError('您的角色没有此操作的权限。', 'forbidden');
  }
  return actor;
}

/** The actor, if their role is one of `roles`; 401 when anonymous, 403 otherwise. */
export function requireRole(request: FastifyRequest, ...roles: StaffRole[]): Actor {
  const actor = requireActor(request);
  if (!roles.includes(actor.role)) throw new ForbiddenError('您的角色没有此操作的权限。', 'forbidden');
  return actor;
}
