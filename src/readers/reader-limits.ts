import { lockedError } from '../newsroom/staff/credentials.service.js';
import { TooManyRequestsError } from '../platform/errors.js';
import { memoryRateLimiters } from '../platform/limits/memory/memory-rate-limiter.js';
import type { RateLimiter, RateLimiters } from '../platform/limits/rate-limiter.js';

/**
 * Attempt counters for the reader account routes (fixed windows, platform/limits): in this
 * process's memory by default, in Redis in scale mode, like the staff login throttle.
 * Accounts are counted by the email typed, whether or not an account has it, so a lockout
 * says nothing about which addresses are registered.
 */
export interface ReaderLimits {
  /** Failed logins per email address (default 5 per 15 minutes). */
  loginPerAccount: RateLimiter;
  /** Failed logins per client IP (default 20 per 15 minutes). */
  loginPerIp: RateLimiter;
  /** Mails per recipient (default 3 per hour): nobody can flood an inbox through us. */
  mailPerAddress: RateLimiter;
  /** Registrations and reset requests per client IP (default 30 per hour: many readers share an address behind carrier NAT). */
  mailPerIp: RateLimiter;
}

const MINUTE = 60_000;

/** Default limits from the app's limiters (default: this process's memory); pass a ReaderLimits of your own (tests) to change any of them. */
export function createReaderLimits(limiters: RateLimiters = memoryRateLimiters()): ReaderLimits {
  return {
    loginPerAccount: limiters('reader-login-account', { limit: 5, windowMs: 15 * MINUTE }),
    loginPerIp: limiters('reader-login-ip', { limit: 20, windowMs: 15 * MINUTE }),
    mailPerAddress: limiters('reader-mail-address', { limit: 3, windowMs: 60 * MINUTE }),
    mailPerIp: limiters('reader-mail-ip', { limit: 30, windowMs: 60 * MINUTE }),
  };
}

/** 429 `locked` (登录失败次数过多，请于 N 分钟后再试。) while the account or the IP is locked out. */
export async function assertLoginAllowed(limits: ReaderLimits, email: string, ip: string, now: Date): Promise<void> {
  const waits = await Promise.all([limits.loginPerAccount.retryAfterMs(email, now), limits.loginPerIp.retryAfterMs(ip, now)]);
  const wait = Math.max(...waits);
  if (wait > 0) throw lockedError(new Date(now.getTime() + wait), now);
}

/** Counts a failed login against the account and the IP. */
export async function recordLoginFailure(limits: ReaderLimits, email: string, ip: string, now: Date): Promise<void> {
  await Promise.all([limits.loginPerAccount.hit(email, now), limits.loginPerIp.hit(ip, now)]);
}

/** Counts one registration or reset request from `ip`, or 429 when it has made too many. */
export async function takeMailRequest(limits: ReaderLimits, ip: string, now: Date): Promise<void> {
  const wait = await limits.mailPerIp.take(ip, now);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new TooManyRequestsError(`操作过于频繁，请于 ${Math.ceil(seconds / 60)} 分钟后再试。`, seconds);
  }
}

/** Whether another mail may go to `address` now (and counts it if so). */
export async function takeMailToAddress(limits: ReaderLimits, address: string, now: Date): Promise<boolean> {
  return (await limits.mailPerAddress.take(address, now)) === 0;
}
