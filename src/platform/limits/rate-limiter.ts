/**
 * Fixed-window rate limits: at most `limit` units per key in a window of `windowMs` that starts
 * with the key's first unit. The embedded default counts in this process's memory
 * (memory/memory-rate-limiter.ts); scale mode counts in Redis (redis/redis-rate-limiter.ts), so
 * every app process sees the same count and a limit holds however many processes there are.
 *
 * Every method takes the caller's `now`, and a window's start is stored with its count, so
 * both implementations agree to the millisecond under a test clock; Redis's own expiry only
 * bounds memory.
 */
export interface RateLimiter {
  /** Milliseconds until `key` may go again once its window's units are spent, else 0. */
  retryAfterMs(key: string, now: Date): Promise<number>;
  /** Counts `units` (default 1) against `key`, over the limit or not (a failed login is counted even while locked). */
  hit(key: string, now: Date, units?: number): Promise<void>;
  /**
   * Counts `units` (default 1) against `key` only if they fit in what is left of its window, in
   * one atomic step; resolves to 0 when taken, or to the milliseconds until the window ends.
   */
  take(key: string, now: Date, units?: number): Promise<number>;
}

/** A limit: `limit` units per `windowMs`. */
export interface RatePolicy {
  limit: number;
  windowMs: number;
}

/**
 * Makes the limiters of one app: `name` keeps each limiter's keys apart (`login-ip`,
 * `reader-mail-address`…), so two limiters never share a count even where a key repeats.
 */
export type RateLimiters = (name: string, policy: RatePolicy) => RateLimiter;
