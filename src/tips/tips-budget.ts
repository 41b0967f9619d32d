import { TooManyRequestsError } from '../platform/errors.js';
import { memoryRateLimiters } from '../platform/limits/memory/memory-rate-limiter.js';
import type { RateLimiter, RateLimiters } from '../platform/limits/rate-limiter.js';

/** How much the whole site accepts; no per-person limit exists because no person is identified. */
export interface TipBudgetOptions {
  /** New tips and follow-ups started per minute, site-wide. Default 30. */
  startsPerMinute?: number;
  /** Ciphertext bytes accepted per hour, site-wide. Default 4 GiB. */
  bytesPerHour?: number;
  /** Receipt checks per minute, site-wide (each costs an argon2id verification). Default 60. */
  receiptChecksPerMinute?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export const TIPS_BUSY_MESSAGE = '线索通道此刻太繁忙，请稍后再试。为了不记录任何人的网络地址，本站只限制全站的总流量，因此有时会因他人的使用而暂停接收。';

/** A site-wide limit: `limit` units per window, with no memory of who spent them (the key is always `site`). */
function siteWindow(limiter: RateLimiter, now: () => number) {
  return async (units: number): Promise<void> => {
    const wait = await limiter.take('site', new Date(now()), units);
    if (wait > 0) throw new TooManyRequestsError(TIPS_BUSY_MESSAGE, Math.max(1, Math.ceil(wait / 1000)), 'tips_busy');
  };
}

/**
 * The tip channel's rate limits. They count site-wide (in this process by default; in Redis,
 * across every process, in scale mode) and store no address, cookie or fingerprint: a limit
 * keyed by IP would mean keeping the IP addresses of sources. The cost is that a flood can
 * make a reader wait; the page says so.
 */
export function createTipBudget(options: TipBudgetOptions = {}, limiters: RateLimiters = memoryRateLimiters()) {
  const now = options.now ?? Date.now;
  const starts = siteWindow(limiters('tips-starts', { limit: options.startsPerMinute ?? 30, windowMs: MINUTE_MS }), now);
  const bytes = siteWindow(limiters('tips-bytes', { limit: options.bytesPerHour ?? 4 * 1024 * 1024 * 1024, windowMs: HOUR_MS }), now);
  const receipts = siteWindow(limiters('tips-receipt-checks', { limit: options.receiptChecksPerMinute ?? 60, windowMs: MINUTE_MS }), now);
  return {
    /** Rejects with 429 `tips_busy` when the minute's starts are spent. */
    takeStart: () => starts(1),
    /** Rejects with 429 `tips_busy` when the hour's bytes are spent. */
    takeBytes: (n: number) => bytes(n),
    /** Rejects with 429 `tips_busy` when the minute's receipt checks are spent. */
    takeReceiptCheck: () => receipts(1),
  };
}

export type TipBudget = ReturnType<typeof createTipBudget>;
