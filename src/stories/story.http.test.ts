import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { saveArticle } from '../articles/article.service.js';
import { adminClient, addTestStaff, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { publishBus } from '../articles/publish-events.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { articleInput, createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { editionPath } from '../web/editions.js';
import type { Story } from './model.js';

const hans = (path: string) => editionPath('hans', path);

/** The timeline's headlines, in page order. */
function timelineTitles(html: string): string[] {
  const list = /<ol class="story-timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<h2 class="story-entry-title"><a href="[^"]*">([^<]*)<\/a>/g)].map((m) => m[1] ?? '');
}

for (const dialect of TEST_DIALECTS) {
  describe(`story pages and feeds (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let editor: TestSession;
    let admin: TestSession;
    let story: Story;
    const ids: Record<string, number> = {};
    const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      await addTestStaff(db, { email: 'editor@story.test', name: '专题编辑', role: 'editor' });
      await addTestStaff(db, { email: 'admin@story.test', name: '专题管理员', role: 'admin' });
      api = adminClient(server.url);
      editor = await api.session('editor@story.test');
      admin = await api.session('admin@story.test');

      ids.groundbreaking = await createArticle(db, { title: '三号线动工', summary: '青禾市地铁三号线今日动工。', publishedAt: '2023-05-02T01:00:00Z' });
      ids.trial = await createArticle(db, { title: '三号线试运行', summary: '试运行为期一个月。', publishedAt: '2025-02-14T06:30:00Z' });
      ids.opening = await createArticle(db, { title: '三号线正式开通', summary: '首日客流平稳。', publishedAt: '2025-03-20T08:05:00Z' });
      ids.draft = await createArticle(db, { title: '三号线客流统计草稿', status: 'draft', publishedAt: null });
      ids.unrelated = await createArticle(db, { title: '春季植树活动周末举行', publishedAt: '2025-03-21T00:00:00Z' });

      story = (await api.call('POST', '/stories', { session: editor, body: { slug: 'metro-line-3', title: '地铁三号线', summary: '从动工到开通：青禾市地铁三号线的报道。' } }))
        .json as unknown as Story;
      // Added out of publication order: the timeline sorts by publication time, not by when added.
      for (const key of ['trial', 'draft', 'groundbreaking', 'opening'] as const) {
        const res = await api.call('POST', `/stories/${story.id}/articles`, { session: editor, body: { articleId: ids[key] } });
        assert.equal(res.status, 200, key);
      }
    });
    after(() => server.close());

    it('shows the story: kicker, title, summary, and a timeline of published articles newest first', async () => {
      const res = await get(hans('/story/metro-line-3'));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=60, s-maxage=300, stale-while-revalidate=600');
      const html = await res.text();
      assert.match(html, /<p class="list-kicker">专题<\/p>/);
      assert.match(html, /<h1 class="list-title">地铁三号线<\/h1>/);
      assert.ok(html.includes('从动工到开通：青禾市地铁三号线的报道。'));
      assert.deepEqual(timelineTitles(html), ['三号线正式开通', '三号线试运行', '三号线动工']);
      assert.ok(!html.includes('三号线客流统计草稿'), 'drafts stay out');
      assert.ok(!html.includes('春季植树活动周末举行'), 'articles outside the story stay out');
      // Date and time in the outlet's timezone (Asia/Shanghai), linked through the edition.
      assert.ok(html.includes('2025年03月20日 16:05'));
      assert.ok(html.includes(`<a href="${hans(`/2025/03/20/${ids.opening}.html`)}">三号线正式开通</a>`));
      assert.ok(html.includes('首日客流平稳。'));
    });

    it('links the story feeds with rel=alternate', async () => {
      const html = await (await get(hans('/story/metro-line-3'))).text();
      assert.match(html, new RegExp(`<link rel="alternate" type="application/rss\\+xml" title="专题：地铁三号线 - 本网" href="[^"]*${hans('/story/metro-line-3/feed.xml')}"`));
      assert.match(html, new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="[^"]*" href="[^"]*${hans('/story/metro-line-3/atom.xml')}"`));
    });

    it('answers an unknown story with a Chinese 404', async () => {
      const res = await get(hans('/story/no-such-story'));
      assert.equal(res.status, 404);
      assert.ok((await res.text()).includes('没有这个专题'));
      assert.equal((await get(hans('/story/no-such-story/feed.xml'))).status, 404);
    });

    it('links an article to its story, and only articles in a story', async () => {
      const res = await get(hans(`/2025/03/20/${ids.opening}.html`));
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.ok(html.includes(`<p class="article-story"><a href="${hans('/story/metro-line-3')}">专题：地铁三号线</a></p>`));
      const other = await (await get(hans(`/2025/03/21/${ids.unrelated}.html`))).text();
      assert.ok(!other.includes('article-story'));
    });

    it('serves RSS and Atom for the story that parse, newest first, published only', async () => {
      for (const file of ['feed.xml', 'atom.xml']) {
        const res = await get(hans(`/story/metro-line-3/${file}`));
        assert.equal(res.status, 200, file);
        assert.match(res.headers.get('content-type') ?? '', file === 'feed.xml' ? /application\/rss\+xml/ : /application\/atom\+xml/);
        const feed = parseFeed(await res.text());
        assert.equal(feed.title, '专题：地铁三号线 - 本网');
        assert.deepEqual(
          feed.items.map((i) => i.title),
          ['三号线正式开通', '三号线试运行', '三号线动工'],
          file,
        );
        assert.ok(feed.items[0]?.url?.endsWith(hans(`/2025/03/20/${ids.opening}.html`)));
      }
    });

    it('drops an article from the page and the feeds once it is unpublished, and shows it again when republished', async () => {
      const read = await api.call('GET', `/articles/${ids.trial}`, { session: admin });
      const unpublished = await api.call('POST', `/articles/${ids.trial}/unpublish`, { session: admin, body: { reason: '信息待核实', version: read.json.version } });
      assert.equal(unpublished.status, 200);
      await publishBus(server.database.db).idle();
      assert.deepEqual(timelineTitles(await (await get(hans('/story/metro-line-3'))).text()), ['三号线正式开通', '三号线动工']);
      const feed = parseFeed(await (await get(hans('/story/metro-line-3/feed.xml'))).text());
      assert.deepEqual(feed.items.map((i) => i.title), ['三号线正式开通', '三号线动工']);

      const again = await api.call('GET', `/articles/${ids.trial}`, { session: admin });
      assert.equal((await api.call('POST', `/articles/${ids.trial}/republish`, { session: admin, body: { version: again.json.version } })).status, 200);
      // Republishing gives it a new publication time, so it now heads the timeline.
      assert.deepEqual(timelineTitles(await (await get(hans('/story/metro-line-3'))).text()), ['三号线试运行', '三号线正式开通', '三号线动工']);
    });

    it('paginates a long story, 20 a page, and 404s past the last page', async () => {
      const { db } = server.database;
      const long = (await api.call('POST', '/stories', { session: editor, body: { slug: 'long-story', title: '长专题' } })).json as unknown as Story;
      for (let i = 1; i <= 23; i += 1) {
        const day = String(i).padStart(2, '0');
        const { id } = await saveArticle(db, articleInput({ title: `长专题第${i}篇`, publishedAt: `2024-01-${day}T02:00:00Z` }));
        await api.call('POST', `/stories/${long.id}/articles`, { session: editor, body: { articleId: id } });
      }
      const first = await (await get(hans('/story/long-story'))).text();
      const firstTitles = timelineTitles(first);
      assert.equal(firstTitles.length, 20);
      assert.deepEqual(firstTitles.slice(0, 2), ['长专题第23篇', '长专题第22篇']);
      assert.ok(first.includes(`href="${hans('/story/long-story?page=2')}"`));
      const second = await get(hans('/story/long-story?page=2'));
      assert.equal(second.status, 200);
      assert.deepEqual(timelineTitles(await second.text()), ['长专题第3篇', '长专题第2篇', '长专题第1篇']);
      assert.equal((await get(hans('/story/long-story?page=3'))).status, 404);
      assert.equal((await get(hans('/story/long-story?page=abc'))).status, 400);
    });

    it('purges the cached pages a story change shows on: a new title, an article added or removed', async () => {
      // Cached, once purges still arriving from earlier tests' events have passed.
      const cached = async (path: string) => {
        let state: string | null = null;
        for (let tries = 0; tries < 20 && state !== 'HIT'; tries++) state = (await get(path)).headers.get('x-cache');
        assert.equal(state, 'HIT', path);
      };
      const storyPage = hans('/story/metro-line-3');
      const openingPage = hans(`/2025/03/20/${ids.opening}.html`);
      const unrelatedPage = hans(`/2025/03/21/${ids.unrelated}.html`);
      await cached(storyPage);
      await cached(openingPage);
      await cached(unrelatedPage);
      const renamed = await api.call('PATCH', `/stories/${story.id}`, { session: editor, body: { title: '地铁三号线建设' } });
      assert.equal(renamed.status, 200);
      assert.match(await (await get(storyPage)).text(), /地铁三号线建设/);
      assert.match(await (await get(openingPage)).text(), /专题：地铁三号线建设/);

      await cached(unrelatedPage);
      const added = await api.call('POST', `/stories/${story.id}/articles`, { session: editor, body: { articleId: ids.unrelated } });
      assert.equal(added.status, 200);
      assert.match(await (await get(unrelatedPage)).text(), /专题：地铁三号线建设/);
      assert.ok(timelineTitles(await (await get(storyPage)).text()).includes('春季植树活动周末举行'));
      const removed = await api.call('DELETE', `/stories/${story.id}/articles/${ids.unrelated}`, { session: editor });
      assert.equal(removed.status, 200);
      assert.doesNotMatch(await (await get(unrelatedPage)).text(), /article-story/);
      assert.ok(!timelineTitles(await (await get(storyPage)).text()).includes('春季植树活动周末举行'));
      // Back as it was, for the tests that follow.
      await api.call('PATCH', `/stories/${story.id}`, { session: editor, body: { title: '地铁三号线' } });
    });

    it('exists in the Traditional edition too, converted', async () => {
      const res = await get(editionPath('hant', '/story/metro-line-3'));
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.ok(html.includes('專題'));
      assert.ok(html.includes('地鐵三號線'));
    });
  });
}
