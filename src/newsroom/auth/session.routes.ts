import type { FastifyPluginAsync } from 'fastify';
import { changeOwnPassword, PasswordChangeSchema } from '../staff/credentials.service.js';
import { getStaffMember } from '../staff/staff.service.js';
import type { PasswordCost } from '../staff/passwords.js';
import { parseInput } from '../../platform/validation.js';
import { clearSessionCookie, requireActor } from './auth.plugin.js';
import { logInWithPassword, type PasswordLoginOptions } from './login.js';
import { endSession, logOutEverywhere } from './sessions.service.js';

export interface SessionRoutesOptions extends PasswordLoginOptions {
  /** Lower argon2 cost for tests only. */
  passwordCost?: PasswordCost;
}

/**
 * Login, the current session, logout, "log out everywhere" and the own-password change,
 * under the admin API prefix. Every route here stays reachable while a password change is due.
 */
export const sessionRoutes: FastifyPluginAsync<SessionRoutesOptions> = async (app, options) => {
  const { db, sessions } = options;
  const clock = () => options.now?.() ?? new Date();
  const open = { allowDuringPasswordChange: true };

  // No CSRF token yet at login. A cross-site form cannot send application/json without a
  // CORS preflight (which we never grant), and Fastify refuses other content types here, so
  // another site cannot log a browser into an account of its choosing.
  app.post('/session', { config: { ...open, skipCsrf: true } }, async (request, reply) => {
    const { csrfToken, user } = await logInWithPassword(options, request, reply, request.body);
    return { csrfToken, user, mustChangePassword: user.mustChangePassword };
  });

  /** Who is signed in, and the CSRF token a page needs for its next change. */
  app.get('/session', { config: open }, async (request) => {
    const actor = requireActor(request);
    const user = await getStaffMember(db, actor.id);
    const auth = request.auth;
    return {
      csrfToken: auth?.via === 'session' ? auth.csrfToken : null,
      user,
      mustChangePassword: user.mustChangePassword,
      via: auth?.via ?? null,
    };
  });

  /** Logs out on this device. */
  app.delete('/session', { config: open }, async (request, reply) => {
    if (request.auth?.via === 'session') await endSession(sessions, request.auth.sessionId);
    clearSessionCookie(reply, request);
    return reply.code(204).send();
  });

  /** Ends every session of the signed-in user (API tokens keep working). */
  app.post('/session/logout-everywhere', { config: open }, async (request, reply) => {
    const actor = requireActor(request);
    const sessionsEnded = await logOutEverywhere(db, sessions, actor.id, { now: clock() });
    if (request.auth?.via === 'session') clearSessionCookie(reply, request);
    return { sessionsEnded };
  });

  /** Changes the signed-in user's password and ends their other sessions. */
  app.put('/me/password', { config: open }, async (request) => {
    const actor = requireActor(request);
    const body = parseInput(PasswordChangeSchema, request.body, '密码修改有误');
    const auth = request.auth;
    const user = await changeOwnPassword(
      db,
      sessions,
      {
        personId: actor.id,
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
        ...(auth?.via === 'session' && { keepSessionId: auth.sessionId }),
      },
      { now: clock(), ...(options.passwordCost && { passwordCost: options.passwordCost }) },
    );
    return { user };
  });
};
