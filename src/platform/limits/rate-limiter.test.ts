/**
 * One behaviour suite for every RateLimiters: memory (embedded) and Redis (scale mode, real
 * Redis at TEST_REDIS_URL under a unique key prefix; skipped with a notice when unreachable).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL, redisAvailable, uniqueRedisPrefix } from '../counters/redis/redis.testing.js';
import { createMemoryRateLimiter, memoryRateLimiters } from './memory/memory-rate-limiter.js';
import type { RateLimiters } from './rate-limiter.js';
import { redisRateLimiters } from './redis/redis-rate-limiter.js';

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the Redis rate limiter tests are skipped.`);

const t0 = new Date('2025-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const adapters: { name: string; skip: boolean; make(): Promise<{ limiters: RateLimiters; second: RateLimiters; done(): Promise<void> }> }[] = [
  {
    name: 'memory',
    skip: false,
    async make() {
      const limiters = memoryRateLimiters();
      return { limiters, second: limiters, done: async () => {} };
    },
  },
  {
    name: 'redis',
    skip: !hasRedis,
    async make() {
      // Two connections, as two app processes would have.
      const a = new Redis(TEST_REDIS_URL);
      const b = new Redis(TEST_REDIS_URL);
      const { prefix, cleanUp } = uniqueRedisPrefix();
      return {
        limiters: redisRateLimiters({ redis: a, keyPrefix: prefix }),
        second: redisRateLimiters({ redis: b, keyPrefix: prefix }),
        async done() {
          await cleanUp(a);
          await Promise.all([a.quit(), b.quit()]);
        },
      };
    },
  },
];

for (const adapter of adapters) {
  describe(`RateLimiter: ${adapter.name}`, { skip: adapter.skip }, () => {
    let h: Awaited<ReturnType<(typeof adapters)[number]['make']>>;
    before(async () => {
      h = await adapter.make();
    });
    after(() => h.done());

    it('blocks a key after `limit` hits until its window ends, and only that key', async () => {
      const limiter = h.limiters('login', { limit: 3, windowMs: 60_000 });
      for (let i = 0; i < 3; i++) {
        assert.equal(await limiter.retryAfterMs('1.2.3.4', at(i * 1000)), 0);
        await limiter.hit('1.2.3.4', at(i * 1000));
      }
      assert.equal(await limiter.retryAfterMs('1.2.3.4', at(10_000)), 50_000);
      assert.equal(await limiter.retryAfterMs('5.6.7.8', at(10_000)), 0);
      assert.equal(await limiter.retryAfterMs('1.2.3.4', at(60_000)), 0, 'a new window starts');
      await limiter.hit('1.2.3.4', at(60_000));
      assert.equal(await limiter.retryAfterMs('1.2.3.4', at(61_000)), 0, 'the new window counts from one');
    });

    it('takes units only while they fit, atomically, and says how long until they would', async () => {
      const limiter = h.limiters('bytes', { limit: 100, windowMs: 3_600_000 });
      assert.equal(await limiter.take('site', at(0), 60), 0);
      assert.equal(await limiter.take('site', at(1000), 50), 3_599_000, 'over the limit: refused, not counted');
      assert.equal(await limiter.take('site', at(2000), 40), 0, 'the refusal spent nothing');
      assert.equal(await limiter.take('site', at(3000), 1), 3_597_000);
      assert.equal(await limiter.take('site', at(3_600_000), 100), 0, 'the next window');
      assert.equal(await limiter.take('other', at(0), 101), 3_600_000, 'more than a whole window is never taken');
      assert.equal(await limiter.retryAfterMs('other', at(0)), 0);

      const starts = h.limiters('starts', { limit: 5, windowMs: 60_000 });
      const results = await Promise.all(Array.from({ length: 20 }, () => starts.take('site', at(0))));
      assert.equal(results.filter((r) => r === 0).length, 5, 'concurrent takes never exceed the limit');
    });

    it('keeps limiters of different names apart, and shares one name between processes', async () => {
      const ip = h.limiters('ip', { limit: 1, windowMs: 60_000 });
      const mail = h.limiters('mail', { limit: 1, windowMs: 60_000 });
      await ip.hit('k', at(0));
      assert.ok((await ip.retryAfterMs('k', at(1))) > 0);
      assert.equal(await mail.retryAfterMs('k', at(1)), 0);
      // The same name made by another process (in memory: the same process) sees the same count.
      const elsewhere = h.second('ip', { limit: 1, windowMs: 60_000 });
      assert.equal(await elsewhere.retryAfterMs('k', at(1)), 59_999);
      assert.equal(await elsewhere.take('k', at(2)), 59_998);
    });
  });
}

describe('RateLimiter: memory stays bounded', () => {
  it('drops the oldest window once maxKeys windows are live', async () => {
    const limiter = createMemoryRateLimiter({ limit: 1, windowMs: 60_000 }, { maxKeys: 2 });
    await limiter.hit('a', at(0));
    await limiter.hit('b', at(1));
    await limiter.hit('c', at(2)); // drops 'a', the oldest
    assert.equal(await limiter.retryAfterMs('a', at(3)), 0);
    assert.ok((await limiter.retryAfterMs('b', at(3))) > 0);
    assert.ok((await limiter.retryAfterMs('c', at(3))) > 0);
  });
});
