/**
 * Failed logins counted per client IP in fixed windows, in this process's memory.
 * Scale mode (several app processes) will move this count to Redis so every process
 * sees the same number; the per-account lockout is already in the database.
 */
export interface LoginThrottle {
  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string, now: Date): number;
  /** Counts one failed attempt by `key`. */
  recordFailure(key: string, now: Date): void;
}

export interface LoginThrottleOptions {
  /** Failed attempts allowed per window (default 20). */
  limit?: number;
  /** Window length in milliseconds (default 15 minutes). */
  windowMs?: number;
  /** Most keys kept; past it, finished windows are swept (default 10,000). */
  maxKeys?: number;
}

/** 20 failed logins per IP per 15 minutes by default. */
export const DEFAULT_IP_THROTTLE = { limit: 20, windowMs: 15 * 60_000 } as const;

/** A fixed-window counter of failed logins, one window per key. */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const limit = options.limit ?? DEFAULT_IP_THROTTLE.limit;
  const windowMs = options.windowMs ?? DEFAULT_IP_THROTTLE.windowMs;
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; failures: number }>();

  const sweep = (now: number) => {
    for (const [key, w] of windows) if (now - w.start >= windowMs) windows.delete(key);
  };

  return {
    retryAfterMs(key, now) {
      const w = windows.get(key);
      if (!w) return 0;
      const left = w.start + windowMs - now.getTime();
      if (left <= 0) {
        windows.delete(key);
        return 0;
      }
      return w.failures >= limit ? left : 0;
    },
    recordFailure(key, now) {
      const t = now.getTime();
      const w = windows.get(key);
      if (w && t - w.start < windowMs) {
        w.failures += 1;
        return;
      }
      // Memory stays bounded however many addresses try: old windows go first, and if an
      // attack keeps every window fresh, the oldest keys are dropped.
      if (windows.size >= maxKeys) sweep(t);
      if (windows.size >= maxKeys) {
        const oldest = windows.keys().next();
        if (!oldest.done) windows.delete(oldest.value);
      }
      windows.delete(key); // re-inserted last, so Map order stays oldest-window-first
      windows.set(key, { start: t, failures: 1 });
    },
  };
}
