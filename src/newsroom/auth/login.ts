import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { TooManyRequestsError, UnauthorizedError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { authenticateStaff, CredentialsSchema, lockedError, type LockoutPolicy } from '../staff/credentials.service.js';
import { getStaffMember, type StaffMember } from '../staff/staff.service.js';
import { setSessionCookie } from './auth.plugin.js';
import type { LoginThrottle } from './login-throttle.js';
import type { SessionStore } from './session-store.js';
import { DEFAULT_SESSION_POLICY, endSession, startSession, type SessionPolicy } from './sessions.service.js';

/** What a password login needs; shared by the JSON API and the newsroom's plain login form. */
export interface PasswordLoginOptions {
  db: Db;
  sessions: SessionStore;
  /** Failed logins per client IP. */
  loginThrottle: LoginThrottle;
  now?: () => Date;
  sessionPolicy?: SessionPolicy;
  lockout?: LockoutPolicy;
}

/**
 * Logs a browser in with an email and password: the per-IP throttle first, then the account
 * check (with its lockout), then a fresh session whose cookie is set on `reply`. Failures
 * throw the AppError the caller shows (400 missing fields, 401, 403 disabled, 429 locked).
 */
export async function logInWithPassword(
  options: PasswordLoginOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  input: unknown,
): Promise<{ csrfToken: string; user: StaffMember }> {
  const credentials = parseInput(CredentialsSchema, input, '请填写邮箱和密码');
  const now = options.now?.() ?? new Date();
  const policy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const ip = request.ip;
  const wait = await options.loginThrottle.retryAfterMs(ip, now);
  if (wait > 0) throw lockedError(new Date(now.getTime() + wait), now);
  let personId: number;
  try {
    personId = await authenticateStaff(options.db, credentials, { now, ...(options.lockout && { lockout: options.lockout }) });
  } catch (error) {
    if (error instanceof UnauthorizedError || error instanceof TooManyRequestsError) await options.loginThrottle.hit(ip, now);
    throw error;
  }
  // A fresh session every time; one this browser already had is ended, not reused.
  if (request.auth?.via === 'session') await endSession(options.sessions, request.auth.sessionId);
  const { token, session } = await startSession(options.sessions, personId, { now, policy, userAgent: request.headers['user-agent'] ?? null });
  setSessionCookie(reply, request, token, policy);
  return { csrfToken: session.csrfToken, user: await getStaffMember(options.db, personId) };
}
