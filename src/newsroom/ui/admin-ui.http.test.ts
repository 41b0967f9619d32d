import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, type TestSession } from '../auth/admin-api.testing.js';
import { pickUiLang } from './i18n.js';
import { safeNext } from './login-form.routes.js';

for (const dialect of TEST_DIALECTS) {
  describe(`newsroom pages (${dialect})`, () => {
    let server: TestServer;
    let reporter: TestSession;
    let editor: TestSession;
    let api: ReturnType<typeof adminClient>;

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      await addTestStaff(db, { email: 'reporter@x.test', name: '王记者', role: 'reporter', desks: ['china'] });
      await addTestStaff(db, { email: 'editor@x.test', name: '李编辑', role: 'editor', desks: ['china'] });
      api = adminClient(server.url);
      reporter = await api.session('reporter@x.test');
      editor = await api.session('editor@x.test');
    });
    after(() => server.close());

    const page = (path: string, session?: TestSession, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { redirect: 'manual', headers: { ...headers, ...(session && { cookie: session.cookie }) } });

    it('sends signed-out visitors to the login page, with the way back', async () => {
      for (const path of ['/admin', '/admin/articles/new', '/admin/articles/1', '/admin/articles/1/preview']) {
        const res = await page(path);
        assert.equal(res.status, 302, path);
        assert.equal(res.headers.get('location'), `/admin/login?next=${encodeURIComponent(path)}`);
        assert.equal(res.headers.get('cache-control'), 'no-store');
      }
    });

    it('serves the login page uncached and unindexed, with the admin bundle under a strict CSP', async () => {
      const res = await page('/admin/login');
      const html = await res.text();
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(res.headers.get('x-robots-tag') ?? '', /noindex/);
      assert.match(res.headers.get('content-security-policy') ?? '', /style-src 'self';/);
      assert.match(html, /登录编辑部/);
      const js = /src="(\/assets\/admin\.[0-9a-f]+\.js)"/.exec(html)?.[1];
      const css = /href="(\/assets\/admin\.[0-9a-f]+\.css)"/.exec(html)?.[1];
      assert.ok(js && css);
      const asset = await fetch(`${server.url}${js}`);
      assert.equal(asset.status, 200);
      assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
      assert.equal((await fetch(`${server.url}${css}`)).status, 200);
      assert.ok(!/ style=/.test(html), 'no inline style attributes');
    });

    it('serves the dashboard and editor to staff, noindex and no-store, in the chosen language', async () => {
      for (const path of ['/admin', '/admin/articles/new']) {
        const res = await page(path, reporter);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        assert.match(res.headers.get('x-robots-tag') ?? '', /noindex/);
        const html = await res.text();
        assert.match(html, /王记者/);
        assert.match(html, /<meta name="robots" content="noindex, nofollow"/);
      }
      const en = await page('/admin?lang=en', reporter);
      assert.match(await en.text(), /My drafts and returns/);
      const cookie = en.headers.getSetCookie().find((c) => c.startsWith('xinwen_ui_lang='))?.split(';')[0];
      assert.equal(cookie, 'xinwen_ui_lang=en');
      const hant = await page('/admin', reporter, { 'accept-language': 'zh-TW,zh;q=0.8' });
      assert.match(await hant.text(), /我的草稿與退稿/);
    });

    it('sends someone who must change a one-time password to the login page, which asks for it', async () => {
      const { password } = await addTestStaff(server.database.db, { email: 'new@x.test', name: '新同事', role: 'reporter', mustChange: true });
      const session = await api.session('new@x.test', password);
      const res = await page('/admin', session);
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), '/admin/login?next=%2Fadmin');
      const login = await page('/admin/login?next=%2Fadmin', session);
      assert.equal(login.status, 200);
      assert.match(await login.text(), /"mustChange":true/);
    });

    it('sends a signed-in visitor of the login page on to where they were going, never off-site', async () => {
      const res = await page('/admin/login?next=%2Fadmin%2Farticles%2Fnew', reporter);
      assert.equal(res.headers.get('location'), '/admin/articles/new');
      const evil = await page('/admin/login?next=https%3A%2F%2Fevil.example', reporter);
      assert.equal(evil.headers.get('location'), '/admin');
      assert.equal(safeNext('//evil.example/admin'), '/admin');
    });

    it('previews a draft with the public article template; after sign-off the page names the 责任编辑', async () => {
      const created = await api.call('POST', '/articles', { session: reporter, body: { title: '预览中的稿件', section: 'china', body: [{ type: 'subheading', text: '第一节' }, { type: 'paragraph', text: '草稿正文。' }] } });
      assert.equal(created.status, 201);
      const id = created.json.id as number;
      const res = await page(`/admin/articles/${id}/preview`, reporter);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const html = await res.text();
      assert.match(html, /<h1[^>]*>预览中的稿件<\/h1>/);
      assert.match(html, /草稿正文。/);
      assert.match(html, /第一节/);
      assert.equal((await fetch(`${server.url}/zh-hans/${id}.html`, { redirect: 'manual' })).status, 404, 'the draft is not public');

      const sub = await api.call('POST', `/articles/${id}/submit`, { session: reporter, body: { version: created.json.version } });
      const pub = await api.call('POST', `/articles/${id}/publish`, { session: editor, body: { version: sub.json.version } });
      assert.equal(pub.status, 200, JSON.stringify(pub.json));
      const after = await (await page(`/admin/articles/${id}/preview`, reporter)).text();
      assert.match(after, /责任编辑/);
      assert.match(after, /李编辑/);
      assert.equal((await page('/admin/articles/999999/preview', reporter)).status, 404);
    });
  });
}

describe('pickUiLang', () => {
  it('prefers ?lang=, then the cookie, then Accept-Language, else Simplified Chinese', () => {
    assert.equal(pickUiLang('en', 'zh-Hant', 'zh-CN'), 'en');
    assert.equal(pickUiLang(undefined, 'zh-Hant', 'en'), 'zh-Hant');
    assert.equal(pickUiLang(undefined, undefined, 'fr;q=0.9, en-GB;q=0.8, zh-HK;q=0.5'), 'en');
    assert.equal(pickUiLang(undefined, undefined, 'zh-Hant-TW'), 'zh-Hant');
    assert.equal(pickUiLang('xx', undefined, undefined), 'zh-Hans');
  });
});
