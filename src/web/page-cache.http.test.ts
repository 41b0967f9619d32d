import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { saveArticle } from '../articles/article.service.js';
import { saveSection } from '../articles/outlet.service.js';
import { publishBus } from '../articles/publish-events.js';
import { addConversionEntry } from '../dictionary/dictionary.service.js';
import { addTestStaff, adminClient } from '../newsroom/auth/admin-api.testing.js';
import { createPageCache, type PageCache } from '../platform/cache/page-cache.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import type { ArticleInput } from '../articles/model.js';
import { editionPath } from './editions.js';
import { PAGE_CACHE_CONTROL, surrogateKeys } from './surrogate-keys.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const hans = (path: string) => editionPath('hans', path);
const hant = (path: string) => editionPath('hant', path);

/** A response's surrogate keys. */
const keysOf = (res: RawResponse) => String(res.headers['surrogate-key'] ?? '').split(' ');

/** A response's body as the reader's browser decodes it. */
const decoded = (res: RawResponse) => {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.body);
  if (encoding === 'gzip') return gunzipSync(res.body);
  assert.equal(encoding, undefined);
  return res.body;
};

/** Headers that must be the same on a hit as on the miss that filled it. */
const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];

for (const dialect of TEST_DIALECTS) {
  describe(`page cache over HTTP (${dialect})`, () => {
    let server: TestServer;
    let cache: PageCache;
    /** Every request that got past the cache to Fastify, by URL: each one is a render. */
    const reachedFastify: string[] = [];
    const renders = (path: string) => reachedFastify.filter((url) => url === path).length;
    let cookieRouteCalls = 0;
    const inputs: Record<string, ArticleInput> = {};
    const paths: Record<string, string> = {};

    /** A request with exactly these headers (fetch would add Accept-Encoding and decode the body). */
    const raw = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
      new Promise<RawResponse>((resolve, reject) => {
        const req = httpRequest(`${server.url}${path}`, { method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        });
        req.on('error', reject);
        req.end();
      });
    const xCache = async (path: string) => (await raw(path)).headers['x-cache'];

    const save = async (key: string, overrides: Partial<ArticleInput> = {}) => {
      const input = { ...(inputs[key] ?? articleInput()), ...overrides };
      inputs[key] = input;
      const { path } = await saveArticle(server.database.db, input);
      await publishBus(server.database.db).idle();
      paths[key] = path;
    };

    before(async () => {
      cache = createPageCache();
      server = await startTestServer(dialect, {
        adapters: { pageCache: cache },
        beforeListen: (app) => {
          app.addHook('onRequest', async (request) => {
            reachedFastify.push(request.url);
          });
          app.get('/zh-hans/__test/cookie', async (_request, reply) => {
            cookieRouteCalls++;
            return surrogateKeys(reply, ['test']).header('set-cookie', 'seen=1; Path=/').type('text/html; charset=utf-8').send('<p>cookie</p>');
          });
          app.get('/zh-hans/__test/boom', async (_request, reply) => {
            surrogateKeys(reply, ['test']);
            throw new Error('render failed');
          });
        },
      });
      const { db } = server.database;
      await setUpNewsroom(db);
      await saveSection(db, { slug: 'world', name: '国际', position: 2 });
      await save('a', { title: '城市地铁新线今日开通', section: 'china', tags: ['地铁'], publishedAt: '2025-03-18T09:30:00+08:00' });
      await save('b', { title: '植树活动周末举行', section: 'top', related: ['城市地铁新线今日开通'], publishedAt: '2025-03-17T09:30:00+08:00' });
      await save('c', { title: '国际航线恢复', section: 'world', tags: ['航空'], byline: { reporters: ['王芳'], reportType: null, place: null }, publishedAt: '2025-03-16T09:30:00+08:00' });
    });
    after(() => server.close());

    it('answers a repeated request from the cache: same bytes, same security headers, Cache-Control and Surrogate-Key', async () => {
      const path = hans(paths.a as string);
      const miss = await raw(path);
      const hit = await raw(path);
      assert.equal(miss.status, 200);
      assert.equal(miss.headers['x-cache'], 'MISS');
      assert.equal(hit.headers['x-cache'], 'HIT');
      assert.deepEqual(hit.body, miss.body);
      for (const name of [...SECURITY_HEADERS, 'content-type', 'etag', 'cache-control', 'surrogate-key', 'vary', 'content-length']) {
        assert.equal(hit.headers[name], miss.headers[name], name);
      }
      assert.equal(hit.headers['cache-control'], PAGE_CACHE_CONTROL);
      assert.equal(hit.headers.vary, 'Accept-Encoding');
      assert.match(keysOf(hit)[0] ?? '', /^article:\d+$/);
      assert.equal(renders(path), 1);
      assert.match(miss.body.toString(), /城市地铁新线今日开通/);

      const head = await raw(path, {}, 'HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.headers['x-cache'], 'HIT');
      assert.equal(head.headers['content-length'], String(miss.body.length));
      assert.equal(head.body.length, 0);
      assert.equal(renders(path), 1);
    });

    it('answers a miss with the page as rendered, and compresses it off the request path for the readers after', async () => {
      const path = hans('/section/china');
      const miss = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(miss.headers['x-cache'], 'MISS');
      assert.equal(miss.headers['content-encoding'], undefined, 'the filling reader is not kept waiting for brotli');
      assert.equal(miss.headers.vary, 'Accept-Encoding');
      assert.equal(miss.headers['content-length'], String(miss.body.length));
      // Right after the fill a hit gets what exists: the identity bytes, or a copy if it is made already.
      const early = await Promise.all([raw(path, { 'accept-encoding': 'br' }), raw(path, { 'accept-encoding': 'gzip' })]);
      for (const hit of early) {
        assert.equal(hit.headers['x-cache'], 'HIT');
        assert.deepEqual(decoded(hit), miss.body);
        assert.equal(hit.headers['content-length'], String(hit.body.length));
        const suffix = { br: '-br', gzip: '-gz' }[String(hit.headers['content-encoding'])] ?? '';
        assert.equal(hit.headers.etag, String(miss.headers.etag).replace(/"$/, `${suffix}"`), 'the ETag is the identity\'s');
      }
      await cache.settled();
      assert.equal(renders(path), 1);
    });

    it('does not bring back a page purged while its compressed copy was being made', async () => {
      const path = hans('/section/world');
      const miss = await raw(path, { 'accept-encoding': 'br' });
      assert.equal(miss.headers['x-cache'], 'MISS');
      // The miss asked for brotli: its copy is being made (or just made) when the purge comes.
      const sectionKey = keysOf(miss).find((key) => key.startsWith('section:'));
      assert.ok(sectionKey);
      assert.equal(cache.purge([sectionKey]), 1);
      await cache.settled();
      const after = await raw(path, { 'accept-encoding': 'br' });
      assert.equal(after.headers['x-cache'], 'MISS');
      assert.equal(renders(path), 2);
    });

    it('sends identity, gzip or brotli as asked, all the same HTML', async () => {
      const path = hans('/section/china');
      const identity = await raw(path);
      const gzip = await raw(path, { 'accept-encoding': 'gzip, deflate' });
      const br = await raw(path, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(identity.headers['content-encoding'], undefined);
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.equal(br.headers['content-encoding'], 'br');
      assert.deepEqual(gunzipSync(gzip.body), identity.body);
      assert.deepEqual(brotliDecompressSync(br.body), identity.body);
      assert.ok(br.body.length < identity.body.length / 3, `brotli ${br.body.length} of ${identity.body.length} bytes`);
      assert.notEqual(gzip.headers.etag, identity.headers.etag);
      assert.equal(renders(path), 1);
    });

    it('answers If-None-Match with a 304, on a hit and on the miss that refills a page', async () => {
      const path = hans('/section/china');
      const first = await raw(path, { 'accept-encoding': 'br' });
      const etag = String(first.headers.etag);
      const hit = await raw(path, { 'if-none-match': etag, 'accept-encoding': 'br' });
      assert.equal(hit.status, 304);
      assert.equal(hit.body.length, 0);
      assert.equal(hit.headers['x-cache'], 'HIT');
      // A purge that changes nothing on the page: the refill renders the same bytes.
      const sectionKey = keysOf(first).find((key) => key.startsWith('section:'));
      assert.ok(sectionKey);
      assert.equal(cache.purge([sectionKey]), 1);
      const before = renders(path);
      const refill = await raw(path, { 'if-none-match': etag });
      assert.equal(refill.status, 304);
      assert.equal(refill.headers['x-cache'], 'MISS');
      assert.equal(refill.body.length, 0);
      assert.equal(renders(path), before + 1);
      assert.equal((await raw(path, { 'if-none-match': '"something-else"' })).status, 200);
    });

    it('purges exactly the pages an edit, a publish and an unpublish change', async () => {
      const pages = {
        a: hans(paths.a as string),
        b: hans(paths.b as string),
        c: hans(paths.c as string),
        china: hans('/section/china'),
        world: hans('/section/world'),
        home: hans('/'),
        feed: hans('/feed.xml'),
        metroTag: hans(`/tag/${encodeURIComponent('地铁')}`),
        sitemap: hans('/sitemaps/news.xml'),
      };
      const warm = async () => {
        for (const path of Object.values(pages)) await raw(path);
        for (const [name, path] of Object.entries(pages)) assert.equal(await xCache(path), 'HIT', `${name} warm`);
      };
      const expectMisses = async (step: string, purged: (keyof typeof pages)[]) => {
        for (const [name, path] of Object.entries(pages) as [keyof typeof pages, string][]) {
          const res = await raw(path);
          if (res.status !== 200) continue;
          assert.equal(res.headers['x-cache'], purged.includes(name) ? 'MISS' : 'HIT', `${step}: ${name}`);
        }
      };
      assert.match((await raw(pages.b)).body.toString(), /城市地铁新线今日开通/, 'b lists a under 相关新闻');
      // c may list a too, among its automatic 相关新闻 (the corpus is tiny): then it is purged with a.
      const cShowsA = (await raw(pages.c)).body.toString().includes('城市地铁新线今日开通');

      await warm();
      await save('a', { summary: '修改后的摘要：首日客流平稳。' });
      await expectMisses('edit a', ['a', 'b', 'china', 'home', 'feed', 'metroTag', 'sitemap', ...(cShowsA ? (['c'] as const) : [])]);
      assert.match((await raw(pages.a)).body.toString(), /首日客流平稳/);

      await warm();
      await save('d', { title: '新闻发布会今天举行', section: 'china', tags: ['发布会'], publishedAt: '2025-03-19T09:30:00+08:00' });
      await expectMisses('publish d', ['china', 'home', 'feed', 'sitemap']);
      assert.match((await raw(pages.china)).body.toString(), /新闻发布会今天举行/);

      await warm();
      await save('a', { status: 'draft' });
      assert.equal((await raw(pages.a)).status, 404);
      assert.equal((await raw(pages.a)).status, 404);
      assert.equal((await raw(pages.a)).headers['x-cache'], undefined, 'a 404 is never stored');
      await expectMisses('unpublish a', ['b', 'china', 'home', 'feed', 'metroTag', 'sitemap', ...(cShowsA ? (['c'] as const) : [])]);
      assert.doesNotMatch((await raw(pages.b)).body.toString(), /城市地铁新线今日开通/);
      assert.doesNotMatch((await raw(pages.metroTag)).body.toString(), /城市地铁新线今日开通/);
    });

    it('gives a reader with cookies the same bytes, and renders no differently for them', async () => {
      const { db } = server.database;
      await addTestStaff(db, { email: 'staff@cache.test', name: '值班编辑', role: 'editor' });
      const staff = await adminClient(server.url).session('staff@cache.test');
      const withCookies = {
        cookie: `${staff.cookie}; xinwen-edition=hant; xinwen-reader=whatever`,
        'accept-language': 'zh-TW,zh;q=0.9',
      };
      const path = hans(paths.c as string);
      const plain = await raw(path);
      const forStaff = await raw(path, withCookies);
      assert.equal(forStaff.headers['x-cache'], 'HIT');
      assert.deepEqual(forStaff.body, plain.body);
      // Refilled by the reader with cookies: still the page everyone gets.
      const ownKey = keysOf(plain)[0] ?? '';
      assert.ok(cache.purge([ownKey]) >= 1);
      const refilled = await raw(path, withCookies);
      assert.equal(refilled.headers['x-cache'], 'MISS');
      assert.equal(refilled.headers['set-cookie'], undefined);
      assert.equal(refilled.headers.etag, plain.headers.etag);
      assert.deepEqual(refilled.body, plain.body);
    });

    it('never stores a response with Set-Cookie, a redirect, a 404 or a 500', async () => {
      for (let i = 0; i < 2; i++) assert.equal((await raw('/zh-hans/__test/cookie')).headers['set-cookie']?.[0], 'seen=1; Path=/');
      assert.equal(cookieRouteCalls, 2);
      const id = /(\d+)\.html$/.exec(paths.c as string)?.[1];
      assert.ok(id);
      const redirect = hans(`/article/${id}`);
      for (let i = 0; i < 2; i++) assert.equal((await raw(redirect)).status, 301);
      assert.equal(renders(redirect), 2);
      for (let i = 0; i < 2; i++) assert.equal((await raw(hans('/section/nowhere'))).status, 404);
      assert.equal(renders(hans('/section/nowhere')), 2);
      for (let i = 0; i < 2; i++) assert.equal((await raw('/zh-hans/__test/boom')).status, 500);
      assert.equal(renders('/zh-hans/__test/boom'), 2);
      assert.equal((await raw(hans('/search?q=地铁'))).headers['x-cache'], undefined, 'search results are not kept');
    });

    it('renders a cold page once for many concurrent requests', async () => {
      const reporterPage = (await raw(hans(paths.c as string))).body.toString().match(/href="\/zh-hans(\/reporter\/\d+)"/)?.[1];
      assert.ok(reporterPage, 'the article links its reporter');
      const cold = hans(reporterPage);
      assert.equal(renders(cold), 0);
      const responses = await Promise.all(Array.from({ length: 20 }, () => raw(cold, { 'accept-encoding': 'br' })));
      assert.ok(responses.every((r) => r.status === 200));
      // Each gets the page in the best encoding made by the time it is answered.
      assert.ok(responses.every((r) => decoded(r).equals(decoded(responses[0] as RawResponse))));
      assert.equal(renders(cold), 1);
      assert.equal(responses.filter((r) => r.headers['x-cache'] === 'MISS').length, 1);
    });

    it('serves a link shared with tracking parameters and the plain address from one render, with no trace of them', async () => {
      await save('shared', { title: '朋友圈转发的报道' });
      const page = hans(paths.shared as string);
      const fromWeChat = await raw(`${page}?from=timeline&isappinstalled=0&utm_source=wechat`);
      assert.equal(fromWeChat.status, 200);
      assert.equal(fromWeChat.headers['x-cache'], 'MISS');
      assert.doesNotMatch(fromWeChat.body.toString(), /isappinstalled|utm_source/);
      const plain = await raw(page);
      assert.equal(plain.headers['x-cache'], 'HIT');
      assert.ok(plain.body.equals(fromWeChat.body));
      assert.equal((await raw(`${page}?utm_medium=social&from=weibo`)).headers['x-cache'], 'HIT');
      assert.equal(renders(page), 1);
      // A parameter that is not tracking is another page.
      assert.equal(await xCache(`${page}?page=2`), 'MISS');
    });

    it('keeps each edition apart, and a dictionary change shows on the next request', async () => {
      await save('e', { title: '软件产业园开放日', section: 'world', publishedAt: '2025-03-20T09:30:00+08:00' });
      const simplified = await raw(hans(paths.e as string));
      const traditional = await raw(hant(paths.e as string));
      assert.match(simplified.body.toString(), /软件产业园开放日/);
      assert.match(traditional.body.toString(), /軟件產業園開放日|軟體產業園開放日/);
      assert.equal(await xCache(hant(paths.e as string)), 'HIT');
      assert.equal(await xCache(hans(paths.e as string)), 'HIT');

      await addConversionEntry(server.database.db, { source: '软件', target: '軟體', direction: 's2t' }, { actorId: null });
      const after = await raw(hant(paths.e as string));
      assert.equal(after.headers['x-cache'], 'MISS');
      assert.match(after.body.toString(), /軟體產業園開放日/);
    });
  });
}
