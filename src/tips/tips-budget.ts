import { TooManyRequestsError } from '../platform/errors.js';

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

/** A fixed window: `limit` units per `windowMs`, with no memory of who spent them. */
class Window {
  private start = 0;
  private used = 0;
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  take(units: number): void {
    const now = this.now();
    if (now - this.start >= this.windowMs) {
      this.start = now;
      this.used = 0;
    }
    if (this.used + units > this.limit) {
      const retryAfter = Math.max(1, Math.ceil((this.start + this.windowMs - now) / 1000));
      throw new TooManyRequestsError(TIPS_BUSY_MESSAGE, retryAfter, 'tips_busy');
    }
    this.used += units;
  }
}

/**
 * The tip channel's rate limits. They count site-wide (in this process) and store no address,
 * cookie or fingerprint: a limit keyed by IP would mean keeping the IP addresses of sources.
 * The cost is that a flood can make a reader wait; the page says so.
 */
export function createTipBudget(options: TipBudgetOptions = {}) {
  const now = options.now ?? Date.now;
  const starts = new Window(options.startsPerMinute ?? 30, MINUTE_MS, now);
  const bytes = new Window(options.bytesPerHour ?? 4 * 1024 * 1024 * 1024, HOUR_MS, now);
  const receipts = new Window(options.receiptChecksPerMinute ?? 60, MINUTE_MS, now);
  return {
    /** Throws 429 `tips_busy` when the minute's starts are spent. */
    takeStart: () => starts.take(1),
    /** Throws 429 `tips_busy` when the hour's bytes are spent. */
    takeBytes: (n: number) => bytes.take(n),
    /** Throws 429 `tips_busy` when the minute's receipt checks are spent. */
    takeReceiptCheck: () => receipts.take(1),
  };
}

export type TipBudget = ReturnType<typeof createTipBudget>;
