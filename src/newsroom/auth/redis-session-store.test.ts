/** What only the Redis session store does (the shared behaviour is in sessions.service.test.ts). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL, redisAvailable, uniqueRedisPrefix } from '../../platform/counters/redis/redis.testing.js';
import { createRedisSessionStore } from './redis-session-store.js';
import type { StoredSession } from './session-store.js';

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the Redis session store tests are skipped.`);

const HOUR = 3_600_000;
const t0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number) => new Date(t0 + ms).toISOString();
const session = (id: string, personId: number, expiresInMs: number, userAgent: string | null = null): StoredSession => ({
  id: id.padEnd(64, '0'),
  personId,
  csrfToken: `csrf-${id}`,
  createdAt: iso(0),
  lastSeenAt: iso(0),
  expiresAt: iso(expiresInMs),
  userAgent,
});

describe('Redis session store', { skip: !hasRedis }, () => {
  let redis: Redis;
  const { prefix, cleanUp } = uniqueRedisPrefix();
  before(() => {
    redis = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    await cleanUp(redis);
    await redis.quit();
  });

  it('lets Redis forget a session when it expires, and round-trips a missing user agent', async () => {
    const store = createRedisSessionStore({ redis, keyPrefix: `${prefix}a:` });
    const s = session('a1', 1, 2 * HOUR);
    await store.create(s);
    const ttl = await redis.pttl(`${prefix}a:s:${s.id}`);
    assert.ok(ttl > 2 * HOUR - 60_000 && ttl <= 2 * HOUR, `ttl ${ttl}`);
    assert.deepEqual(await store.find(s.id), s);
    await store.touch(s.id, iso(HOUR), iso(5 * HOUR));
    const touched = await redis.pttl(`${prefix}a:s:${s.id}`);
    assert.ok(touched > 4 * HOUR - 60_000 && touched <= 4 * HOUR, `ttl after touch ${touched}`);
    assert.equal((await store.find(s.id))?.expiresAt, iso(5 * HOUR));
    assert.equal(await redis.zscore(`${prefix}a:p:1`, s.id), String(t0 + 5 * HOUR));
  });

  it('never brings back a session ended by another process when it is touched', async () => {
    const store = createRedisSessionStore({ redis, keyPrefix: `${prefix}b:` });
    const s = session('b1', 2, HOUR, 'agent');
    await store.create(s);
    await store.destroy(s.id);
    await store.touch(s.id, iso(60_000), iso(HOUR));
    assert.equal(await store.find(s.id), undefined);
    assert.equal(await redis.exists(`${prefix}b:s:${s.id}`), 0);
    assert.equal(await redis.zcard(`${prefix}b:p:2`), 0);
  });

  it('ends every session of a person but the one kept, and only theirs', async () => {
    const store = createRedisSessionStore({ redis, keyPrefix: `${prefix}c:` });
    const [x, y, z, other] = [session('c1', 3, HOUR), session('c2', 3, HOUR), session('c3', 3, HOUR), session('c4', 4, HOUR)];
    for (const s of [x, y, z, other]) await store.create(s);
    assert.equal(await store.destroyAllForPerson(3, { except: y.id }), 2);
    assert.equal(await store.find(x.id), undefined);
    assert.ok(await store.find(y.id));
    assert.equal(await store.find(z.id), undefined);
    assert.ok(await store.find(other.id));
    assert.deepEqual(await redis.zrange(`${prefix}c:p:3`, '0', '-1'), [y.id]);
  });

  it('deleteExpired forgets expired sessions and prunes the per-person sets and the people list', async () => {
    const store = createRedisSessionStore({ redis, keyPrefix: `${prefix}d:` });
    const [old1, old2, live] = [session('d1', 5, HOUR), session('d2', 6, HOUR), session('d3', 6, 3 * HOUR)];
    for (const s of [old1, old2, live]) await store.create(s);
    assert.equal(await store.deleteExpired(iso(2 * HOUR)), 2);
    assert.equal(await store.find(old1.id), undefined);
    assert.equal(await store.find(old2.id), undefined);
    assert.ok(await store.find(live.id));
    assert.equal(await redis.exists(`${prefix}d:p:5`), 0);
    assert.deepEqual(await redis.zrange(`${prefix}d:p:6`, '0', '-1'), [live.id]);
    assert.deepEqual(await redis.smembers(`${prefix}d:people`), ['6']);
    assert.equal(await store.deleteExpired(iso(2 * HOUR)), 0);
  });

  it('treats a key it did not write as no session', async () => {
    const store = createRedisSessionStore({ redis, keyPrefix: `${prefix}e:` });
    await redis.hset(`${prefix}e:s:${'f'.repeat(64)}`, { personId: 'not-a-number' });
    assert.equal(await store.find('f'.repeat(64)), undefined);
  });
});
