import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { BROWSER_UA, sendView, startViewsServer, storedViews, testClock, type ViewsServer } from './popularity.testing.js';

const MINUTE = 60_000;

for (const dialect of TEST_DIALECTS) {
  describe(`view beacon POST /api/views/:id (${dialect})`, () => {
    let t: TestDatabase;
    let server: ViewsServer;
    const clock = testClock();
    let published: number;
    let draft: number;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      published = await createArticle(t.db);
      draft = await createArticle(t.db, { status: 'draft' });
      server = await startViewsServer(t, { app: { now: clock.now } });
    });
    after(async () => {
      await server?.close();
      await t?.drop();
    });

    it('counts a reader once per article per 30 minutes', async () => {
      const id = await createArticle(t.db);
      const first = await sendView(server.url, id, { ip: '198.51.100.1' });
      assert.equal(first.status, 200);
      assert.deepEqual(first.body, { views: 1, counted: true });
      assert.deepEqual((await sendView(server.url, id, { ip: '198.51.100.1' })).body, { views: 1, counted: false });
      clock.advance(29 * MINUTE);
      assert.deepEqual((await sendView(server.url, id, { ip: '198.51.100.1' })).body, { views: 1, counted: false });
      clock.advance(2 * MINUTE);
      assert.deepEqual((await sendView(server.url, id, { ip: '198.51.100.1' })).body, { views: 2, counted: true });
      // Another article is another count for the same reader.
      assert.deepEqual((await sendView(server.url, published, { ip: '198.51.100.1' })).body.counted, true);
    });

    it('tells readers behind one NAT address apart by user agent', async () => {
      const id = await createArticle(t.db);
      const ip = '100.64.0.9'; // carrier-grade NAT range
      const agents = [
        BROWSER_UA,
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
        'Mozilla/5.0 (Linux; Android 13; V2250A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47',
      ];
      for (const userAgent of agents) assert.equal((await sendView(server.url, id, { ip, userAgent })).body.counted, true);
      assert.equal((await sendView(server.url, id, { ip, userAgent: agents[1] })).body.counted, false);
      assert.equal((await sendView(server.url, id, { ip: '100.64.0.10', userAgent: agents[1] })).body.counted, true);
      assert.equal((await sendView(server.url, id, { ip })).body.views, 4);
    });

    it('answers bots, prefetches and cross-site requests with the count, without counting', async () => {
      const id = await createArticle(t.db);
      assert.equal((await sendView(server.url, id)).body.views, 1);
      const notCounted: { userAgent?: string; headers?: Record<string, string> }[] = [
        { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
        { userAgent: 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)' },
        { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36' },
        { userAgent: 'curl/8.5.0' },
        { userAgent: '' },
        { headers: { 'sec-purpose': 'prefetch' } },
        { headers: { 'sec-purpose': 'prefetch;prerender' } },
        { headers: { purpose: 'prefetch' } },
        { headers: { 'x-moz': 'prefetch' } },
        { headers: { 'sec-fetch-site': 'cross-site' } },
      ];
      for (const [i, options] of notCounted.entries()) {
        const answer = await sendView(server.url, id, { ip: `192.0.2.${i + 1}`, ...options });
        assert.equal(answer.status, 200, JSON.stringify(options));
        assert.deepEqual(answer.body, { views: 1, counted: false }, JSON.stringify(options));
      }
      // The same browser from the same site counts.
      const sameSite = await sendView(server.url, id, { ip: '192.0.2.200', headers: { 'sec-fetch-site': 'same-origin' } });
      assert.deepEqual(sameSite.body, { views: 2, counted: true });
    });

    it('is 404 for unknown and unpublished articles and 400 for ids that are not positive integers', async () => {
      for (const id of [draft, 987654]) {
        const answer = await sendView(server.url, id);
        assert.equal(answer.status, 404);
        assert.equal(answer.body.error?.code, 'not_found');
        assert.match(answer.body.error?.message ?? '', /不存在/);
      }
      for (const id of ['abc', '0', '-3', '1.5', '99999999999']) {
        const answer = await sendView(server.url, id);
        assert.equal(answer.status, 400, id);
        assert.equal(answer.body.error?.code, 'invalid_input', id);
      }
    });

    it('writes every counted view to the database when the app closes', async () => {
      const id = await createArticle(t.db);
      for (let i = 0; i < 7; i++) await sendView(server.url, id, { ip: `203.0.113.${i + 10}` });
      const before = await storedViews(t, id);
      assert.ok(before < 7, 'not all flushed yet (flush interval 5 s)');
      await server.close();
      assert.equal(await storedViews(t, id), 7);
      const hours = await t.db.selectFrom('article_view_hours').select(['hour', 'views']).where('article_id', '=', id).execute();
      assert.deepEqual(hours, [{ hour: new Date(Math.floor(clock.now().getTime() / 3_600_000) * 3_600_000).toISOString(), views: 7 }]);
      // A fresh process starts from the database.
      server = await startViewsServer(t, { app: { now: clock.now } });
      assert.deepEqual((await sendView(server.url, id, { ip: '203.0.113.99' })).body, { views: 8, counted: true });
    });
  });
}
