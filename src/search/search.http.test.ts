import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishBus } from '../articles/publish-events.js';
import { adminClient, addTestStaff, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { editionPath } from '../web/editions.js';

type Json = Record<string, unknown>;
interface ApiResult {
  id: number;
  title: string;
  url: string;
  snippet: string;
  publishedAt: string;
}

const paragraph = (text: string) => ({ type: 'paragraph' as const, text });

for (const dialect of TEST_DIALECTS) {
  describe(`search over HTTP (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let admin: TestSession;
    const ids: Record<string, number> = {};

    const idle = () => publishBus(server.database.db).idle();
    const search = async (query: string) => {
      const res = await fetch(`${server.url}/api/search?${query}`);
      return { status: res.status, json: (await res.json()) as Json & { total: number; results: ApiResult[] }, res };
    };
    const found = async (q: string) => (await search(`q=${encodeURIComponent(q)}`)).json.results.map((r) => r.id);
    const page = async (path: string) => {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      return { status: res.status, html: await res.text(), res };
    };

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      await addTestStaff(db, { email: 'chief@x.test', name: '总编辑', role: 'admin' });
      api = adminClient(server.url);
      admin = await api.session('chief@x.test');
      ids.ferry = await createArticle(db, {
        sourceKey: 'http-ferry',
        title: '跨海轮渡恢复夜间班次',
        summary: '轮渡公司宣布夜间班次恢复。',
        body: [paragraph('因客流回升，跨海轮渡自下周起恢复夜间班次，末班船延后到二十二点。')],
        publishedAt: '2025-04-02T02:00:00Z',
      });
      ids.xss = await createArticle(db, {
        sourceKey: 'http-xss',
        title: '轮渡码头安全演练',
        summary: null,
        body: [paragraph('演练脚本里有一行<script>alert("轮渡")</script>被当作普通文字展示。')],
        publishedAt: '2025-04-01T02:00:00Z',
      });
      // Twelve more articles about 渡口 for the pages (10 a page by default).
      for (let i = 1; i <= 12; i++) {
        await createArticle(db, {
          sourceKey: `http-pier-${i}`,
          title: `渡口改造第${i}期工程`,
          body: [paragraph(`渡口改造工程第${i}期进入施工阶段。`)],
          section: i % 2 === 0 ? 'china' : 'top',
          publishedAt: new Date(Date.UTC(2025, 2, i, 2)).toISOString(),
        });
      }
      await idle();
    });

    after(async () => {
      await server.close();
    });

    it('keeps the index current as the newsroom publishes, edits and unpublishes through the admin API', async () => {
      const draft = await api.call('POST', '/articles', { session: admin, body: { title: '缆车线路年底试运行', text: '山顶缆车线路计划年底试运行。', section: 'china' } });
      assert.equal(draft.status, 201);
      const id = draft.json.id as number;
      await idle();
      assert.deepEqual(await found('缆车'), [], 'a draft is not searchable');

      const published = await api.call('POST', `/articles/${id}/publish`, { session: admin, body: {} });
      assert.equal(published.status, 200, JSON.stringify(published.json));
      await idle();
      const hit = (await search(`q=${encodeURIComponent('缆车')}`)).json.results[0];
      assert.equal(hit?.id, id);
      assert.equal(hit?.url, editionPath('hans', published.json.url as string));

      const version = published.json.version as number;
      const edited = await api.call('PATCH', `/articles/${id}`, { session: admin, body: { version, title: '索道线路年底试运行', body: [paragraph('山顶索道线路计划年底试运行。')] } });
      assert.equal(edited.status, 200, JSON.stringify(edited.json));
      await idle();
      assert.deepEqual(await found('缆车'), []);
      assert.deepEqual(await found('索道'), [id]);

      const unpublished = await api.call('POST', `/articles/${id}/unpublish`, { session: admin, body: { reason: '计划调整' } });
      assert.equal(unpublished.status, 200, JSON.stringify(unpublished.json));
      await idle();
      assert.deepEqual(await found('索道'), []);
    });

    it('answers the API with total, results, edition urls and the edition script', async () => {
      const { status, json, res } = await search(`q=${encodeURIComponent('轮渡')}`);
      assert.equal(status, 200);
      assert.equal(json.total, 2);
      assert.equal(json.page, 1);
      assert.deepEqual(new Set(json.results.map((r) => r.id)), new Set([ids.ferry, ids.xss]));
      const first = json.results.find((r) => r.id === ids.ferry);
      assert.ok(first);
      assert.deepEqual(Object.keys(first).sort(), ['id', 'publishedAt', 'snippet', 'title', 'url']);
      assert.match(first.url, new RegExp(`^/zh-hans/2025/04/02/${ids.ferry}\\.html$`));
      assert.match(first.snippet, /<mark>轮渡<\/mark>/);
      assert.equal(first.publishedAt, '2025-04-02T02:00:00.000Z');
      assert.match(res.headers.get('cache-control') ?? '', /public/);

      const hant = await search(`q=${encodeURIComponent('輪渡')}&edition=hant`);
      assert.deepEqual(new Set(hant.json.results.map((r) => r.id)), new Set([ids.ferry, ids.xss]));
      const ferry = hant.json.results.find((r) => r.id === ids.ferry);
      assert.match(ferry?.url ?? '', /^\/zh-hant\/2025\/04\/02\//);
      assert.equal(ferry?.title, '跨海輪渡恢復夜間班次');
      assert.match(ferry?.snippet ?? '', /<mark>輪渡<\/mark>/);
    });

    it('refuses bad API input with 400 and the JSON error shape', async () => {
      for (const query of ['', 'q=', `q=${'长'.repeat(101)}`, 'q=a&from=2025-02-30', 'q=a&page=0', 'q=a&page=x', 'q=a&reporter=-1', 'q=a&edition=en', 'q=a&pageSize=500', `q=${encodeURIComponent('的，了。')}`]) {
        const { status, json } = await search(query);
        assert.equal(status, 400, query);
        const error = json.error as { code: string; message: string };
        assert.equal(error.code, 'invalid_input', query);
        assert.match(error.message, /\p{Script=Han}/u, query);
      }
    });

    it('escapes article text in snippets: only <mark> is markup', async () => {
      const { json } = await search(`q=${encodeURIComponent('演练')}`);
      const snippet = json.results[0]?.snippet ?? '';
      assert.ok(snippet.includes('&lt;script&gt;alert(&quot;<mark>轮渡</mark>&quot;)&lt;/script&gt;') || snippet.includes('&lt;script&gt;alert(&quot;轮渡&quot;)&lt;/script&gt;'), snippet);
      assert.equal(snippet.replace(/<\/?mark>/g, '').includes('<'), false);
      const { html } = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('演练')}`);
      assert.ok(!html.includes('<script>alert'), 'the page never carries the article text as markup');
      assert.ok(html.includes('&lt;script&gt;'));
    });

    it('renders the search page with highlighted results, a count and paginated links that keep the filters', async () => {
      const first = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('渡口')}`);
      assert.equal(first.status, 200);
      assert.match(first.res.headers.get('cache-control') ?? '', /public, max-age=60/);
      assert.match(first.html, /找到 12 篇相关文章，这是第 1–10 篇。/);
      assert.equal(first.html.match(/class="search-result"/g)?.length, 10);
      assert.match(first.html, /<mark>渡口<\/mark>/);
      assert.match(first.html, /<meta name="robots" content="noindex, follow"/);
      assert.match(first.html, /<link rel="next" href="[^"]*\/zh-hans\/search\?q=%E6%B8%A1%E5%8F%A3&amp;page=2"/);
      assert.match(first.html, /<a class="pager-next" href="\/zh-hans\/search\?q=%E6%B8%A1%E5%8F%A3&amp;page=2" rel="next">/);
      assert.match(first.html, /<form class="search-form" action="\/zh-hans\/search"/);

      const second = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('渡口')}&page=2`);
      assert.equal(second.html.match(/class="search-result"/g)?.length, 2);
      assert.match(second.html, /rel="prev"/);
      assert.doesNotMatch(second.html, /class="pager-next"/);

      const filtered = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('渡口')}&section=china&from=2025-03-01&to=2025-03-12`);
      assert.match(filtered.html, /找到 6 篇相关文章/);
      assert.match(filtered.html, /<option value="china" selected/);
      assert.match(filtered.html, /value="2025-03-01"/);

      const hant = await page(`${editionPath('hant', '/search')}?q=${encodeURIComponent('渡口')}`);
      assert.equal(hant.status, 200);
      assert.match(hant.html, /href="\/zh-hant\/2025\/03\/12\/\d+\.html"/);
      assert.match(hant.html, /\/zh-hant\/search\?q=%E6%B8%A1%E5%8F%A3&amp;page=2/);
    });

    it('keeps filters in the page links', async () => {
      const { html } = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('渡口')}&from=2025-03-01`);
      assert.match(html, /href="\/zh-hans\/search\?q=%E6%B8%A1%E5%8F%A3&amp;from=2025-03-01&amp;page=2" rel="next"/);
    });

    it('explains an empty result, bad input and a missing query in Chinese', async () => {
      const none = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('火星基地')}`);
      assert.equal(none.status, 200);
      assert.match(none.html, /没有找到与“火星基地”相关的文章/);
      const single = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('夜间班次')}`);
      assert.match(single.html, /找到 1 篇相关文章。/);

      const bad = await page(`${editionPath('hans', '/search')}?q=${encodeURIComponent('渡口')}&from=2025-13-01`);
      assert.equal(bad.status, 400);
      assert.match(bad.html, /开始日期应为有效日期/);
      assert.match(bad.html, /<form class="search-form"/);
      assert.equal(bad.res.headers.get('cache-control'), 'no-store');

      const empty = await page(editionPath('hans', '/search'));
      assert.equal(empty.status, 200);
      assert.match(empty.html, /<form class="search-form"/);
      assert.doesNotMatch(empty.html, /search-count|search-invalid/);
    });

    it('puts a search form in the masthead of every page', async () => {
      const { html } = await page(editionPath('hant', '/'));
      assert.match(html, /<form class="masthead-search" action="\/zh-hant\/search" method="get" role="search">/);
    });
  });
}
