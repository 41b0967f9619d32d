import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';

for (const dialect of TEST_DIALECTS) {
  describe(`two editions (${dialect})`, () => {
    let server: TestServer;
    let simplifiedId = 0;
    let traditionalId = 0;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { redirect: 'manual', headers });
    const html = async (path: string) => {
      const res = await get(path);
      assert.equal(res.status, 200, `GET ${path}`);
      return res.text();
    };

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      simplifiedId = await createArticle(db, {
        title: '新闻发布会介绍软件产业发展',
        summary: '市政府举行新闻发布会。',
        body: [{ type: 'paragraph', text: '新规定已经被发布，于先生和余女士出席了新闻发布会。' }],
        tags: ['软件'],
        section: 'china',
        publishedAt: '2025-03-18T02:00:00Z',
      });
      traditionalId = await createArticle(db, {
        title: '臺灣學者來訪交流',
        body: [{ type: 'paragraph', text: '兩岸學者就資訊產業發展舉行座談。' }],
        sourceScript: 'zh-Hant',
        section: 'china',
        publishedAt: '2025-03-18T03:00:00Z',
      });
    });
    after(() => server.close());

    it('sends an address without an edition to the remembered, preferred or default edition', async () => {
      const plain = await get('/');
      assert.equal(plain.status, 302);
      assert.equal(plain.headers.get('location'), '/zh-hans/');
      assert.match(plain.headers.get('cache-control') ?? '', /private/);
      assert.equal((await get('/', { 'accept-language': 'en;q=0.9, zh-TW;q=0.8, zh-CN;q=0.5' })).headers.get('location'), '/zh-hant/');
      assert.equal((await get('/', { 'accept-language': 'zh-Hans-CN, zh-Hant;q=0.5' })).headers.get('location'), '/zh-hans/');
      assert.equal((await get('/section/china?page=1', { cookie: 'xinwen-edition=hant' })).headers.get('location'), '/zh-hant/section/china?page=1');
      // An old article address: first into the edition, then to its canonical URL.
      const old = await get(`/${simplifiedId}.html`);
      assert.equal(old.headers.get('location'), `/zh-hans/${simplifiedId}.html`);
      const canonical = await get(`/zh-hant/${simplifiedId}.html`);
      assert.equal(canonical.status, 301);
      assert.equal(canonical.headers.get('location'), `/zh-hant/2025/03/18/${simplifiedId}.html`);
      // The API and the newsroom are not edition pages.
      assert.equal((await get('/api/nothing-here')).status, 404);
      assert.equal((await get('/admin/nothing-here')).status, 404);
    });

    it('converts the whole page to the edition’s script, with the newsroom dictionary', async () => {
      const page = await html(`/zh-hant/2025/03/18/${simplifiedId}.html`);
      assert.match(page, /<html lang="zh-Hant">/);
      assert.match(page, /<h1 class="article-title" data-speak>新聞發布會介紹軟件產業發展<\/h1>/);
      // The dictionary fixes OpenCC's 被发布 → 被髮布, and keeps the surnames 于 and 余.
      assert.match(page, /新規定已經被發布，于先生和余女士出席了新聞發布會。/);
      // Chrome and metadata too: navigation, labels, JSON-LD.
      assert.match(page, /<a href="\/zh-hant\/section\/china"[^>]*>中國<\/a>/);
      assert.match(page, /責任編輯|標籤/);
      assert.match(page, /"inLanguage":"zh-Hant"/);
      assert.match(page, /<meta property="og:locale" content="zh_TW"\/>/);
      // The Simplified edition of the same article keeps the source.
      const simplified = await html(`/zh-hans/2025/03/18/${simplifiedId}.html`);
      assert.match(simplified, /<h1 class="article-title" data-speak>新闻发布会介绍软件产业发展<\/h1>/);
      assert.match(simplified, /<html lang="zh-Hans">/);
    });

    it('produces the Simplified edition of an article written in Traditional', async () => {
      const simplified = await html(`/zh-hans/2025/03/18/${traditionalId}.html`);
      assert.match(simplified, /<h1 class="article-title" data-speak>台湾学者来访交流<\/h1>/);
      assert.match(simplified, /两岸学者就资讯产业发展举行座谈。/);
      const traditional = await html(`/zh-hant/2025/03/18/${traditionalId}.html`);
      assert.match(traditional, /<h1 class="article-title" data-speak>臺灣學者來訪交流<\/h1>/);
    });

    it('links the editions to each other with hreflang and a 简体/繁體 switch', async () => {
      const path = `/2025/03/18/${simplifiedId}.html`;
      for (const edition of ['zh-hans', 'zh-hant']) {
        const page = await html(`/${edition}${path}`);
        assert.ok(page.includes(`<link rel="canonical" href="${server.url}/${edition}${path}"/>`), 'canonical in its own edition');
        assert.ok(page.includes(`<link rel="alternate" hreflang="zh-Hans" href="${server.url}/zh-hans${path}"/>`));
        assert.ok(page.includes(`<link rel="alternate" hreflang="zh-Hant" href="${server.url}/zh-hant${path}"/>`));
        assert.ok(page.includes(`<link rel="alternate" hreflang="x-default" href="${server.url}${path}"/>`));
        // The labels keep their own script in both editions.
        const switcher = /<nav class="edition-switch"[^>]*>(.*?)<\/nav>/.exec(page)?.[1] ?? '';
        const text = switcher.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
        assert.equal(text, '简体繁體');
        const other = edition === 'zh-hans' ? 'zh-hant' : 'zh-hans';
        assert.ok(switcher.includes(`href="/edition/${other}?next=${encodeURIComponent(`/${other}${path}`)}"`), `switch to ${other}`);
      }
    });

    it('remembers the edition the reader switches to', async () => {
      const next = `/zh-hant/2025/03/18/${simplifiedId}.html`;
      const res = await get(`/edition/zh-hant?next=${encodeURIComponent(next)}`);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), next);
      const cookie = res.headers.get('set-cookie') ?? '';
      assert.match(cookie, /^xinwen-edition=hant; Max-Age=31536000; Path=\//);
      assert.match(cookie, /SameSite=Lax/);
      assert.equal((await get('/', { cookie: 'xinwen-edition=hant' })).headers.get('location'), '/zh-hant/');
      // Only a page of this site, in the chosen edition: anything else goes to the edition's home page.
      for (const bad of ['//evil.example/x', '/\\evil.example/x', 'https://evil.example/', `/zh-hans/2025/03/18/${simplifiedId}.html`, '/a\nb', '']) {
        assert.equal((await get(`/edition/zh-hant?next=${encodeURIComponent(bad)}`)).headers.get('location'), '/zh-hant/', bad);
      }
      // A page outside the editions (the reader's account) comes back as itself.
      assert.equal((await get(`/edition/zh-hant?next=${encodeURIComponent('/account')}`)).headers.get('location'), '/account');
      assert.equal((await get('/edition/zh-latn?next=/')).status, 404);
      assert.equal((await get('/', { cookie: 'xinwen-edition=latn' })).headers.get('location'), '/zh-hans/', 'an unknown edition in the cookie is ignored');
    });

    it('renders pages outside the editions in the remembered edition, without hreflang', async () => {
      const account = await (await get('/account/login', { cookie: 'xinwen-edition=hant' })).text();
      assert.match(account, /<html lang="zh-Hant">/);
      assert.match(account, /<a class="brand" href="\/zh-hant\/"/);
      assert.doesNotMatch(account, /hreflang="zh-Hans" href=/);
      assert.ok(account.includes(`href="/edition/zh-hans?next=${encodeURIComponent('/account/login')}"`));
    });

    it('converts error pages and leaves JSON alone', async () => {
      const missing = await get('/zh-hant/section/nowhere');
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /頁面不存在/);
      const api = await get('/api/nothing-here');
      assert.match(await api.text(), /"message":"您要找的页面不存在或已被删除。"/);
    });
  });
}
