import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { PurgeChannel, PurgeSubscribeOptions } from '../purge-channel.js';

export interface RedisPurgeChannelOptions {
  /** The process's command connection: publishes go out on it, and it is duplicated for the subscriber. */
  redis: Redis;
  /** The pub/sub channel, under the key prefix, e.g. `xinwen:purge`. */
  channel: string;
  /** Where a malformed message or a failing handler is reported. */
  log: { warn(details: object, message: string): void; error(details: object, message: string): void };
}

// A message is a JSON array of surrogate keys; anything else on the channel is not ours.
const PurgeMessage = z.array(z.string().min(1).max(500)).min(1).max(100_000);

/** The keys in a message, or null when it is not a purge message. */
function parseMessage(message: string): string[] | null {
  try {
    const parsed = PurgeMessage.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

interface Subscription {
  handler: (keys: string[]) => void;
  onGap: (() => void) | undefined;
}

/**
 * Purges over Redis pub/sub, for many app processes. `publish` calls this process's handlers
 * first (so its own cache is purged before `publish` resolves, even if Redis is down), then
 * PUBLISHes; every process's subscriber calls its handlers (the publisher's again: a purge is
 * idempotent). Subscribing uses one dedicated connection (a connection in subscribe mode can
 * send nothing else), opened at the first subscription and closed with the last.
 *
 * Pub/sub is fire-and-forget: purges published while the subscriber was disconnected are lost.
 * So after a drop the subscriber resubscribes itself and only then calls each subscription's
 * `onGap`, whose job is to forget what this process cached (never the CDN's copy).
 */
export function createRedisPurgeChannel(options: RedisPurgeChannelOptions): PurgeChannel & { close(): Promise<void> } {
  const { redis, channel, log } = options;
  const subscriptions = new Set<Subscription>();
  let subscriber: Promise<Redis> | null = null;

  const deliver = (keys: string[]) => {
    for (const { handler } of subscriptions) {
      try {
        handler([...keys]);
      } catch (err) {
        log.error({ err, channel }, 'a purge handler failed');
      }
    }
  };

  const openSubscriber = async (): Promise<Redis> => {
    // Resubscribing is done here rather than by ioredis, so the gap is announced only once the
    // subscription is back in force: nothing published after onGap can be missed.
    // Named, so CLIENT LIST shows which connections are purge subscribers.
    const sub = redis.duplicate({ autoResubscribe: false, enableAutoPipelining: false, lazyConnect: true, connectionName: `purge-subscriber:${channel}` });
    let subscribed = false;
    let dropped = false;
    sub.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      const keys = parseMessage(message);
      if (keys) deliver(keys);
      else log.warn({ channel, length: message.length }, 'ignored a malformed purge message');
    });
    sub.on('close', () => {
      if (subscribed) dropped = true;
    });
    // ioredis reconnects on its own and says 'error' meanwhile; listening keeps those from
    // being unhandled, and the gap is dealt with on 'ready'.
    sub.on('error', () => {});
    sub.on('ready', () => {
      if (!dropped) return;
      sub.subscribe(channel).then(
        () => {
          dropped = false;
          for (const { onGap } of subscriptions) {
            try {
              onGap?.();
            } catch (err) {
              log.error({ err, channel }, 'a purge gap handler failed');
            }
          }
        },
        // Dropped again before the subscription took: the next 'ready' tries again.
        () => {},
      );
    });
    try {
      await sub.connect();
      await sub.subscribe(channel);
    } catch (error) {
      sub.disconnect();
      throw error;
    }
    subscribed = true;
    return sub;
  };

  const closeSubscriber = async () => {
    const opened = subscriber;
    subscriber = null;
    if (!opened) return;
    const sub = await opened.catch(() => null);
    await sub?.quit().catch(() => sub.disconnect());
  };

  return {
    async publish(keys) {
      if (keys.length === 0) return;
      deliver([...keys]);
      await redis.publish(channel, JSON.stringify(keys));
    },

    async subscribe(handler, subscribeOptions: PurgeSubscribeOptions = {}) {
      const subscription: Subscription = { handler, onGap: subscribeOptions.onGap };
      subscriptions.add(subscription);
      try {
        subscriber ??= openSubscriber();
        await subscriber;
      } catch (error) {
        subscriptions.delete(subscription);
        subscriber = null;
        throw error;
      }
      return async () => {
        if (!subscriptions.delete(subscription)) return;
        if (subscriptions.size === 0) await closeSubscriber();
      };
    },

    async close() {
      subscriptions.clear();
      await closeSubscriber();
    },
  };
}
