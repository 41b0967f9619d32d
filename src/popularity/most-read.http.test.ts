import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath } from '../articles/article.service.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { pruneViewHistory } from './popularity.store.js';
import { sendView, startViewsServer, storedViews, testClock, type ViewsServer } from './popularity.testing.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = '2025-03-18T08:10:00.000Z';

let ipCounter = 0;
/** `n` views from `n` different readers. */
async function read(url: string, id: number, n: number) {
  for (let i = 0; i < n; i++) {
    ipCounter++;
    const answer = await sendView(url, id, { ip: `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}` });
    assert.equal(answer.body.counted, true);
  }
}

/** Waits until the flush task (every 100 ms here) has written `views` for `id`. */
async function flushed(t: TestDatabase, id: number, views: number) {
  for (let i = 0; i < 100 && (await storedViews(t, id)) < views; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await storedViews(t, id), views);
}

const titlesIn = (html: string, listId: string) => {
  const list = new RegExp(`id="${listId}"[^>]*>[^<]*</h3>(?:<ol class="most-read-list">(.*?)</ol>|<p)`, 's').exec(html);
  return [...(list?.[1] ?? '').matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
};

for (const dialect of TEST_DIALECTS) {
  describe(`most-read lists (${dialect})`, () => {
    let t: TestDatabase;
    let server: ViewsServer;
    const clock = testClock(T0);
    const ids: Record<'a' | 'b' | 'c' | 'd', number> = { a: 0, b: 0, c: 0, d: 0 };

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      ids.a = await createArticle(t.db, { title: '甲：中国栏目今日热读', section: 'china' });
      ids.b = await createArticle(t.db, { title: '乙：要闻六天前热读', section: 'top' });
      ids.c = await createArticle(t.db, { title: '丙：中国栏目八天前大热', section: 'china' });
      ids.d = await createArticle(t.db, { title: '丁：要闻昨天上午', section: 'top' });
      server = await startViewsServer(t, { env: { XINWEN_VIEW_FLUSH_MS: '100' }, app: { now: clock.now } });

      const at = (offsetMs: number) => clock.set(new Date(new Date(T0).getTime() + offsetMs).toISOString());
      at(-7 * DAY - 2 * HOUR);
      await read(server.url, ids.c, 9); // outside the 7-day window
      at(-6 * DAY);
      await read(server.url, ids.b, 6);
      at(-30 * HOUR);
      await read(server.url, ids.d, 4); // in the week, not in the last 24 hours
      at(-2 * HOUR);
      await read(server.url, ids.a, 3);
      await read(server.url, ids.c, 2);
      at(0);
      await read(server.url, ids.a, 2);
      await flushed(t, ids.a, 5);
      await flushed(t, ids.c, 11);
    });
    after(async () => {
      await server?.close();
      await t?.drop();
    });

    it('ranks the last 24 hours and the last 7 days from the hourly buckets, on the home page', async () => {
      const html = await (await fetch(`${server.url}/`)).text();
      assert.match(html, /<h2 id="most-read-title">阅读排行<\/h2>/);
      assert.deepEqual(titlesIn(html, 'most-read-day'), ['甲：中国栏目今日热读', '丙：中国栏目八天前大热']);
      assert.deepEqual(titlesIn(html, 'most-read-week'), ['乙：要闻六天前热读', '甲：中国栏目今日热读', '丁：要闻昨天上午', '丙：中国栏目八天前大热']);
      assert.match(html, /<span class="most-read-views" title="5次阅读">5<\/span>/);
    });

    it('ranks each section on its own page', async () => {
      const china = await (await fetch(`${server.url}/section/china`)).text();
      assert.match(china, /中国阅读排行/);
      assert.deepEqual(titlesIn(china, 'most-read-day'), ['甲：中国栏目今日热读', '丙：中国栏目八天前大热']);
      assert.deepEqual(titlesIn(china, 'most-read-week'), ['甲：中国栏目今日热读', '丙：中国栏目八天前大热']);
      const top = await (await fetch(`${server.url}/section/top`)).text();
      assert.deepEqual(titlesIn(top, 'most-read-day'), []);
      assert.match(top, /暂无数据/);
      assert.deepEqual(titlesIn(top, 'most-read-week'), ['乙：要闻六天前热读', '丁：要闻昨天上午']);
    });

    it('shows 人气 at render time and the lists in the article sidebar', async () => {
      const path = articlePath({ id: ids.a, publishedAt: '2025-03-18T01:30:00.000Z' }, 'Asia/Shanghai');
      const html = await (await fetch(`${server.url}${path}`)).text();
      assert.match(html, new RegExp(`data-view-count="${ids.a}">人气 <span class="view-count-number" data-view-count-number="true" title="5次阅读">5</span>`));
      assert.match(html, /<aside class="article-aside">.*id="most-read-day".*<\/aside>/s);
    });

    it('keeps a list for a minute, then drops an unpublished article', async () => {
      await t.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', ids.b).execute();
      const cached = await (await fetch(`${server.url}/`)).text();
      assert.equal(titlesIn(cached, 'most-read-week')[0], '乙：要闻六天前热读', 'still the cached list');
      clock.advance(61_000);
      const fresh = await (await fetch(`${server.url}/`)).text();
      assert.deepEqual(titlesIn(fresh, 'most-read-week'), ['甲：中国栏目今日热读', '丁：要闻昨天上午', '丙：中国栏目八天前大热']);
    });

    it('prunes hourly buckets older than 8 days and keeps the totals', async () => {
      const eightDaysAgo = new Date(new Date(T0).getTime() - 8 * DAY).toISOString();
      const pruned = await pruneViewHistory(t.db, eightDaysAgo, eightDaysAgo);
      assert.equal(pruned.hours, 0, 'the oldest bucket is 7 days 2 hours old');
      const later = new Date(new Date(T0).getTime() - 7 * DAY).toISOString();
      assert.equal((await pruneViewHistory(t.db, later, eightDaysAgo)).hours, 1);
      assert.equal(await storedViews(t, ids.c), 11);
    });
  });
}
