import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import { AppError, TooManyRequestsError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { clearSessionCookie } from '../auth/auth.plugin.js';
import { assertLoginFormToken, assertSessionFormToken, CSRF_FIELD, loginFormToken } from '../auth/form-csrf.js';
import { logInWithPassword, type PasswordLoginOptions } from '../auth/login.js';
import { endSession, logOutEverywhere } from '../auth/sessions.service.js';
import { changeOwnPassword } from '../staff/credentials.service.js';
import type { PasswordCost } from '../staff/passwords.js';
import type { AdminPageContext } from './admin-pages.view.js';
import { stringsFor } from './i18n.js';
import type { FormProblem } from './form-parts.view.js';
import { LoginPage } from './login-page.view.js';

export interface LoginFormRoutesOptions extends PasswordLoginOptions {
  /** Lower argon2 cost for tests only. */
  passwordCost?: PasswordCost;
  /** The page context (language, user, session CSRF token) for a request. */
  pageContext(request: FastifyRequest, reply: FastifyReply): Promise<AdminPageContext>;
  /** Sends a rendered page with a status. */
  send(reply: FastifyReply, page: VNode, status?: number): FastifyReply;
}

// Form fields arrive as strings (or not at all); the services validate what they mean.
const text = z.string().max(2_000).optional();
const LoginFormSchema = z.object({ [CSRF_FIELD]: text, next: text, email: text, password: text });
const PasswordFormSchema = z.object({ [CSRF_FIELD]: text, next: text, currentPassword: text, newPassword: text, newPassword2: text });
const TokenFormSchema = z.object({ [CSRF_FIELD]: text });

/** Only same-site paths under /admin, so the login page cannot be used to send staff elsewhere. */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

/** An AppError as the form shows it: its message and each detail without the field name. */
function problemOf(error: AppError): FormProblem {
  const details = error instanceof ValidationError ? error.details.map((d) => d.replace(/^[\w.()]+: /, '')) : [];
  return { message: error.publicMessage, details };
}

/** Form bodies as a flat object (the last of repeated fields wins). */
function parseUrlEncoded(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}

/**
 * The newsroom's plain-form routes, which work without JavaScript: the login page and its
 * form post, the one-time-password change, logout and "log out everywhere". They share the
 * services (and the per-IP throttle) with the JSON API; forms are protected against CSRF as
 * auth/form-csrf.ts describes. Success answers 303 to the next page; a failure renders the
 * form again with the message and the status of the error.
 */
export function loginFormRoutes(app: FastifyInstance, options: LoginFormRoutesOptions): void {
  const { db, sessions, pageContext, send } = options;
  const clock = () => options.now?.() ?? new Date();
  // skipCsrf: the auth plugin checks a header, which a plain form cannot send; each route
  // checks its form's hidden token instead.
  const formRoute = { config: { allowDuringPasswordChange: true, skipCsrf: true } };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, parseUrlEncoded(String(body))));

  app.get('/admin/login', { config: { allowDuringPasswordChange: true } }, async (request, reply) => {
    const mustChange = request.auth?.mustChangePassword ?? false;
    const next = safeNext((request.query as { next?: string }).next);
    if (request.actor && !mustChange) return reply.redirect(next, 302);
    const loginToken = loginFormToken(request, reply);
    return send(reply, <LoginPage ctx={await pageContext(request, reply)} mustChange={mustChange} loginToken={loginToken} next={next} />);
  });

  app.post('/admin/login', formRoute, async (request, reply) => {
    const form = parseInput(LoginFormSchema, request.body ?? {}, '登录表单无效');
    const next = safeNext(form.next);
    try {
      assertLoginFormToken(request, form[CSRF_FIELD]);
      const { user } = await logInWithPassword(options, request, reply, { email: form.email, password: form.password });
      // A one-time password leads to the password form first, then on to `next`.
      return reply.redirect(user.mustChangePassword ? `/admin/login?next=${encodeURIComponent(next)}` : next, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
      const page = (
        <LoginPage
          ctx={await pageContext(request, reply)}
          loginToken={loginFormToken(request, reply)}
          next={next}
          email={form.email?.trim() ?? ''}
          loginError={problemOf(error)}
        />
      );
      return send(reply, page, error.status);
    }
  });

  app.post('/admin/password', formRoute, async (request, reply) => {
    const form = parseInput(PasswordFormSchema, request.body ?? {}, '密码表单无效');
    const next = safeNext(form.next);
    const auth = request.auth;
    if (!request.actor || auth?.via !== 'session') return reply.redirect(`/admin/login?next=${encodeURIComponent(next)}`, 303);
    const ctx = await pageContext(request, reply);
    try {
      assertSessionFormToken(request, form[CSRF_FIELD]);
      if ((form.newPassword ?? '') !== (form.newPassword2 ?? '')) throw new ValidationError(stringsFor(ctx.lang).passwordsDiffer);
      await changeOwnPassword(
        db,
        sessions,
        { personId: request.actor.id, currentPassword: form.currentPassword ?? '', newPassword: form.newPassword ?? '', keepSessionId: auth.sessionId },
        { now: clock(), ...(options.passwordCost && { passwordCost: options.passwordCost }) },
      );
      return reply.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const page = <LoginPage ctx={ctx} mustChange loginToken={loginFormToken(request, reply)} next={next} passwordError={problemOf(error)} />;
      return send(reply, page, error.status);
    }
  });

  app.post('/admin/logout', formRoute, async (request, reply) => {
    const form = parseInput(TokenFormSchema, request.body ?? {}, '表单无效');
    if (request.auth?.via === 'session') {
      assertSessionFormToken(request, form[CSRF_FIELD]);
      await endSession(sessions, request.auth.sessionId);
    }
    clearSessionCookie(reply, request);
    return reply.redirect('/admin/login', 303);
  });

  app.post('/admin/logout-everywhere', formRoute, async (request, reply) => {
    const form = parseInput(TokenFormSchema, request.body ?? {}, '表单无效');
    if (request.actor && request.auth?.via === 'session') {
      assertSessionFormToken(request, form[CSRF_FIELD]);
      await logOutEverywhere(db, sessions, request.actor.id, { now: clock() });
    }
    clearSessionCookie(reply, request);
    return reply.redirect('/admin/login', 303);
  });
}
