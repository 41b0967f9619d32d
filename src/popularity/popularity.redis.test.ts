/**
 * Scale mode: two app processes (here two app instances, each with its own database pool and
 * Redis connection) count into one Redis hash and one database total. Real Redis at
 * TEST_REDIS_URL under a unique key prefix; skipped with a notice when it is unreachable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { openDatabase, type OpenDatabase } from '../platform/db/database.js';
import { TEST_REDIS_URL, redisAvailable, uniqueRedisPrefix } from '../platform/counters/redis/redis.testing.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { sendView, startViewsServer, storedViews, type ViewsServer } from './popularity.testing.js';

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the Redis view counting tests are skipped.`);

for (const dialect of TEST_DIALECTS) {
  describe(`view counting in Redis with two app processes (${dialect})`, { skip: !hasRedis }, () => {
    let t: TestDatabase;
    let secondPool: OpenDatabase & { url: string };
    let a: ViewsServer;
    let b: ViewsServer;
    const redis = new Redis(TEST_REDIS_URL);
    const { prefix, cleanUp } = uniqueRedisPrefix();
    const env = { REDIS_URL: TEST_REDIS_URL, XINWEN_REDIS_PREFIX: prefix, XINWEN_VIEW_FLUSH_MS: '150' };

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      secondPool = { ...(await openDatabase(t.url)), url: t.url };
      a = await startViewsServer(t, { env });
      b = await startViewsServer(secondPool, { env });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await secondPool?.close();
      await t?.drop();
      await cleanUp(redis);
      await redis.quit();
    });

    it('counts into one total, shares the 30-minute dedup, and loses nothing across flushes', async () => {
      const id = await createArticle(t.db);
      const N = 60;
      // Each process's answers never run backwards. Across processes one may lag by what another
      // has just flushed, until its next refresh (one flush interval): documented.
      const last = new Map<string, number>();
      for (let i = 0; i < N; i++) {
        const url = i % 2 ? a.url : b.url;
        const answer = await sendView(url, id, { ip: `172.16.0.${i + 1}` });
        assert.equal(answer.body.counted, true);
        assert.ok((answer.body.views ?? 0) >= (last.get(url) ?? 0), 'answers never run backwards');
        assert.ok((answer.body.views ?? 0) <= i + 1, 'never more than was counted');
        last.set(url, answer.body.views ?? 0);
        if (i === 20) await new Promise((r) => setTimeout(r, 400)); // let both flush mid-way
      }
      // Counted through A, seen again through B: the same reader.
      assert.equal((await sendView(b.url, id, { ip: '172.16.0.2' })).body.counted, false);
      assert.equal((await sendView(a.url, id, { ip: '172.16.0.1' })).body.counted, false);

      for (let i = 0; i < 100 && (await storedViews(t, id)) < N; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await storedViews(t, id), N);
      await new Promise((r) => setTimeout(r, 400)); // both have refreshed since
      assert.deepEqual((await sendView(b.url, id, { ip: '172.16.0.2' })).body, { views: N, counted: false });
      assert.deepEqual((await sendView(a.url, id, { ip: '172.16.0.1' })).body, { views: N, counted: false });
      assert.equal(await redis.exists(`${prefix}views:live`), 0, 'nothing left unflushed');
      assert.equal(await redis.scard(`${prefix}views:flushing`), 0);
      const hours = await t.db.selectFrom('article_view_hours').select((eb) => eb.fn.sum<number>('views').as('n')).where('article_id', '=', id).executeTakeFirstOrThrow();
      assert.equal(Number(hours.n), N, 'hourly buckets add up to the total');
    });

    it('writes views still in Redis when one process shuts down, and the other keeps counting', async () => {
      const id = await createArticle(t.db);
      for (let i = 0; i < 9; i++) await sendView(a.url, id, { ip: `172.17.0.${i + 1}` });
      await a.close();
      // A's close flushes what is in Redis; if B's flush had just moved the batch aside, B
      // writes it within its flush interval. Either way none of the 9 is lost.
      for (let i = 0; i < 40 && (await storedViews(t, id)) < 9; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await storedViews(t, id), 9);
      assert.deepEqual((await sendView(b.url, id, { ip: '172.17.1.1' })).body, { views: 10, counted: true });
      a = await startViewsServer(t, { env });
    });
  });
}
