import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { saveArticle } from '../articles/article.service.js';
import { outletSettings } from '../articles/outlet.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { editionPath } from '../web/editions.js';
import { articleInput, createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { NEWS_WINDOW_MS, renderNewsSitemap } from './sitemaps.service.js';

const NOW = new Date('2025-03-20T12:00:00Z');
const hans = (path: string) => editionPath('hans', path);

const xml = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['url', 'sitemap'].includes(name),
});

type Node = Record<string, unknown>;

function parseXml(body: string): Node {
  assert.equal(XMLValidator.validate(body), true, 'well-formed XML');
  return xml.parse(body) as Node;
}

function child(node: unknown, name: string): Node {
  const value = (node as Node)[name];
  assert.ok(value !== undefined && value !== null, `expected <${name}>`);
  return value as Node;
}

function list(node: unknown, name: string): Node[] {
  return ((node as Node)[name] as Node[] | undefined) ?? [];
}

for (const dialect of TEST_DIALECTS) {
  describe(`feeds and sitemaps (${dialect})`, () => {
    let server: TestServer;
    const sourceKey = `feed-edit-${Date.now()}`;
    const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
    const fetchOk = async (path: string, type: string) => {
      const res = await get(path);
      assert.equal(res.status, 200, `GET ${path}`);
      assert.equal(res.headers.get('content-type'), type, `content type of ${path}`);
      assert.match(res.headers.get('cache-control') ?? '', /public, max-age=\d+/);
      return res.text();
    };
    const feedOf = async (path: string) =>
      parseFeed(await fetchOk(path, path.endsWith('atom.xml') ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8'));

    before(async () => {
      server = await startTestServer(dialect, { adapters: { now: () => NOW } });
      const { db } = server.database;
      await setUpNewsroom(db);
      await saveArticle(
        db,
        articleInput({
          sourceKey,
          title: '新线地铁开通 <首日> 客流平稳',
          summary: '城东线今日开通，首日客流平稳。',
          section: 'china',
          tags: ['交通&运输', '地铁'],
          byline: { reporters: ['张明', '王芳'], reportType: '报导', place: null },
          publishedAt: '2025-03-20T08:00:00Z',
        }),
      );
      await createArticle(db, { title: '春季植树活动周末举行', section: 'top', tags: ['环境'], publishedAt: '2025-03-19T00:00:00Z' });
      await createArticle(db, { title: '上周的旧闻', section: 'top', tags: ['环境'], publishedAt: '2025-03-10T00:00:00Z' });
      await createArticle(db, { title: '草稿不应出现', section: 'china', tags: ['地铁'], status: 'draft', publishedAt: null });
    });
    after(() => server.close());

    it('serves the site RSS feed with absolute links, stable guids, authors and categories; no drafts', async () => {
      const feed = await feedOf(hans('/feed.xml'));
      assert.equal(feed.title, '本网');
      assert.equal(feed.url, `${server.url}/zh-hans/`);
      assert.equal(feed.language, 'zh-cn');
      assert.deepEqual(
        feed.items.map((i) => i.title),
        ['新线地铁开通 <首日> 客流平稳', '春季植树活动周末举行', '上周的旧闻'],
      );
      for (const item of feed.items) {
        assert.match(item.id ?? '', new RegExp(`^${server.url}/zh-hans/\\d+\\.html$`), 'guid is the permanent /{id}.html');
        assert.match(item.url ?? '', new RegExp(`^${server.url}/zh-hans/\\d{4}/\\d{2}/\\d{2}/\\d+\\.html$`), 'link is canonical');
        assert.ok(item.published instanceof Date, 'pubDate');
      }
      const first = feed.items[0];
      assert.ok(first);
      assert.equal(first.published?.toISOString(), '2025-03-20T08:00:00.000Z');
      assert.equal(first.description, '城东线今日开通，首日客流平稳。');
      assert.deepEqual(first.authors.map((a) => a.name), ['张明', '王芳']);
      assert.deepEqual(first.categories.map((c) => c.label ?? c.term), ['中国', '交通&运输', '地铁']);
      const res = await get(new URL(first.url ?? '').pathname);
      assert.equal(res.status, 200, 'the item link is the live article page');
    });

    it('serves the site Atom feed with ids and updated dates', async () => {
      const feed = await feedOf(hans('/atom.xml'));
      assert.equal(feed.title, '本网');
      assert.ok(feed.updated instanceof Date, 'feed <updated>');
      assert.equal(feed.self, `${server.url}/zh-hans/atom.xml`);
      assert.equal(feed.items.length, 3);
      for (const item of feed.items) {
        assert.match(item.id ?? '', new RegExp(`^${server.url}/zh-hans/\\d+\\.html$`));
        assert.ok(item.updated instanceof Date, 'entry <updated>');
        assert.ok(item.url?.startsWith(server.url));
      }
    });

    it('serves section and tag feeds, and 404s for unknown ones', async () => {
      for (const file of ['feed.xml', 'atom.xml']) {
        const section = await feedOf(hans(`/section/china/${file}`));
        assert.equal(section.title, '中国 - 本网');
        assert.deepEqual(section.items.map((i) => i.title), ['新线地铁开通 <首日> 客流平稳']);
        const tag = await feedOf(hans(`/tag/${encodeURIComponent('环境')}/${file}`));
        assert.deepEqual(tag.items.map((i) => i.title), ['春季植树活动周末举行', '上周的旧闻']);
        const withDraftOnly = await feedOf(hans(`/tag/${encodeURIComponent('地铁')}/${file}`));
        assert.deepEqual(withDraftOnly.items.map((i) => i.title), ['新线地铁开通 <首日> 客流平稳']);
        assert.equal((await get(hans(`/section/nope/${file}`))).status, 404);
        assert.equal((await get(hans(`/tag/${encodeURIComponent('没有的标签')}/${file}`))).status, 404);
      }
    });

    it('keeps the GUID when the article is edited', async () => {
      const before = (await feedOf(hans('/feed.xml'))).items.find((i) => i.title?.startsWith('新线地铁'));
      await saveArticle(
        server.database.db,
        articleInput({ sourceKey, title: '新线地铁开通首周客流过百万', section: 'china', publishedAt: '2025-03-20T08:00:00Z' }),
        new Date('2025-03-20T11:00:00Z'),
      );
      const rss = (await feedOf(hans('/feed.xml'))).items.find((i) => i.title === '新线地铁开通首周客流过百万');
      const atom = (await feedOf(hans('/atom.xml'))).items.find((i) => i.title === '新线地铁开通首周客流过百万');
      assert.ok(before?.id && rss && atom);
      assert.equal(rss.id, before.id);
      assert.equal(atom.id, before.id);
      assert.equal(atom.updated?.toISOString(), '2025-03-20T11:00:00.000Z');
    });

    it('serves a sitemap index pointing at article sitemaps with every published article', async () => {
      const index = parseXml(await fetchOk(hans('/sitemap.xml'), 'application/xml; charset=utf-8'));
      const entries = list(child(index, 'sitemapindex'), 'sitemap');
      const locs = entries.map((e) => String(e.loc));
      assert.deepEqual(locs, [`${server.url}/zh-hans/sitemaps/news.xml`, `${server.url}/zh-hans/sitemaps/articles-1.xml`]);
      assert.match(String(entries[1]?.lastmod), /^\d{4}-\d{2}-\d{2}T/);

      const urlset = child(parseXml(await fetchOk(hans('/sitemaps/articles-1.xml'), 'application/xml; charset=utf-8')), 'urlset');
      const urls = list(urlset, 'url');
      assert.equal(urls.length, 3, 'three published articles, no draft');
      for (const url of urls) {
        assert.match(String(url.loc), new RegExp(`^${server.url}/zh-hans/\\d{4}/\\d{2}/\\d{2}/\\d+\\.html$`));
        assert.match(String(url.lastmod), /^\d{4}-\d{2}-\d{2}T/);
      }
      assert.equal((await get(hans('/sitemaps/articles-2.xml'))).status, 404);
      assert.equal((await get(hans('/sitemaps/articles-x.xml'))).status, 404);
    });

    it('serves a Google News sitemap of the last 48 hours with the publication', async () => {
      const parse = async (path: string) => list(child(parseXml(await fetchOk(path, 'application/xml; charset=utf-8')), 'urlset'), 'url');
      const urls = await parse(hans('/sitemaps/news.xml'));
      assert.equal(urls.length, 2, 'the article of 2025-03-10 is older than 48 hours');
      for (const url of urls) {
        const news = child(url, 'news:news');
        const publication = child(news, 'news:publication');
        assert.equal(publication['news:name'], '本网');
        assert.equal(publication['news:language'], 'zh-cn');
        const at = new Date(String(news['news:publication_date'])).getTime();
        assert.ok(at <= NOW.getTime() && at >= NOW.getTime() - NEWS_WINDOW_MS, 'inside the 48-hour window');
        assert.ok(String(news['news:title']).length > 0);
      }
      // The Traditional edition has its own, in its script and language.
      const traditional = await parse(editionPath('hant', '/sitemaps/news.xml'));
      const news = child(traditional[0], 'news:news');
      assert.deepEqual(child(news, 'news:publication'), { 'news:name': '本網', 'news:language': 'zh-tw' });
      assert.equal(news['news:title'], '新線地鐵開通首周客流過百萬');
      assert.match(String(traditional[0]?.loc), new RegExp(`^${server.url}/zh-hant/`));
    });

    it('caps the news sitemap at its limit, newest first', async () => {
      const site = { outlet: await outletSettings(server.database.db), publicUrl: 'https://news.example.org', edition: 'hans' as const };
      const urls = list(child(parseXml(await renderNewsSitemap(server.database.db, site, NOW, 1)), 'urlset'), 'url');
      assert.equal(urls.length, 1);
      assert.equal(child(urls[0], 'news:news')['news:title'], '新线地铁开通首周客流过百万');
    });

    it('lists the sitemaps in robots.txt and links the feeds from pages', async () => {
      const robots = await (await get('/robots.txt')).text();
      for (const edition of ['zh-hans', 'zh-hant']) {
        assert.match(robots, new RegExp(`^Sitemap: ${server.url}/${edition}/sitemap\\.xml$`, 'm'));
        assert.match(robots, new RegExp(`^Sitemap: ${server.url}/${edition}/sitemaps/news\\.xml$`, 'm'));
      }
      const home = await (await get(hans('/'))).text();
      assert.ok(home.includes(`<link rel="alternate" type="application/rss+xml" title="本网" href="${server.url}/zh-hans/feed.xml"`), 'home links the site feed');
      assert.ok(home.includes(`type="application/atom+xml" title="本网 (Atom)" href="${server.url}/zh-hans/atom.xml"`));
      const section = await (await get(hans('/section/china'))).text();
      assert.ok(section.includes(`title="中国 - 本网" href="${server.url}/zh-hans/section/china/feed.xml"`), 'section page links its feed');
      const tag = await (await get(hans(`/tag/${encodeURIComponent('环境')}`))).text();
      assert.ok(tag.includes(`href="${server.url}/zh-hans/tag/${encodeURIComponent('环境')}/atom.xml"`), 'tag page links its feed');
      const traditionalHome = await (await get(editionPath('hant', '/'))).text();
      assert.ok(traditionalHome.includes(`title="本網" href="${server.url}/zh-hant/feed.xml"`), 'each edition links its own feeds');
    });

    it('serves each edition its own feeds, in its script, with its own stable GUIDs', async () => {
      const feed = await feedOf(editionPath('hant', '/feed.xml'));
      assert.equal(feed.title, '本網');
      assert.equal(feed.language, 'zh-tw');
      const item = feed.items.find((i) => i.title === '新線地鐵開通首周客流過百萬');
      assert.ok(item, 'titles in Traditional');
      assert.match(item.id ?? '', new RegExp(`^${server.url}/zh-hant/\\d+\\.html$`));
      assert.match(item.url ?? '', new RegExp(`^${server.url}/zh-hant/2025/03/20/\\d+\\.html$`));
      assert.equal((await get(new URL(item.url ?? '').pathname)).status, 200);
      // An address without an edition (an old subscription) is sent to the reader's edition.
      const old = await get('/feed.xml');
      assert.equal(old.status, 302);
      assert.equal(old.headers.get('location'), '/zh-hans/feed.xml');
    });
  });
}
