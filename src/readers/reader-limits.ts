import { createLoginThrottle, type LoginThrottle } from '../newsroom/auth/login-throttle.js';
import { lockedError } from '../newsroom/staff/credentials.service.js';
import { TooManyRequestsError } from '../platform/errors.js';

/**
 * Attempt counters for the reader account routes, in this process's memory (fixed windows,
 * newsroom/auth/login-throttle.ts). Scale mode moves them to Redis with the staff throttle.
 * Accounts are counted by the email typed, whether or not an account has it, so a lockout
 * says nothing about which addresses are registered.
 */
export interface ReaderLimits {
  /** Failed logins per email address (default 5 per 15 minutes). */
  loginPerAccount: LoginThrottle;
  /** Failed logins per client IP (default 20 per 15 minutes). */
  loginPerIp: LoginThrottle;
  /** Mails per recipient (default 3 per hour): nobody can flood an inbox through us. */
  mailPerAddress: LoginThrottle;
  /** Registrations and reset requests per client IP (default 30 per hour: many readers share an address behind carrier NAT). */
  mailPerIp: LoginThrottle;
}

const MINUTE = 60_000;

/** Default limits; pass a ReaderLimits of your own (tests) to change any of them. */
export function createReaderLimits(): ReaderLimits {
  return {
    loginPerAccount: createLoginThrottle({ limit: 5, windowMs: 15 * MINUTE }),
    loginPerIp: createLoginThrottle({ limit: 20, windowMs: 15 * MINUTE }),
    mailPerAddress: createLoginThrottle({ limit: 3, windowMs: 60 * MINUTE }),
    mailPerIp: createLoginThrottle({ limit: 30, windowMs: 60 * MINUTE }),
  };
}

/** 429 `locked` (登录失败次数过多，请于 N 分钟后再试。) while the account or the IP is locked out. */
export function assertLoginAllowed(limits: ReaderLimits, email: string, ip: string, now: Date): void {
  const wait = Math.max(limits.loginPerAccount.retryAfterMs(email, now), limits.loginPerIp.retryAfterMs(ip, now));
  if (wait > 0) throw lockedError(new Date(now.getTime() + wait), now);
}

/** Counts a failed login against the account and the IP. */
export function recordLoginFailure(limits: ReaderLimits, email: string, ip: string, now: Date): void {
  limits.loginPerAccount.recordFailure(email, now);
  limits.loginPerIp.recordFailure(ip, now);
}

/** Counts one registration or reset request from `ip`, or 429 when it has made too many. */
export function takeMailRequest(limits: ReaderLimits, ip: string, now: Date): void {
  const wait = limits.mailPerIp.retryAfterMs(ip, now);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new TooManyRequestsError(`操作过于频繁，请于 ${Math.ceil(seconds / 60)} 分钟后再试。`, seconds);
  }
  limits.mailPerIp.recordFailure(ip, now);
}

/** Whether another mail may go to `address` now (and counts it if so). */
export function takeMailToAddress(limits: ReaderLimits, address: string, now: Date): boolean {
  if (limits.mailPerAddress.retryAfterMs(address, now) > 0) return false;
  limits.mailPerAddress.recordFailure(address, now);
  return true;
}
