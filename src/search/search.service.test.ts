import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishBus } from '../articles/publish-events.js';
import { personById } from '../articles/outlet.service.js';
import { saveSection } from '../articles/outlet.service.js';
import { ValidationError } from '../platform/errors.js';
import { attachPublishPipeline } from '../publish-pipeline.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { articleInput, createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { saveArticle } from '../articles/article.service.js';
import { addSegmentationWord } from '../dictionary/dictionary.service.js';
import { rankScore, rebuildSearchIndex, searchArticles, searchIndexSize } from './search.service.js';

const quietLog = { warn: () => undefined, error: () => undefined };

const paragraph = (text: string) => ({ type: 'paragraph' as const, text });

for (const dialect of TEST_DIALECTS) {
  describe(`search service (${dialect})`, () => {
    let t: TestDatabase;
    let detach: () => void;
    const ids: Record<string, number> = {};

    const publish = async (key: string, overrides: Parameters<typeof articleInput>[0]) => {
      ids[key] = await createArticle(t.db, { sourceKey: `search-${key}`, ...overrides });
    };

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      await saveSection(t.db, { slug: 'world', name: '国际', position: 2 });
      detach = attachPublishPipeline(t.db, quietLog);
      await publish('metro', {
        title: '青禾市地铁三号线今日开通',
        summary: '全长二十公里的新线路连接老城与高铁站。',
        body: [paragraph('青禾市地铁三号线上午正式开通运营，首班车六点发出。'), paragraph('市民在站台排队体验新线路。')],
        tags: ['交通'],
        publishedAt: '2025-03-10T02:00:00Z',
      });
      await publish('scattered', {
        title: '公交线路调整说明',
        summary: '三号公交改线，方便换乘地铁。',
        body: [paragraph('因道路施工，三号公交车临时改线，乘客可在新站换乘地铁。')],
        section: 'world',
        publishedAt: '2025-03-12T02:00:00Z',
        byline: { reporters: ['韩志远'], reportType: '报导', place: null },
      });
      await publish('hant', {
        title: '颱風過境 港口暫停作業',
        summary: '氣象部門發布颱風警報。',
        body: [paragraph('強烈颱風今晨登陸，沿海港口全面暫停作業，漁船回港避風。')],
        sourceScript: 'zh-Hant',
        publishedAt: '2025-02-01T02:00:00Z',
      });
      await publish('xss', {
        title: '网页安全讲座举办',
        summary: null,
        body: [paragraph('讲师演示了<script>alert("x")</script>这类跨站脚本如何被过滤，并讲解网页安全常识。')],
        publishedAt: '2025-01-05T02:00:00Z',
      });
      await publish('draft', {
        title: '尚未发布的地铁稿件',
        body: [paragraph('这篇地铁稿件还在编辑中。')],
        status: 'draft',
        publishedAt: null,
      });
      await publishBus(t.db).idle();
    });

    after(async () => {
      detach();
      await t.drop();
    });

    const idsOf = async (q: string, extra: Partial<Parameters<typeof searchArticles>[1]> = {}) =>
      (await searchArticles(t.db, { q, ...extra })).results.map((r) => r.id);

    it('indexes published articles only', async () => {
      assert.equal(await searchIndexSize(t.db), 4);
      const found = await idsOf('地铁');
      assert.ok(found.includes(ids.metro!));
      assert.ok(!found.includes(ids.draft!));
    });

    it('finds Simplified articles with a Traditional query and the other way round', async () => {
      assert.deepEqual(await idsOf('地鐵 開通'), [ids.metro]);
      assert.deepEqual(await idsOf('台风 港口'), [ids.hant]);
    });

    it('ANDs terms and treats quoted parts as phrases', async () => {
      assert.deepEqual(new Set(await idsOf('三号 地铁')), new Set([ids.metro, ids.scattered]));
      assert.deepEqual(await idsOf('"地铁三号线"'), [ids.metro]);
      assert.deepEqual(await idsOf('「地鐵三號線」'), [ids.metro]);
      assert.deepEqual(await idsOf('“三号线地铁”'), []);
      // An unbalanced quote is only punctuation: the words are plain terms.
      assert.deepEqual(new Set(await idsOf('"三号 地铁')), new Set([ids.metro, ids.scattered]));
    });

    it('filters by section, dates and reporter', async () => {
      assert.deepEqual(await idsOf('地铁', { section: 'world' }), [ids.scattered]);
      assert.deepEqual(await idsOf('地铁', { from: '2025-03-11' }), [ids.scattered]);
      assert.deepEqual(await idsOf('地铁', { to: '2025-03-10' }), [ids.metro]);
      const metro = await searchArticles(t.db, { q: '地铁' });
      assert.equal(metro.total, 2);
      const reporter = (await personByName(t, '韩志远'))!;
      assert.deepEqual(await idsOf('地铁', { reporter: reporter }), [ids.scattered]);
    });

    it('highlights matches and escapes everything else', async () => {
      const [result] = (await searchArticles(t.db, { q: '跨站脚本' })).results;
      assert.ok(result);
      assert.match(result.snippet, /<mark>跨站<\/mark><mark>脚本<\/mark>|<mark>跨站脚本<\/mark>/);
      assert.ok(result.snippet.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
      assert.ok(!result.snippet.replace(/<\/?mark>/g, '').includes('<'));
      const [hant] = (await searchArticles(t.db, { q: '台风' })).results;
      assert.ok(hant?.snippet.includes('<mark>颱風</mark>'), hant?.snippet);
    });

    it('boosts recency: a newer article beats a slightly more relevant older one, not a much more relevant one', async () => {
      const older = await createArticle(t.db, {
        sourceKey: 'search-ice-old',
        title: '冰雕展开幕',
        summary: null,
        body: [paragraph('冰雕展今天开幕，展出冰雕作品百余件。')],
        publishedAt: '2025-01-10T02:00:00Z',
      });
      const newer = await createArticle(t.db, {
        sourceKey: 'search-ice-new',
        title: '冰雕展开幕',
        summary: null,
        body: [paragraph('冰雕展今天开幕，展出作品百余件。')],
        publishedAt: '2025-05-20T02:00:00Z',
      });
      const weak = await createArticle(t.db, {
        sourceKey: 'search-ice-weak',
        title: '周末活动一览',
        summary: null,
        body: [paragraph('本周末有音乐会、书市和花市，另有一场小型冰雕体验活动，欢迎市民参加，活动免费。')],
        publishedAt: '2025-05-31T02:00:00Z',
      });
      await publishBus(t.db).idle();
      // Both published "now" as far as age goes: relevance alone, and the older one mentions 冰雕 once more.
      const byRelevance = (await searchArticles(t.db, { q: '冰雕' }, new Date('2025-01-01T00:00:00Z'))).results.map((r) => r.id);
      assert.deepEqual(byRelevance, [older, newer, weak]);
      // Months later the newer one wins; the weak, newest match stays last.
      const withRecency = (await searchArticles(t.db, { q: '冰雕' }, new Date('2025-06-01T00:00:00Z'))).results.map((r) => r.id);
      assert.deepEqual(withRecency, [newer, older, weak]);
      for (const key of ['old', 'new', 'weak']) await saveArticle(t.db, articleInput({ sourceKey: `search-ice-${key}`, title: '已撤', status: 'draft', publishedAt: null }));
      await publishBus(t.db).idle();
    });

    it('scores recency as 0.5 + 0.5 × 30 / (30 + age in days)', () => {
      const day = 1_440;
      assert.equal(rankScore({ relevance: 2, minute: 100 * day }, 100 * day), 2);
      assert.equal(rankScore({ relevance: 2, minute: 70 * day }, 100 * day), 1.5);
      assert.equal(rankScore({ relevance: 2, minute: 200 * day }, 100 * day), 2, 'a future date counts as today');
      assert.ok(rankScore({ relevance: 2, minute: 0 }, 100_000 * day) > 1);
    });

    it('pages through the results', async () => {
      const keys = Array.from({ length: 7 }, (_, i) => `search-page-${i}`);
      for (const [i, key] of keys.entries()) {
        await createArticle(t.db, { sourceKey: key, title: `滑雪场第${i + 1}条雪道开放`, body: [paragraph('滑雪场新雪道开放。')], publishedAt: new Date(Date.UTC(2025, 0, i + 1)).toISOString() });
      }
      const pages = await Promise.all([1, 2, 3, 4].map((page) => searchArticles(t.db, { q: '滑雪场', page, pageSize: 3 })));
      assert.deepEqual(pages.map((p) => p.results.length), [3, 3, 1, 0]);
      assert.ok(pages.every((p) => p.total === 7 && p.pageSize === 3));
      const all = pages.flatMap((p) => p.results.map((r) => r.id));
      assert.equal(new Set(all).size, 7);
      for (const key of keys) await saveArticle(t.db, articleInput({ sourceKey: key, title: '已撤', status: 'draft', publishedAt: null }));
      await publishBus(t.db).idle();
    });

    it('cuts documents and queries with the newsroom dictionary: a word added there is one token', async () => {
      const park = await createArticle(t.db, {
        sourceKey: 'search-park-name',
        title: '云杉智谷今日开园',
        summary: null,
        body: [paragraph('位于城东的云杉智谷今天开园，首批二十家企业入驻。')],
        publishedAt: '2025-04-02T02:00:00Z',
      });
      const apart = await createArticle(t.db, {
        sourceKey: 'search-park-apart',
        title: '城东绿化提速',
        summary: null,
        body: [paragraph('山坡上新种了一片云杉，旁边的创业园取名智谷。')],
        publishedAt: '2025-04-03T02:00:00Z',
      });
      await publishBus(t.db).idle();
      // jieba alone cuts the name into 云杉 and 智谷, so both articles have both words.
      assert.deepEqual(new Set(await idsOf('云杉智谷')), new Set([park, apart]));

      await addSegmentationWord(t.db, { word: '云杉智谷', tag: 'nt' }, { actorId: null });
      // The query now holds the whole name, which the documents indexed before do not.
      assert.deepEqual(await idsOf('云杉智谷'), []);
      await rebuildSearchIndex(t.db);
      assert.deepEqual(await idsOf('云杉智谷'), [park]);
      assert.deepEqual(await idsOf('雲杉智谷'), [park], 'either script');
      // The publish pipeline cuts new articles with it too.
      const later = await createArticle(t.db, {
        sourceKey: 'search-park-later',
        title: '云杉智谷迎来第二批企业',
        summary: null,
        body: [paragraph('云杉智谷第二批企业签约。')],
        publishedAt: '2025-04-20T02:00:00Z',
      });
      await publishBus(t.db).idle();
      assert.deepEqual(new Set(await idsOf('云杉智谷')), new Set([park, later]));

      for (const key of ['name', 'apart', 'later']) await saveArticle(t.db, articleInput({ sourceKey: `search-park-${key}`, title: '已撤', status: 'draft', publishedAt: null }));
      await publishBus(t.db).idle();
    });

    it('rejects bad input in Chinese', async () => {
      for (const bad of [{ q: '' }, { q: 'x'.repeat(101) }, { q: '地铁', from: '2025-02-30' }, { q: '地铁', page: 0 }, { q: '地铁', from: '2025-03-02', to: '2025-03-01' }, { q: '的了。' }, { q: '地铁', section: 'nope' }]) {
        await assert.rejects(searchArticles(t.db, bad), (e: unknown) => e instanceof ValidationError && /[\u4e00-\u9fff]/.test(e.publicMessage), JSON.stringify(bad));
      }
    });

    it('keeps the index current on edit and unpublish, and rebuilds from scratch', async () => {
      await saveArticle(t.db, articleInput({ sourceKey: 'search-metro', title: '青禾市轻轨三号线今日开通', body: [paragraph('轻轨三号线正式开通。')], publishedAt: '2025-03-10T02:00:00Z' }));
      await publishBus(t.db).idle();
      assert.deepEqual(await idsOf('轻轨'), [ids.metro]);
      assert.deepEqual(await idsOf('地铁'), [ids.scattered]);
      await saveArticle(t.db, articleInput({ sourceKey: 'search-scattered', title: '公交线路调整说明', status: 'draft', publishedAt: null }));
      await publishBus(t.db).idle();
      assert.deepEqual(await idsOf('公交'), []);

      detach();
      await createArticle(t.db, { sourceKey: 'search-late', title: '地铁四号线开工', body: [paragraph('地铁四号线开工建设。')] });
      assert.deepEqual(await idsOf('四号线'), []);
      await t.db.deleteFrom('search_documents').execute();
      const progress: [number, number][] = [];
      const result = await rebuildSearchIndex(t.db, { batchSize: 2, onProgress: (done, total) => progress.push([done, total]) });
      assert.equal(result.indexed, 4);
      assert.deepEqual(progress[0], [0, 4]);
      assert.deepEqual(progress.at(-1), [4, 4]);
      assert.ok(progress.length > 2, 'reported batch by batch');
      assert.ok(progress.every(([done], i) => i === 0 || done > (progress[i - 1]?.[0] ?? 0)));
      assert.equal(await searchIndexSize(t.db), 4);
      assert.equal((await idsOf('四号线')).length, 1);
      assert.deepEqual(await idsOf('轻轨'), [ids.metro]);
      detach = attachPublishPipeline(t.db, quietLog);
    });
  });
}

async function personByName(t: TestDatabase, name: string): Promise<number | undefined> {
  const row = await t.db.selectFrom('people').select('id').where('display_name', '=', name).executeTakeFirst();
  return row && (await personById(t.db, row.id))?.id;
}
