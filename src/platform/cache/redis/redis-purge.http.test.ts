/**
 * Purges between app processes over HTTP: two servers on one database and one Redis prefix,
 * each with its own page cache. A change saved through one must not leave the other serving
 * the old page (its cache would otherwise keep it for the whole TTL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { saveArticle } from '../../../articles/article.service.js';
import { publishBus } from '../../../articles/publish-events.js';
import { TEST_DIALECTS } from '../../../testing/databases.js';
import { articleInput, setUpNewsroom } from '../../../testing/fixtures.js';
import type { TestServer } from '../../../testing/server.js';
import { editionPath } from '../../../web/editions.js';
import { TEST_REDIS_URL, redisAvailable } from '../../counters/redis/redis.testing.js';
import { startAppPair, type AppPair } from '../../../testing/app-pair.js';

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the Redis purge HTTP tests are skipped.`);

/**
 * The page's text once B's cache holds it. B may get the purges of the save that created the
 * page after its first render was stored (they go A → Redis → B), which empties that entry
 * again, so ask until a HIT, a few seconds at most.
 */
async function cachedPage(page: string): Promise<string> {
  let cache: string | null = null;
  let text = '';
  for (const deadline = Date.now() + 5000; cache !== 'HIT' && Date.now() < deadline; ) {
    const response = await fetch(page);
    cache = response.headers.get('x-cache');
    text = await response.text();
    if (cache !== 'HIT') await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(cache, 'HIT', `${page} is never served from the cache`);
  return text;
}

for (const dialect of TEST_DIALECTS) {
  describe(`page purges reach every app process through Redis (${dialect})`, { skip: !hasRedis }, () => {
    let pair: AppPair;
    let a: TestServer;
    let b: TestServer;
    let redis: Redis;
    let prefix: string;

    before(async () => {
      pair = await startAppPair(dialect);
      ({ a, b, redis, prefix } = pair);
      await setUpNewsroom(a.database.db);
    });
    after(() => pair?.close());

    it("an article changed through one process is not served stale from the other's cache", async () => {
      const input = articleInput({ title: '初版标题' });
      const { path } = await saveArticle(a.database.db, input);
      await publishBus(a.database.db).idle();
      const page = `${b.url}${editionPath('hans', path)}`;
      assert.equal((await fetch(page)).headers.get('x-cache'), 'MISS');
      assert.match(await cachedPage(page), /初版标题/);

      await saveArticle(a.database.db, { ...input, title: '更正后的标题' });
      await publishBus(a.database.db).idle();
      // The purge travels A → Redis → B's subscriber: wait for it, a few seconds at most.
      let body = '';
      for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
        body = await (await fetch(page)).text();
        if (!body.includes('初版标题')) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.match(body, /更正后的标题/);
      assert.doesNotMatch(body, /初版标题/);
    });

    it('a process whose purge subscription dropped forgets its cached pages once it is back', async () => {
      const { path } = await saveArticle(a.database.db, articleInput({ title: '断线之前缓存的页面' }));
      await publishBus(a.database.db).idle();
      const page = `${b.url}${editionPath('hans', path)}`;
      await cachedPage(page);
      // Every purge subscriber of this prefix loses its connection; purges sent meanwhile would be lost.
      const subscribers = String(await redis.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=purge-subscriber:${prefix}`))
        .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] ?? '');
      assert.equal(subscribers.length, 2, 'one purge subscriber per app process');
      for (const id of subscribers) await redis.client('KILL', 'ID', id);
      let cache: string | null = 'HIT';
      for (const deadline = Date.now() + 5000; Date.now() < deadline && cache === 'HIT'; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        cache = (await fetch(page)).headers.get('x-cache');
      }
      assert.equal(cache, 'MISS');
    });
  });
}
