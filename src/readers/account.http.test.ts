import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { READER_COOKIE } from './reader-auth.js';
import { READER_FORM_COOKIE } from './reader-forms.js';
import { addTestReader, linkToken, startReaderTestServer, TEST_READER_PASSWORD, type ReaderTestServer } from './readers.testing.js';

let ipCounter = 1;

/** Just enough of a browser without JavaScript: a cookie jar, same-origin form posts, no redirects followed. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly ip = `198.51.100.${ipCounter++}`;
  constructor(private readonly base: string) {}

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { 'x-forwarded-for': this.ip, ...(cookie && { cookie }), ...extra };
  }

  async get(path: string): Promise<{ status: number; html: string; response: Response }> {
    const response = await fetch(`${this.base}${path}`, { headers: this.headers({}), redirect: 'manual' });
    this.remember(response);
    return { status: response.status, html: await response.text(), response };
  }

  async post(path: string, fields: Record<string, string>, extra: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...extra }),
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    this.remember(response);
    return { status: response.status, html: await response.text(), location: response.headers.get('location'), response };
  }

  /** Loads the page with the form and posts it with its hidden CSRF token, as a browser would. */
  async submit(pagePath: string, action: string, fields: Record<string, string>) {
    const page = await this.get(pagePath);
    assert.equal(page.status, 200, `${pagePath}: ${page.html.slice(0, 200)}`);
    return this.post(action, { _csrf: csrfOf(page.html), ...fields });
  }
}

function csrfOf(html: string): string {
  const token = /name="_csrf" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF field in the page');
  return token;
}

for (const dialect of TEST_DIALECTS) {
  describe(`reader account pages without JavaScript (${dialect})`, () => {
    let server: ReaderTestServer;
    before(async () => {
      server = await startReaderTestServer(dialect);
      await setUpNewsroom(server.database.db);
    });
    after(() => server.close());

    it('are Chinese pages in the site layout, never cached or indexed, with a form token cookie', async () => {
      const browser = new Browser(server.url);
      for (const path of ['/account/register', '/account/login', '/account/forgot']) {
        const page = await browser.get(path);
        assert.equal(page.status, 200, path);
        assert.equal(page.response.headers.get('cache-control'), 'no-store', path);
        assert.match(page.response.headers.get('x-robots-tag') ?? '', /noindex/);
        assert.match(page.html, /<html lang="zh-Hans">/);
        assert.match(page.html, /<meta name="robots" content="noindex, nofollow"/);
        assert.match(page.html, /class="masthead"/, 'the site layout');
        assert.match(page.html, /<form class="account-form" method="post"/);
      }
      const setCookie = (await new Browser(server.url).get('/account/login')).response.headers.getSetCookie().join('\n');
      assert.match(setCookie, new RegExp(`${READER_FORM_COOKIE}=[A-Za-z0-9_-]{43}; Path=/account; HttpOnly; SameSite=Strict`));
      const signedOut = await browser.get('/account');
      assert.equal(signedOut.status, 303);
      assert.equal(signedOut.response.headers.get('location'), '/account/login?next=%2Faccount');
    });

    it('keeps public pages the same for every reader: the masthead link is static', async () => {
      await addTestReader(server.database.db, { email: 'cached@example.com', displayName: '缓存' });
      const signedIn = new Browser(server.url);
      await signedIn.submit('/account/login', '/account/login', { email: 'cached@example.com', password: TEST_READER_PASSWORD });
      const mine = await signedIn.get('/zh-hans/section/china');
      const anonymous = await new Browser(server.url).get('/zh-hans/section/china');
      assert.equal(mine.status, 200);
      assert.match(mine.response.headers.get('cache-control') ?? '', /^public/);
      assert.match(anonymous.html, /<a class="account-link" href="\/account" data-account-link="true">登录<\/a>/);
      assert.equal(mine.html.replace(/\d{4}年/g, ''), anonymous.html.replace(/\d{4}年/g, ''));
    });

    it('register → mail → verify → login → rename → log out, all as plain form posts', async () => {
      const browser = new Browser(server.url);
      const registered = await browser.submit('/account/register', '/account/register', {
        email: 'Zhou.Min@example.com',
        displayName: '周敏',
        password: 'a long password',
      });
      assert.equal(registered.status, 303);
      assert.equal(registered.location, '/account/login?notice=check-mail');
      const notice = await browser.get(registered.location ?? '');
      assert.match(notice.html, /请按邮件中的说明完成注册/);

      const mail = await server.mail.waitFor('zhou.min@example.com');
      const verified = await browser.get(`/account/verify?token=${linkToken(mail.text, '/account/verify')}`);
      assert.equal(verified.status, 200);
      assert.match(verified.html, /您的邮箱已验证/);

      const login = await browser.submit('/account/login?next=%2Fsection%2Fchina', '/account/login', {
        email: 'zhou.min@example.com',
        password: 'a long password',
        next: '/section/china',
      });
      assert.equal(login.status, 303);
      assert.equal(login.location, '/section/china', 'back where the reader came from');
      assert.ok(browser.cookies.get(READER_COOKIE));

      const account = await browser.get('/account');
      assert.equal(account.status, 200);
      assert.match(account.html, /zhou\.min@example\.com/);
      assert.match(account.html, /已验证/);
      assert.match(account.html, /value="周敏"/);

      const renamed = await browser.post('/account/name', { _csrf: csrfOf(account.html), displayName: '周 敏敏' });
      assert.equal(renamed.status, 303);
      assert.equal(renamed.location, '/account?notice=name-changed');
      const after = await browser.get('/account?notice=name-changed');
      assert.match(after.html, /昵称已更新/);
      assert.match(after.html, /value="周 敏敏"/);

      const loggedOut = await browser.post('/account/logout', { _csrf: csrfOf(after.html) });
      assert.equal(loggedOut.status, 303);
      assert.equal(loggedOut.location, '/account/login?notice=logged-out');
      assert.equal(browser.cookies.get(READER_COOKIE), undefined, 'cookie cleared');
      assert.equal((await browser.get('/account')).status, 303);
    });

    it('shows each field error in Chinese beside the field, keeps what was typed but never the password', async () => {
      const browser = new Browser(server.url);
      const result = await browser.submit('/account/register', '/account/register', {
        email: 'not-an-email',
        displayName: '访问 www.example.com',
        password: 'short',
      });
      assert.equal(result.status, 400);
      assert.match(result.html, /id="field-email-error">邮箱格式不正确</);
      assert.match(result.html, /id="field-displayName-error">昵称不能包含网址或邮箱</);
      assert.match(result.html, /id="field-password-error">密码至少需要 8 个字符</);
      assert.match(result.html, /aria-invalid="true"/);
      assert.match(result.html, /value="not-an-email"/);
      assert.doesNotMatch(result.html, /value="short"/);

      const login = await browser.submit('/account/login', '/account/login', { email: 'nobody@example.com', password: 'whatever 1' });
      assert.equal(login.status, 401);
      assert.match(login.html, /role="alert">邮箱或密码不正确。</);
    });

    it('answers registration with a taken email the same way', async () => {
      await addTestReader(server.database.db, { email: 'already@example.com', displayName: '已注册' });
      const taken = await new Browser(server.url).submit('/account/register', '/account/register', { email: 'already@example.com', displayName: '别人', password: 'password 99' });
      const fresh = await new Browser(server.url).submit('/account/register', '/account/register', { email: 'brand.new@example.com', displayName: '别人', password: 'password 99' });
      assert.equal(taken.status, fresh.status);
      assert.equal(taken.location, fresh.location);
    });

    it('refuses forms without the token, from another site, or with another session\'s token', async () => {
      const browser = new Browser(server.url);
      const page = await browser.get('/account/register');
      const fields = { _csrf: csrfOf(page.html), email: 'csrf@example.com', displayName: '跨站', password: 'long enough' };

      const noToken = await browser.post('/account/register', { ...fields, _csrf: '' });
      assert.equal(noToken.status, 403);
      assert.match(noToken.html, /页面已过期或来源不明/);
      const crossSite = await browser.post('/account/register', fields, { 'sec-fetch-site': 'cross-site' });
      assert.equal(crossSite.status, 403);
      const otherOrigin = await browser.post('/account/register', fields, { origin: 'https://evil.example' });
      assert.equal(otherOrigin.status, 403);
      const stranger = new Browser(server.url);
      const noCookie = await stranger.post('/account/register', fields);
      assert.equal(noCookie.status, 403, 'the token alone is not enough without its cookie');
      assert.equal(await server.database.db.selectFrom('readers').select('id').where('email', '=', 'csrf@example.com').executeTakeFirst(), undefined);

      await addTestReader(server.database.db, { email: 'victim@example.com', displayName: '受害者' });
      const victim = new Browser(server.url);
      await victim.submit('/account/login', '/account/login', { email: 'victim@example.com', password: TEST_READER_PASSWORD });
      const forged = await victim.post('/account/name', { _csrf: fields._csrf, displayName: '被改名' });
      assert.equal(forged.status, 403);
      const logoutForged = await victim.post('/account/logout-everywhere', { _csrf: 'x'.repeat(43) });
      assert.equal(logoutForged.status, 403);
      const account = await victim.get('/account');
      assert.match(account.html, /value="受害者"/, 'nothing changed');
    });

    it('redirects after login only to paths on this site', async () => {
      await addTestReader(server.database.db, { email: 'next@example.com', displayName: '跳转' });
      for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/%0d%0aSet-Cookie:x=1']) {
        const browser = new Browser(server.url);
        const login = await browser.submit('/account/login', '/account/login', { email: 'next@example.com', password: TEST_READER_PASSWORD, next });
        assert.equal(login.status, 303, next);
        const location = login.location ?? '';
        assert.ok(location.startsWith('/') && !location.startsWith('//') && !location.includes('\\'), `${next} → ${location}`);
        assert.ok(!/evil/.test(location) || location.startsWith('/%'), `${next} → ${location}`);
      }
    });

    it('resets a forgotten password by mail, ends old sessions, and the link works once', async () => {
      await addTestReader(server.database.db, { email: 'forgetful@example.com', displayName: '健忘', password: 'old password' });
      const other = new Browser(server.url);
      await other.submit('/account/login', '/account/login', { email: 'forgetful@example.com', password: 'old password' });
      assert.equal((await other.get('/account')).status, 200);

      const browser = new Browser(server.url);
      const unknown = await browser.submit('/account/forgot', '/account/forgot', { email: 'nobody-here@example.com' });
      const known = await browser.submit('/account/forgot', '/account/forgot', { email: 'Forgetful@example.com' });
      assert.equal(unknown.status, 303);
      assert.equal(known.location, unknown.location, 'no hint whether the address is registered');
      assert.match((await browser.get(known.location ?? '')).html, /如果该邮箱已注册/);
      assert.equal(server.mail.sent.filter((m) => m.to === 'nobody-here@example.com').length, 0);

      const mail = await server.mail.waitFor('forgetful@example.com');
      assert.match(mail.subject, /重设密码/);
      const token = linkToken(mail.text, '/account/reset');
      const form = await browser.get(`/account/reset?token=${token}`);
      assert.equal(form.status, 200);
      assert.match(form.html, /name="token" value="/);
      const weak = await browser.post('/account/reset', { _csrf: csrfOf(form.html), token, password: '1234567' });
      assert.equal(weak.status, 400);
      assert.match(weak.html, /密码至少需要 8 个字符/);
      const done = await browser.post('/account/reset', { _csrf: csrfOf(form.html), token, password: 'new password' });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/account/login?notice=password-reset');

      assert.equal((await other.get('/account')).status, 303, 'the other session has ended');
      const reused = await browser.get(`/account/reset?token=${token}`);
      assert.equal(reused.status, 400);
      assert.match(reused.html, /链接无效或已过期/);
      const login = await browser.submit('/account/login', '/account/login', { email: 'forgetful@example.com', password: 'new password' });
      assert.equal(login.status, 303);
    });

    it('logs out everywhere', async () => {
      await addTestReader(server.database.db, { email: 'everywhere@example.com', displayName: '多设备' });
      const phone = new Browser(server.url);
      const laptop = new Browser(server.url);
      for (const b of [phone, laptop]) await b.submit('/account/login', '/account/login', { email: 'everywhere@example.com', password: TEST_READER_PASSWORD });
      const page = await laptop.get('/account');
      const result = await laptop.post('/account/logout-everywhere', { _csrf: csrfOf(page.html) });
      assert.equal(result.status, 303);
      assert.equal(result.location, '/account/login?notice=logged-out-everywhere');
      assert.equal((await phone.get('/account')).status, 303);
      assert.equal((await laptop.get('/account')).status, 303);
    });

    it('resends the verification mail to an unverified reader, at most 3 mails an hour', async () => {
      await addTestReader(server.database.db, { email: 'unverified@example.com', displayName: '待验证', verified: false });
      const browser = new Browser(server.url);
      await browser.submit('/account/login', '/account/login', { email: 'unverified@example.com', password: TEST_READER_PASSWORD });
      const page = await browser.get('/account');
      assert.match(page.html, /未验证/);
      assert.match(page.html, /重新发送验证邮件/);
      for (let i = 0; i < 3; i++) {
        const sent = await browser.post('/account/verify/resend', { _csrf: csrfOf(page.html) });
        assert.equal(sent.location, '/account?notice=verification-sent');
        await server.mail.waitFor('unverified@example.com', { skip: i });
      }
      const fourth = await browser.post('/account/verify/resend', { _csrf: csrfOf(page.html) });
      assert.equal(fourth.status, 429);
      assert.match(fourth.html, /验证邮件发送得太频繁/);
      const last = server.mail.sent.filter((m) => m.to === 'unverified@example.com').at(-1);
      assert.ok((await browser.get(`/account/verify?token=${linkToken(last?.text ?? '', '/account/verify')}`)).html.includes('您的邮箱已验证'));
      const bad = await browser.get('/account/verify?token=nonsense');
      assert.equal(bad.status, 400);
    });
  });
}
