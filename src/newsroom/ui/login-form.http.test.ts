import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, sessionCookieFrom, TEST_PASSWORD } from '../auth/admin-api.testing.js';

/** The login page as a browser without JavaScript gets it: its token cookie and hidden fields. */
interface LoginForm {
  cookie: string;
  token: string;
  html: string;
}

const hidden = (html: string, form: string, name: string) => {
  const start = html.indexOf(`id="${form}"`);
  const end = html.indexOf('</form>', start);
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html.slice(start, end))?.[1];
};

for (const dialect of TEST_DIALECTS) {
  describe(`newsroom login without JavaScript (${dialect})`, () => {
    let server: TestServer;
    // Each test posts from its own address, so the per-IP throttle of one never affects another.
    let nextIp = 1;
    const newIp = () => `203.0.113.${nextIp++}`;

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'editor@x.test', name: '周编辑', role: 'editor', desks: ['china'] });
    });
    after(() => server.close());

    const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

    async function loginForm(next?: string): Promise<LoginForm> {
      const res = await get(`/admin/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      assert.equal(res.status, 200);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xinwen_login_csrf='))?.split(';')[0];
      const html = await res.text();
      const token = hidden(html, 'login-form', '_csrf');
      assert.ok(cookie && token);
      return { cookie, token, html };
    }

    /** A plain form post as a browser sends it from our own page. */
    const post = (path: string, fields: Record<string, string>, options: { cookie?: string; ip?: string; headers?: Record<string, string> } = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          'x-forwarded-for': options.ip ?? newIp(),
          ...(options.cookie && { cookie: options.cookie }),
          ...options.headers,
        },
        body: new URLSearchParams(fields).toString(),
      });

    const logIn = async (email: string, password: string, next = '/admin', ip?: string) => {
      const form = await loginForm(next);
      return post('/admin/login', { _csrf: form.token, next, email, password }, { cookie: form.cookie, ...(ip && { ip }) });
    };

    it('serves a login form that posts without JavaScript, with a SameSite=Strict token cookie and no "needs JavaScript" notice', async () => {
      const res = await get('/admin/login?next=%2Fadmin%2Farticles%2Fnew');
      const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('xinwen_login_csrf=')) ?? '';
      assert.match(setCookie, /^xinwen_login_csrf=[A-Za-z0-9_-]{43};/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Strict/);
      assert.match(setCookie, /Path=\/admin/);
      const html = await res.text();
      assert.match(html, /<form class="login card" id="login-form" method="post" action="\/admin\/login">/);
      assert.equal(hidden(html, 'login-form', '_csrf'), setCookie.split(';')[0]?.split('=')[1]);
      assert.equal(hidden(html, 'login-form', 'next'), '/admin/articles/new');
      assert.doesNotMatch(html, /<noscript>/);
      // A browser that already holds a token keeps it (several tabs all work).
      const again = await get('/admin/login', setCookie.split(';')[0]);
      assert.equal(again.headers.getSetCookie().length, 0);
    });

    it('logs in with a form post: session cookie, 303 to next, and the next page opens', async () => {
      const res = await logIn('Editor@X.test', TEST_PASSWORD, '/admin/articles/new');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/admin/articles/new');
      const session = sessionCookieFrom(res);
      assert.ok(session);
      const page = await get('/admin/articles/new', session);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /周编辑/);

      const offSite = await logIn('editor@x.test', TEST_PASSWORD, 'https://evil.example/admin');
      assert.equal(offSite.status, 303);
      assert.equal(offSite.headers.get('location'), '/admin');
    });

    it('shows a wrong password on the page again (401), keeping the typed email', async () => {
      const res = await logIn('editor@x.test', 'not the password');
      assert.equal(res.status, 401);
      assert.equal(sessionCookieFrom(res), null);
      const html = await res.text();
      assert.match(html, /邮箱或密码不正确。/);
      assert.match(html, /name="email" autocomplete="username" required value="editor@x.test"/);
      assert.ok(hidden(html, 'login-form', '_csrf'), 'the form can be sent again');
    });

    it('names missing fields (400)', async () => {
      const form = await loginForm();
      const res = await post('/admin/login', { _csrf: form.token, email: '', password: '' }, { cookie: form.cookie });
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.match(html, /请填写邮箱和密码/);
      assert.match(html, /<li>请填写登录邮箱<\/li>/);
      assert.match(html, /<li>请填写密码<\/li>/);
    });

    it('locks the account after 5 failures: a 429 page with the minutes left and Retry-After', async () => {
      await addTestStaff(server.database.db, { email: 'locked@x.test', name: '锁定测试', role: 'reporter' });
      const ip = newIp();
      for (let i = 0; i < 4; i++) assert.equal((await logIn('locked@x.test', `wrong ${i}`, '/admin', ip)).status, 401);
      const fifth = await logIn('locked@x.test', 'wrong again', '/admin', ip);
      assert.equal(fifth.status, 429);
      assert.match(await fifth.text(), /登录失败次数过多，请于 15 分钟后再试。/);
      assert.equal(fifth.headers.get('retry-after'), '900');
      const right = await logIn('locked@x.test', TEST_PASSWORD);
      assert.equal(right.status, 429, 'locked even with the right password');
    });

    it('shares the per-IP throttle with the JSON login', async () => {
      const ip = newIp();
      const api = adminClient(server.url);
      for (let i = 0; i < 20; i++) await api.login(`nobody${i}@x.test`, 'whatever', { 'x-forwarded-for': ip });
      const res = await logIn('editor@x.test', TEST_PASSWORD, '/admin', ip);
      assert.equal(res.status, 429);
      assert.match(await res.text(), /分钟后再试/);
    });

    it('refuses login CSRF: no token, a token without its cookie, another site, another Origin', async () => {
      const form = await loginForm();
      const fields = { _csrf: form.token, email: 'editor@x.test', password: TEST_PASSWORD };
      const noToken = await post('/admin/login', { email: fields.email, password: fields.password }, { cookie: form.cookie });
      assert.equal(noToken.status, 403);
      assert.match(await noToken.text(), /页面已过期或来源不明/);
      assert.equal((await post('/admin/login', fields)).status, 403, 'a cross-site post does not carry the SameSite=Strict cookie');
      const other = await loginForm();
      assert.equal((await post('/admin/login', fields, { cookie: other.cookie })).status, 403, "another browser's cookie");
      const crossSite = await post('/admin/login', fields, { cookie: form.cookie, headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(crossSite.status, 403);
      assert.equal(sessionCookieFrom(crossSite), null);
      const sameSite = await post('/admin/login', fields, { cookie: form.cookie, headers: { 'sec-fetch-site': 'same-site' } });
      assert.equal(sameSite.status, 403, 'a sibling subdomain is not us');
      // Browsers without fetch metadata: the Origin header decides.
      const noMetadata = (origin: string) =>
        fetch(`${server.url}/admin/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie, origin, 'x-forwarded-for': newIp() },
          body: new URLSearchParams(fields).toString(),
        });
      assert.equal((await noMetadata('https://evil.example')).status, 403);
      assert.equal((await noMetadata(server.url)).status, 303);
    });

    it('asks for a new password after a one-time password, as a form, then goes on', async () => {
      const { password } = await addTestStaff(server.database.db, { email: 'otp@x.test', name: '新来的', role: 'reporter', mustChange: true });
      const login = await logIn('otp@x.test', password, '/admin/articles/new');
      assert.equal(login.status, 303);
      assert.equal(login.headers.get('location'), '/admin/login?next=%2Fadmin%2Farticles%2Fnew');
      const session = sessionCookieFrom(login);
      assert.ok(session);
      const page = await get('/admin/login?next=%2Fadmin%2Farticles%2Fnew', session);
      const html = await page.text();
      assert.match(html, /<form class="login card" id="password-form" method="post" action="\/admin\/password">/, 'the password form is shown');
      assert.match(html, /id="login-form" method="post" action="\/admin\/login" hidden/, 'the login form is not');
      const csrf = hidden(html, 'password-form', '_csrf');
      assert.ok(csrf);
      const change = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        post('/admin/password', { next: '/admin/articles/new', currentPassword: password, ...fields }, { cookie: session, headers });

      const differ = await change({ _csrf: csrf, newPassword: '一个足够长的新密码2025', newPassword2: '另一个足够长的新密码' });
      assert.equal(differ.status, 400);
      assert.match(await differ.text(), /两次输入的新密码不一致。/);
      const weak = await change({ _csrf: csrf, newPassword: 'short', newPassword2: 'short' });
      assert.equal(weak.status, 400);
      assert.match(await weak.text(), /新密码不符合要求/);
      const noToken = await change({ newPassword: '一个足够长的新密码2025', newPassword2: '一个足够长的新密码2025' });
      assert.equal(noToken.status, 403);
      assert.equal((await get('/admin', session)).status, 302, 'still held at the password form');

      const done = await change({ _csrf: csrf, newPassword: '一个足够长的新密码2025', newPassword2: '一个足够长的新密码2025' });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), '/admin/articles/new');
      assert.equal((await get('/admin/articles/new', session)).status, 200);
      assert.equal((await logIn('otp@x.test', '一个足够长的新密码2025')).status, 303);
    });

    it('logs out, and out everywhere, with plain forms carrying the session token', async () => {
      const api = adminClient(server.url);
      const first = sessionCookieFrom(await logIn('editor@x.test', TEST_PASSWORD));
      assert.ok(first);
      const dashboard = await (await get('/admin', first)).text();
      const token = hidden(dashboard, 'logout-everywhere-form', '_csrf');
      assert.ok(token);
      assert.match(dashboard, /<form class="logout-form" method="post" action="\/admin\/logout">/);

      assert.equal((await post('/admin/logout', {}, { cookie: first })).status, 403, 'no token, no logout');
      const out = await post('/admin/logout', { _csrf: token }, { cookie: first });
      assert.equal(out.status, 303);
      assert.equal(out.headers.get('location'), '/admin/login');
      assert.match(out.headers.getSetCookie().join('\n'), /xinwen_session=;/);
      assert.equal((await api.call('GET', '/session', { headers: { cookie: first } })).status, 401);

      const a = sessionCookieFrom(await logIn('editor@x.test', TEST_PASSWORD));
      const b = sessionCookieFrom(await logIn('editor@x.test', TEST_PASSWORD));
      assert.ok(a && b);
      const tokenA = hidden(await (await get('/admin', a)).text(), 'logout-everywhere-form', '_csrf');
      assert.equal((await post('/admin/logout-everywhere', { _csrf: tokenA ?? '' }, { cookie: a, headers: { 'sec-fetch-site': 'cross-site' } })).status, 403);
      const everywhere = await post('/admin/logout-everywhere', { _csrf: tokenA ?? '' }, { cookie: a });
      assert.equal(everywhere.status, 303);
      assert.equal((await api.call('GET', '/session', { headers: { cookie: a } })).status, 401);
      assert.equal((await api.call('GET', '/session', { headers: { cookie: b } })).status, 401, 'the other device is out too');
    });
  });
}
