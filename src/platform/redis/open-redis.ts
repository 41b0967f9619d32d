import type { Redis } from 'ioredis';

/**
 * Connects to Redis at `url` (`redis://host:6379/0`) and checks it answers, so a wrong
 * REDIS_URL fails at start-up rather than on the first request. Auto-pipelining batches the
 * commands of concurrent requests into one write.
 */
export async function openRedis(url: string): Promise<Redis> {
  // Loaded here, so the embedded default (no REDIS_URL) never holds ioredis.
  const { Redis: Client } = await import('ioredis');
  const redis = new Client(url, { enableAutoPipelining: true, lazyConnect: true, maxRetriesPerRequest: 3 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Cannot reach Redis at REDIS_URL (${url.replace(/\/\/[^@/]*@/, '//***@')}): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return redis;
}
