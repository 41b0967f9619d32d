import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Redis for tests: `TEST_REDIS_URL`, default redis://127.0.0.1:6379. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the test Redis answers. Suites that need it skip themselves (saying so) when it does
 * not, as the browser tests do without Chromium; CI must start Redis so nothing is skipped.
 */
export async function redisAvailable(): Promise<boolean> {
  const probe = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A key prefix nobody else uses, and a way to delete every key under it afterwards. */
export function uniqueRedisPrefix(): { prefix: string; cleanUp(redis: Redis): Promise<void> } {
  const prefix = `xinwen-test:${randomUUID()}:`;
  return {
    prefix,
    async cleanUp(redis) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    },
  };
}
