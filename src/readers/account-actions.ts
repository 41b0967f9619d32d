import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { outletSettings } from '../articles/outlet.service.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import { endSession, startSession } from '../newsroom/auth/sessions.service.js';
import type { PasswordCost } from '../newsroom/staff/passwords.js';
import type { Db } from '../platform/db/database.js';
import { TooManyRequestsError, UnauthorizedError } from '../platform/errors.js';
import type { MailOutbox } from '../platform/mail/outbox.js';
import type { MailMessage } from '../platform/mail/mailer.js';
import { parseInput } from '../platform/validation.js';
import {
  clearReaderCookies,
  forgetReaderSession,
  READER_SESSION_POLICY,
  readerSession,
  setReaderCookies,
  type ReaderSession,
} from './reader-auth.js';
import { assertLoginAllowed, recordLoginFailure, takeMailRequest, takeMailToAddress, type ReaderLimits } from './reader-limits.js';
import { alreadyRegisteredMail, passwordResetMail, verificationMail, type MailLinks } from './reader-mail.js';
import { ForgotPasswordSchema, ReaderCredentialsSchema, RegistrationSchema } from './reader.schema.js';
import {
  authenticateReader,
  newVerificationToken,
  registerReader,
  resetReaderPassword,
  startPasswordReset,
  type Reader,
} from './reader.service.js';

/**
 * What the account pages and the JSON API share: each action here is the same for a form post
 * and a script, and only the answer differs (a page or JSON).
 */
export interface AccountContext {
  db: Db;
  sessions: SessionStore;
  limits: ReaderLimits;
  outbox: MailOutbox;
  /** Origin and outlet name for links in mail. */
  mailLinks(): Promise<MailLinks>;
  now(): Date;
  log: FastifyBaseLogger;
  /** Lower argon2 cost for tests only. */
  passwordCost?: PasswordCost;
}

/** The outlet name and origin for mail links; the origin never comes from the request's Host header. */
export async function mailLinksFor(db: Db, origin: () => string): Promise<MailLinks> {
  const outlet = await outletSettings(db);
  return { origin: origin(), outletName: outlet.name };
}

async function mailTo(ctx: AccountContext, message: MailMessage): Promise<void> {
  if (await takeMailToAddress(ctx.limits, message.to, ctx.now())) ctx.outbox.post(message);
  else ctx.log.info({ to: message.to }, 'reader mail not sent: too many to this address this hour');
}

/**
 * Registers a reader and mails them a verification link, or, when the address already has an
 * account, mails its owner a note instead. The caller answers the same either way.
 */
export async function register(ctx: AccountContext, request: FastifyRequest, input: unknown): Promise<void> {
  // Typos are refused before they count against the address's hourly allowance.
  parseInput(RegistrationSchema, input, '注册信息有误');
  await takeMailRequest(ctx.limits, request.ip, ctx.now());
  const outcome = await registerReader(ctx.db, input, { now: ctx.now(), ...(ctx.passwordCost && { passwordCost: ctx.passwordCost }) });
  const links = await ctx.mailLinks();
  if (outcome.kind === 'created') await mailTo(ctx, verificationMail(links, outcome.reader.email, outcome.reader.displayName, outcome.verifyToken));
  else await mailTo(ctx, alreadyRegisteredMail(links, outcome.reader.email));
}

/**
 * Checks the credentials (throttled per email and per IP) and starts a fresh reader session,
 * ending the one this browser had. Sets the cookies; returns the new session.
 */
export async function signIn(ctx: AccountContext, request: FastifyRequest, reply: FastifyReply, input: unknown): Promise<ReaderSession> {
  const credentials = parseInput(ReaderCredentialsSchema, input, '请填写邮箱和密码');
  const now = ctx.now();
  await assertLoginAllowed(ctx.limits, credentials.email, request.ip, now);
  let reader: Reader;
  try {
    reader = await authenticateReader(ctx.db, credentials);
  } catch (error) {
    if (error instanceof UnauthorizedError) await recordLoginFailure(ctx.limits, credentials.email, request.ip, now);
    throw error;
  }
  const previous = await readerSession(ctx.db, request);
  if (previous) await endSession(ctx.sessions, previous.sessionId);
  const { token, session } = await startSession(ctx.sessions, reader.id, {
    now,
    policy: READER_SESSION_POLICY,
    userAgent: request.headers['user-agent'] ?? null,
  });
  setReaderCookies(reply, request, token);
  forgetReaderSession(request);
  return { reader, sessionId: session.id, csrfToken: session.csrfToken };
}

/** Ends this browser's session and clears the cookies. */
export async function signOut(ctx: AccountContext, request: FastifyRequest, reply: FastifyReply, session: ReaderSession | null): Promise<void> {
  if (session) await endSession(ctx.sessions, session.sessionId);
  clearReaderCookies(reply, request);
  forgetReaderSession(request);
}

/** Ends every session of the reader, this one included; resolves to how many ended. */
export async function signOutEverywhere(ctx: AccountContext, request: FastifyRequest, reply: FastifyReply, session: ReaderSession): Promise<number> {
  const ended = await ctx.sessions.destroyAllForPerson(session.reader.id);
  clearReaderCookies(reply, request);
  forgetReaderSession(request);
  return ended;
}

/** Mails a reset link if an account has the address; says nothing about whether one does. */
export async function requestPasswordReset(ctx: AccountContext, request: FastifyRequest, input: unknown): Promise<void> {
  parseInput(ForgotPasswordSchema, input, '请填写注册时使用的邮箱');
  await takeMailRequest(ctx.limits, request.ip, ctx.now());
  const { reset } = await startPasswordReset(ctx.db, input, { now: ctx.now() });
  if (!reset) return;
  await mailTo(ctx, passwordResetMail(await ctx.mailLinks(), reset.reader.email, reset.reader.displayName, reset.token));
}

/** Sets a new password through a reset link; every session of the reader ends. */
export async function completePasswordReset(ctx: AccountContext, input: unknown): Promise<Reader> {
  return resetReaderPassword(ctx.db, ctx.sessions, input, { now: ctx.now(), ...(ctx.passwordCost && { passwordCost: ctx.passwordCost }) });
}

/** Mails the signed-in reader a new verification link; 429 when the hour's mails to them are used up. */
export async function resendVerification(ctx: AccountContext, session: ReaderSession): Promise<'sent' | 'already_verified'> {
  const now = ctx.now();
  const wait = await ctx.limits.mailPerAddress.retryAfterMs(session.reader.email, now);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new TooManyRequestsError(`验证邮件发送得太频繁，请于 ${Math.ceil(seconds / 60)} 分钟后再试。`, seconds);
  }
  const token = await newVerificationToken(ctx.db, session.reader.id, { now });
  if (token === null) return 'already_verified';
  await mailTo(ctx, verificationMail(await ctx.mailLinks(), session.reader.email, session.reader.displayName, token));
  return 'sent';
}
