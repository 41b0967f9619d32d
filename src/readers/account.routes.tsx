import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError, ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from '../platform/errors.js';
import { renderDocument } from '../web/render.js';
import type { SiteContext } from '../web/site-context.js';
import {
  completePasswordReset,
  register,
  requestPasswordReset,
  resendVerification,
  signIn,
  signOut,
  signOutEverywhere,
  type AccountContext,
} from './account-actions.js';
import { AccountPage, ForgotPage, LoginPage, MessagePage, RegisterPage, ResetPage, type FormState } from './account.view.js';
import { clearReaderCookies, hasReaderCookies, readerSession, safeNextPath, type ReaderSession } from './reader-auth.js';
import { anonymousFormToken, assertAnonymousForm, assertSessionForm } from './reader-forms.js';
import { DEAD_LINK_MESSAGE, renameReader, resetLinkIsLive, verifyReaderEmail } from './reader.service.js';

export interface AccountPageRoutesOptions {
  ctx: AccountContext;
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}

/** Confirmations shown after a redirect, by key; the query never carries text of its own. */
const NOTICES: Record<string, string> = {
  'check-mail': '我们已向您填写的邮箱发送了一封邮件，请按邮件中的说明完成注册，然后登录。',
  'reset-sent': '如果该邮箱已注册，重设密码的链接已经发出，1 小时内有效。',
  'password-reset': '密码已重设，请用新密码登录。',
  'logged-out': '您已退出登录。',
  'logged-out-everywhere': '已在所有设备上退出登录。',
  'name-changed': '昵称已更新。',
  'verification-sent': '验证邮件已发送，请查收。',
  'already-verified': '您的邮箱已经验证过了。',
};

type Body = Record<string, unknown>;
type Query = { Querystring: { next?: string; notice?: string; token?: string } };

function field(body: unknown, name: string): string {
  const value = body !== null && typeof body === 'object' ? (body as Body)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

function noticeFor(key: string | undefined): string | null {
  return key !== undefined && Object.hasOwn(NOTICES, key) ? (NOTICES[key] ?? null) : null;
}

/**
 * What a failed form post shows: per-field messages from a ValidationError's details
 * (`email: 邮箱格式不正确`), or one message for the whole form. Unknown errors are rethrown.
 */
function failedForm(error: unknown, reply: FastifyReply, values: Record<string, string>): { status: number; state: FormState } {
  const known = error instanceof ValidationError || error instanceof UnauthorizedError || error instanceof TooManyRequestsError;
  if (!known && !(error instanceof ForbiddenError && error.code === 'csrf')) throw error;
  const appError = error as AppError;
  if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
  const errors: Record<string, string> = {};
  if (error instanceof ValidationError) {
    for (const detail of error.details) {
      const colon = detail.indexOf(': ');
      const name = colon > 0 ? detail.slice(0, colon) : '';
      if (name && !(name in errors)) errors[name] = detail.slice(colon + 2);
    }
  }
  const formError = Object.keys(errors).length > 0 ? null : appError.publicMessage;
  return { status: appError.status, state: { values, errors, formError } };
}

/** The reader account pages under /account: plain forms, every answer a full page or a 303. */
export async function accountPageRoutes(app: FastifyInstance, { ctx, siteContext }: AccountPageRoutesOptions): Promise<void> {
  const { db } = ctx;
  // Forms post urlencoded bodies; only this scope parses them (the JSON API does not).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  const send = (reply: FastifyReply, page: VNode, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').send(renderDocument(page));
  const seeOther = (reply: FastifyReply, path: string) => reply.redirect(path, 303);
  const loginFirst = (request: FastifyRequest, reply: FastifyReply, next: string) => {
    // The session behind any reader cookies has ended: drop them, so the header link says 登录 again.
    if (hasReaderCookies(request)) clearReaderCookies(reply, request);
    return seeOther(reply, `/account/login?next=${encodeURIComponent(next)}`);
  };

  const accountPage = async (request: FastifyRequest, reply: FastifyReply, session: ReaderSession, state: FormState, status = 200) =>
    send(reply, <AccountPage site={await siteContext(request)} csrf={session.csrfToken} reader={session.reader} state={state} />, status);

  app.get<Query>('/account', async (request, reply) => {
    const session = await readerSession(db, request);
    if (!session) return loginFirst(request, reply, '/account');
    return accountPage(request, reply, session, { notice: noticeFor(request.query.notice) });
  });

  // ---- Before sign-in ----

  app.get<Query>('/account/register', async (request, reply) => {
    if (await readerSession(db, request)) return seeOther(reply, '/account');
    const next = request.query.next ? safeNextPath(request.query.next) : null;
    return send(reply, <RegisterPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} next={next} />);
  });

  app.post('/account/register', async (request, reply) => {
    const next = field(request.body, 'next') ? safeNextPath(field(request.body, 'next')) : null;
    try {
      assertAnonymousForm(request);
      await register(ctx, request, request.body);
    } catch (error) {
      const { status, state } = failedForm(error, reply, { email: field(request.body, 'email'), displayName: field(request.body, 'displayName') });
      return send(reply, <RegisterPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} next={next} state={state} />, status);
    }
    return seeOther(reply, `/account/login?notice=check-mail${next ? `&next=${encodeURIComponent(next)}` : ''}`);
  });

  app.get<Query>('/account/login', async (request, reply) => {
    const next = request.query.next ? safeNextPath(request.query.next) : null;
    if (await readerSession(db, request)) return seeOther(reply, next ?? '/account');
    const state = { notice: noticeFor(request.query.notice) };
    return send(reply, <LoginPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} next={next} state={state} />);
  });

  app.post('/account/login', async (request, reply) => {
    const next = field(request.body, 'next') ? safeNextPath(field(request.body, 'next')) : null;
    try {
      assertAnonymousForm(request);
      await signIn(ctx, request, reply, request.body);
    } catch (error) {
      const { status, state } = failedForm(error, reply, { email: field(request.body, 'email') });
      return send(reply, <LoginPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} next={next} state={state} />, status);
    }
    return seeOther(reply, next ?? '/account');
  });

  app.get<Query>('/account/verify', async (request, reply) => {
    const site = await siteContext(request);
    try {
      await verifyReaderEmail(db, request.query.token, { now: ctx.now() });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const links = [
        { href: '/account', text: '登录后重新发送验证邮件' },
        { href: '/', text: '返回首页' },
      ];
      return send(reply, <MessagePage site={site} title="链接无效" message={DEAD_LINK_MESSAGE} links={links} />, 400);
    }
    const signedIn = (await readerSession(db, request)) !== null;
    const links = signedIn ? [{ href: '/account', text: '我的账户' }] : [{ href: '/account/login', text: '登录' }];
    return send(reply, <MessagePage site={site} title="邮箱已验证" message="您的邮箱已验证，感谢注册。" links={[...links, { href: '/', text: '返回首页' }]} />);
  });

  app.get<Query>('/account/forgot', async (request, reply) => {
    const state = { notice: noticeFor(request.query.notice) };
    return send(reply, <ForgotPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} state={state} />);
  });

  app.post('/account/forgot', async (request, reply) => {
    try {
      assertAnonymousForm(request);
      await requestPasswordReset(ctx, request, request.body);
    } catch (error) {
      const { status, state } = failedForm(error, reply, { email: field(request.body, 'email') });
      return send(reply, <ForgotPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} state={state} />, status);
    }
    return seeOther(reply, '/account/forgot?notice=reset-sent');
  });

  const deadResetLink = async (request: FastifyRequest, reply: FastifyReply) =>
    send(
      reply,
      <MessagePage site={await siteContext(request)} title="链接无效" message={DEAD_LINK_MESSAGE} links={[{ href: '/account/forgot', text: '重新申请重设密码' }]} />,
      400,
    );

  app.get<Query>('/account/reset', async (request, reply) => {
    const token = request.query.token;
    if (!token || !(await resetLinkIsLive(db, token, { now: ctx.now() }))) return deadResetLink(request, reply);
    return send(reply, <ResetPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} token={token} />);
  });

  app.post('/account/reset', async (request, reply) => {
    const token = field(request.body, 'token');
    try {
      assertAnonymousForm(request);
      await completePasswordReset(ctx, request.body);
    } catch (error) {
      if (error instanceof ValidationError && error.publicMessage === DEAD_LINK_MESSAGE) return deadResetLink(request, reply);
      const { status, state } = failedForm(error, reply, {});
      return send(reply, <ResetPage site={await siteContext(request)} csrf={anonymousFormToken(request, reply)} token={token} state={state} />, status);
    }
    // Every session of the reader has ended, this browser's too if it had one.
    await signOut(ctx, request, reply, null);
    return seeOther(reply, '/account/login?notice=password-reset');
  });

  // ---- Signed in ----

  app.post('/account/name', async (request, reply) => {
    const session = await readerSession(db, request);
    if (!session) return loginFirst(request, reply, '/account');
    try {
      assertSessionForm(request, session);
      await renameReader(db, session.reader.id, request.body);
    } catch (error) {
      const { status, state } = failedForm(error, reply, { displayName: field(request.body, 'displayName') });
      return accountPage(request, reply, session, state, status);
    }
    return seeOther(reply, '/account?notice=name-changed');
  });

  app.post('/account/verify/resend', async (request, reply) => {
    const session = await readerSession(db, request);
    if (!session) return loginFirst(request, reply, '/account');
    let outcome: 'sent' | 'already_verified';
    try {
      assertSessionForm(request, session);
      outcome = await resendVerification(ctx, session);
    } catch (error) {
      const { status, state } = failedForm(error, reply, {});
      return accountPage(request, reply, session, state, status);
    }
    return seeOther(reply, outcome === 'sent' ? '/account?notice=verification-sent' : '/account?notice=already-verified');
  });

  app.post('/account/logout', async (request, reply) => {
    const session = await readerSession(db, request);
    if (session) {
      try {
        assertSessionForm(request, session);
      } catch (error) {
        const { status, state } = failedForm(error, reply, {});
        return accountPage(request, reply, session, state, status);
      }
    }
    await signOut(ctx, request, reply, session);
    return seeOther(reply, '/account/login?notice=logged-out');
  });

  app.post('/account/logout-everywhere', async (request, reply) => {
    const session = await readerSession(db, request);
    if (!session) return loginFirst(request, reply, '/account');
    try {
      assertSessionForm(request, session);
    } catch (error) {
      const { status, state } = failedForm(error, reply, {});
      return accountPage(request, reply, session, state, status);
    }
    await signOutEverywhere(ctx, request, reply, session);
    return seeOther(reply, '/account/login?notice=logged-out-everywhere');
  });
}
