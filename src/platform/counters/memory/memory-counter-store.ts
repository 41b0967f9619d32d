import { randomUUID } from 'node:crypto';
import { serialised, type CounterBatch, type CounterStore } from '../counter-store.js';

export interface MemoryCounterStoreOptions {
  /**
   * How many `once` keys are remembered; past this the oldest are forgotten first (so a
   * reader could be counted again early under a flood). Default 200,000 (~25 MB).
   */
  maxOnceKeys?: number;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

/**
 * The embedded CounterStore: increments land in a Map in this process and `flush` hands them
 * over as one batch. What has not been flushed is lost if the process dies (the app flushes
 * every few seconds and on shutdown). `once` keys live in a Map with an expiry per key.
 */
export function createMemoryCounterStore(options: MemoryCounterStoreOptions = {}): CounterStore {
  const maxOnceKeys = options.maxOnceKeys ?? 200_000;
  const now = options.now ?? Date.now;
  const serial = serialised<number>();
  let live = new Map<string, number>();
  // The batch being written, or one whose write failed and is offered again first.
  let inflight: CounterBatch | null = null;
  // once key -> expiry (ms). Map order is insertion order, which is expiry order for one window
  // length, so expired keys are swept from the front.
  const seen = new Map<string, number>();

  const valueOf = (key: string) => (live.get(key) ?? 0) + (inflight?.counts.get(key) ?? 0);

  const sweep = (at: number) => {
    for (const [key, expires] of seen) {
      if (expires > at && seen.size <= maxOnceKeys) break;
      seen.delete(key);
    }
  };

  return {
    async increment(keys, once) {
      if (once) {
        const at = now();
        const expires = seen.get(once.key);
        if (expires !== undefined && expires > at) return { counted: false, pending: keys.map(valueOf) };
        seen.delete(once.key); // re-inserted at the end, in expiry order
        seen.set(once.key, at + once.ttlSeconds * 1000);
        sweep(at);
      }
      for (const key of keys) live.set(key, (live.get(key) ?? 0) + 1);
      return { counted: true, pending: keys.map(valueOf) };
    },

    async pending(keys) {
      return keys.map(valueOf);
    },

    flush(sink) {
      return serial(async () => {
        let written = 0;
        if (inflight) {
          await sink(inflight);
          written += inflight.counts.size;
          inflight = null;
        }
        if (live.size === 0) return written;
        inflight = { id: randomUUID(), counts: live };
        live = new Map();
        await sink(inflight);
        written += inflight.counts.size;
        inflight = null;
        return written;
      });
    },

    async close() {
      seen.clear();
    },
  };
}
