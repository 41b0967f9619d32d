/**
 * How cache purges travel: the publish pipeline publishes surrogate keys, and every page cache
 * that subscribed drops the entries carrying them. In one process the channel is a function
 * call; with several app processes it is Redis pub/sub (redis/redis-purge-channel.ts), so a
 * publish handled by one process purges every process's cache.
 */
export interface PurgeChannel {
  /** Sends keys to every subscriber (in every process sharing the channel). */
  publish(keys: readonly string[]): Promise<void>;
  /** Calls `handler` with each batch of keys published; resolves to its unsubscribe. */
  subscribe(handler: (keys: string[]) => void, options?: PurgeSubscribeOptions): Promise<() => Promise<void>>;
}

export interface PurgeSubscribeOptions {
  /**
   * Called when purges may have been missed (Redis: the subscriber's connection dropped and is
   * back; anything published meanwhile is lost), once the subscription is in force again. The
   * subscriber should forget everything it cached from before, in this process only. The
   * in-process channel never misses a purge and never calls it.
   */
  onGap?: () => void;
}

/** The in-process channel of the embedded default: subscribers are called before `publish` resolves. */
export function createLocalPurgeChannel(): PurgeChannel {
  const handlers = new Set<(keys: string[]) => void>();
  return {
    async publish(keys) {
      if (keys.length === 0) return;
      for (const handler of handlers) handler([...keys]);
    },
    async subscribe(handler) {
      // A wrapper of its own, so subscribing one function twice gives two independent subscriptions.
      const subscription = (keys: string[]) => handler(keys);
      handlers.add(subscription);
      return async () => void handlers.delete(subscription);
    },
  };
}
