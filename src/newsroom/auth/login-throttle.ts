import { memoryRateLimiters } from '../../platform/limits/memory/memory-rate-limiter.js';
import type { RateLimiter, RateLimiters, RatePolicy } from '../../platform/limits/rate-limiter.js';

/**
 * Failed staff logins counted per client IP in fixed windows (platform/limits): in this
 * process's memory by default, in Redis in scale mode so every app process sees the same
 * count. The per-account lockout is in the database. `retryAfterMs` is non-zero once the
 * window's failures are spent; `hit` counts one failure.
 */
export type LoginThrottle = RateLimiter;

/** 20 failed logins per IP per 15 minutes by default. */
export const DEFAULT_IP_THROTTLE: RatePolicy = { limit: 20, windowMs: 15 * 60_000 };

/** The staff login throttle from the app's limiters (default: this process's memory). */
export function createLoginThrottle(limiters: RateLimiters = memoryRateLimiters(), policy: RatePolicy = DEFAULT_IP_THROTTLE): LoginThrottle {
  return limiters('staff-login-ip', policy);
}
