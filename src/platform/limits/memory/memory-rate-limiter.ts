import type { RateLimiter, RateLimiters, RatePolicy } from '../rate-limiter.js';

export interface MemoryRateLimiterOptions {
  /** Most keys kept; past it, finished windows are swept, then the oldest are dropped (default 10,000). */
  maxKeys?: number;
}

/** A fixed-window limiter in this process's memory: the embedded default. */
export function createMemoryRateLimiter(policy: RatePolicy, options: MemoryRateLimiterOptions = {}): RateLimiter {
  const { limit, windowMs } = policy;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; used: number }>();

  const sweep = (now: number) => {
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
  };
  /** The key's window at `now`, or undefined when it has none or its window has ended. */
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    if (w && now - w.start >= windowMs) {
      windows.delete(key);
      return undefined;
    }
    return w;
  };
  const add = (key: string, now: number, units: number) => {
    const w = current(key, now);
    if (w) {
      w.used += units;
      return;
    }
    // Memory stays bounded however many addresses try: old windows go first, and if an
    // attack keeps every window fresh, the oldest keys are dropped.
    if (windows.size >= maxKeys) sweep(now);
    if (windows.size >= maxKeys) {
      const oldest = windows.keys().next();
      if (!oldest.done) windows.delete(oldest.value);
    }
    windows.set(key, { start: now, used: units }); // set last, so Map order stays oldest-window-first
  };

  return {
    async retryAfterMs(key, now) {
      const t = now.getTime();
      const w = current(key, t);
      return w && w.used >= limit ? w.start + windowMs - t : 0;
    },
    async hit(key, now, units = 1) {
      add(key, now.getTime(), units);
    },
    async take(key, now, units = 1) {
      const t = now.getTime();
      const w = current(key, t);
      if (w && w.used + units > limit) return w.start + windowMs - t;
      if (!w && units > limit) return windowMs;
      add(key, t, units);
      return 0;
    },
  };
}

/**
 * Limiters in this process's memory. Each name has its own counts, and asking for a name again
 * gives the same limiter, as the same name in Redis shares its keys.
 */
export function memoryRateLimiters(options: MemoryRateLimiterOptions = {}): RateLimiters {
  const byName = new Map<string, RateLimiter>();
  return (name, policy) => {
    let limiter = byName.get(name);
    if (!limiter) {
      limiter = createMemoryRateLimiter(policy, options);
      byName.set(name, limiter);
    }
    return limiter;
  };
}
