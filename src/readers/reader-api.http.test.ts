import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorCode, errorMessage } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { READER_COOKIE, READER_HINT_COOKIE } from './reader-auth.js';
import { addTestReader, linkToken, readerLogin, setCookiePair, startReaderTestServer, TEST_READER_PASSWORD, type ReaderTestServer } from './readers.testing.js';

for (const dialect of TEST_DIALECTS) {
  describe(`reader JSON API (${dialect})`, () => {
    let server: ReaderTestServer;
    // Each test comes from its own address, so per-IP limits never leak between tests.
    let nextIp = 1;
    const fromNewIp = () => ({ 'x-forwarded-for': `203.0.113.${nextIp++}` });

    const call = async (method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) => {
      const response = await fetch(`${server.url}/api/readers${path}`, {
        method,
        headers: { ...(options.body !== undefined && { 'content-type': 'application/json' }), ...options.headers },
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      });
      const text = await response.text();
      return { status: response.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown>, response };
    };

    before(async () => {
      server = await startReaderTestServer(dialect);
      await setUpNewsroom(server.database.db);
    });
    after(() => server.close());

    it('register → verification mail with a link → verify → login → me → logout', async () => {
      const ip = fromNewIp();
      const registered = await call('POST', '/register', { body: { email: ' Lin.Xiao@Example.com ', displayName: '林晓', password: 'correct horse' }, headers: ip });
      assert.equal(registered.status, 202);
      assert.equal(registered.json.status, 'check_mail');
      assert.equal(setCookiePair(registered.response, READER_COOKIE), null, 'registering does not sign in');

      const mail = await server.mail.waitFor('lin.xiao@example.com');
      assert.match(mail.subject, /请验证您的邮箱/);
      assert.match(mail.text, /林晓，您好/);
      const token = linkToken(mail.text, '/account/verify');
      assert.ok(mail.text.includes(`${server.url}/account/verify?token=${token}`), 'the link points at this server');

      const anonymous = await call('GET', '/me');
      assert.deepEqual(anonymous.json, { reader: null, csrfToken: null });
      assert.equal(anonymous.response.headers.get('cache-control'), 'no-store');

      const before = await readerLogin(server.url, 'lin.xiao@example.com', 'correct horse', ip);
      const unverified = await call('GET', '/me', { headers: { cookie: before.cookie } });
      assert.equal((unverified.json.reader as { verified: boolean }).verified, false);

      const verify = await fetch(`${server.url}/account/verify?token=${token}`);
      assert.equal(verify.status, 200);
      assert.match(await verify.text(), /邮箱已验证/);
      const again = await fetch(`${server.url}/account/verify?token=${token}`);
      assert.equal(again.status, 400, 'a verification link works once');

      const login = await call('POST', '/login', { body: { email: 'LIN.XIAO@example.com', password: 'correct horse' }, headers: ip });
      assert.equal(login.status, 200);
      const setCookie = login.response.headers.getSetCookie().join('\n');
      assert.match(setCookie, new RegExp(`^${READER_COOKIE}=[A-Za-z0-9_-]{43}; Max-Age=\\d+; Path=/; HttpOnly; SameSite=Lax`, 'm'));
      assert.match(setCookie, new RegExp(`^${READER_HINT_COOKIE}=1; Max-Age=\\d+; Path=/; SameSite=Lax$`, 'm'), 'the hint cookie is readable by scripts');
      assert.doesNotMatch(setCookie, /xinwen_session/, 'a reader never gets a staff session');
      const cookie = setCookiePair(login.response, READER_COOKIE) ?? '';
      const csrfToken = login.json.csrfToken as string;
      assert.equal(typeof csrfToken, 'string');
      const reader = login.json.reader as Record<string, unknown>;
      assert.deepEqual(Object.keys(reader).sort(), ['displayName', 'id', 'verified']);
      assert.equal(reader.displayName, '林晓');
      assert.equal(reader.verified, true);

      const me = await call('GET', '/me', { headers: { cookie } });
      assert.deepEqual(me.json, { reader, csrfToken });

      const noToken = await call('POST', '/logout', { headers: { cookie } });
      assert.equal(noToken.status, 403);
      assert.equal(errorCode(noToken.json), 'csrf');
      const logout = await call('POST', '/logout', { headers: { cookie, 'x-csrf-token': csrfToken } });
      assert.equal(logout.status, 204);
      assert.match(logout.response.headers.getSetCookie().join('\n'), new RegExp(`${READER_COOKIE}=;`));
      const gone = await call('GET', '/me', { headers: { cookie: `${cookie}; ${READER_HINT_COOKIE}=1` } });
      assert.equal(gone.json.reader, null);
      assert.match(gone.response.headers.getSetCookie().join('\n'), new RegExp(`${READER_HINT_COOKIE}=;`), 'a dead session drops the hint cookie');

      const other = await call('GET', '/me', { headers: { cookie: before.cookie } });
      assert.equal((other.json.reader as { verified: boolean }).verified, true, 'another session sees the verification');
    });

    it('answers a taken email exactly like a new one, and mails the owner instead', async () => {
      await addTestReader(server.database.db, { email: 'taken@example.com', displayName: '老读者' });
      const fresh = await call('POST', '/register', { body: { email: 'fresh@example.com', displayName: '新读者', password: 'password 1' }, headers: fromNewIp() });
      const taken = await call('POST', '/register', { body: { email: 'Taken@example.com', displayName: '冒名者', password: 'password 2' }, headers: fromNewIp() });
      assert.equal(taken.status, fresh.status);
      assert.deepEqual(taken.json, fresh.json);
      const note = await server.mail.waitFor('taken@example.com');
      assert.match(note.subject, /有人用此邮箱申请注册/);
      assert.doesNotMatch(note.text, /token=/, 'no verification link for an existing account');
      await assert.rejects(readerLogin(server.url, 'taken@example.com', 'password 2', fromNewIp()), /401/, 'the old password still rules');
    });

    it('names each bad field in Chinese', async () => {
      const bad = await call('POST', '/register', { body: { email: 'not-an-email', displayName: ' 某', password: 'short' }, headers: fromNewIp() });
      assert.equal(bad.status, 400);
      const details = (bad.json.error as { details: string[] }).details;
      assert.ok(details.includes('email: 邮箱格式不正确'), details.join('; '));
      assert.ok(details.includes('displayName: 昵称至少需要 2 个字'), details.join('; '));
      assert.ok(details.includes('password: 密码至少需要 8 个字符'), details.join('; '));

      const url = await call('POST', '/register', { body: { email: 'u@example.com', displayName: '看 www.example.com', password: 'long enough' }, headers: fromNewIp() });
      assert.deepEqual((url.json.error as { details: string[] }).details, ['displayName: 昵称不能包含网址或邮箱']);
      const staff = await call('POST', '/register', { body: { email: 'u@example.com', displayName: '本网编辑部', password: 'long enough' }, headers: fromNewIp() });
      assert.match((staff.json.error as { details: string[] }).details[0] ?? '', /^displayName: 昵称不能包含本站名称「本网」$/);
      const admin = await call('POST', '/register', { body: { email: 'u@example.com', displayName: '管 理 员', password: 'long enough' }, headers: fromNewIp() });
      assert.match((admin.json.error as { details: string[] }).details[0] ?? '', /「管理员」/);

      const missing = await call('POST', '/login', { body: {}, headers: fromNewIp() });
      assert.equal(missing.status, 400);
      assert.deepEqual((missing.json.error as { details: string[] }).details, ['email: 请填写邮箱', 'password: 请填写密码']);
    });

    it('gives one answer for an unknown email and a wrong password', async () => {
      await addTestReader(server.database.db, { email: 'known@example.com', displayName: '熟客' });
      const ip = fromNewIp();
      const unknown = await call('POST', '/login', { body: { email: 'nobody@example.com', password: 'whatever 1' }, headers: ip });
      const wrong = await call('POST', '/login', { body: { email: 'known@example.com', password: 'whatever 1' }, headers: ip });
      assert.equal(unknown.status, 401);
      assert.deepEqual(unknown.json, wrong.json);
      assert.equal(errorMessage(wrong.json), '邮箱或密码不正确。');
    });

    it('locks an email after 5 failures (known or not), and an IP after 20', async () => {
      await addTestReader(server.database.db, { email: 'target@example.com', displayName: '目标读者' });
      for (const email of ['target@example.com', 'ghost@example.com']) {
        for (let i = 0; i < 5; i++) {
          const failed = await call('POST', '/login', { body: { email, password: 'wrong password' }, headers: fromNewIp() });
          assert.equal(failed.status, 401);
        }
        const locked = await call('POST', '/login', { body: { email, password: TEST_READER_PASSWORD }, headers: fromNewIp() });
        assert.equal(locked.status, 429, `${email} is locked even with the right password`);
        assert.equal(errorCode(locked.json), 'locked');
        assert.equal(errorMessage(locked.json), '登录失败次数过多，请于 15 分钟后再试。');
        assert.equal(locked.response.headers.get('retry-after'), '900');
      }

      const ip = fromNewIp();
      for (let i = 0; i < 20; i++) {
        const failed = await call('POST', '/login', { body: { email: `spray${i}@example.com`, password: 'wrong password' }, headers: ip });
        assert.equal(failed.status, 401);
      }
      await addTestReader(server.database.db, { email: 'innocent@example.com', displayName: '路人' });
      const blocked = await call('POST', '/login', { body: { email: 'innocent@example.com', password: TEST_READER_PASSWORD }, headers: ip });
      assert.equal(blocked.status, 429);
      assert.ok(await readerLogin(server.url, 'innocent@example.com', TEST_READER_PASSWORD, fromNewIp()), 'another address gets in');
    });

    it('refuses a login or registration posted as a plain cross-site form (no form parser here)', async () => {
      const form = await fetch(`${server.url}/api/readers/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...fromNewIp() },
        body: 'email=known%40example.com&password=x',
      });
      assert.equal(form.status, 415);
      const text = await fetch(`${server.url}/api/readers/register`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...fromNewIp() },
        body: JSON.stringify({ email: 'x@example.com', displayName: '纯文本', password: 'long enough' }),
      });
      assert.equal(text.status, 400);
    });

    it('limits registrations per IP to 30 an hour, counting only well-formed ones', async () => {
      const ip = fromNewIp();
      for (let i = 0; i < 31; i++) {
        const typo = await call('POST', '/register', { body: { email: `typo${i}`, displayName: '打错字', password: 'long enough' }, headers: ip });
        assert.equal(typo.status, 400);
      }
      for (let i = 0; i < 30; i++) {
        const ok = await call('POST', '/register', { body: { email: `burst${i}@example.com`, displayName: '批量', password: 'long enough' }, headers: ip });
        assert.equal(ok.status, 202, `registration ${i + 1}`);
      }
      const refused = await call('POST', '/register', { body: { email: 'burst-last@example.com', displayName: '批量', password: 'long enough' }, headers: ip });
      assert.equal(refused.status, 429);
      assert.equal(errorMessage(refused.json), '操作过于频繁，请于 60 分钟后再试。');
    });

    it('a reader session opens no staff API or page', async () => {
      await addTestReader(server.database.db, { email: 'curious@example.com', displayName: '好奇' });
      const session = await readerLogin(server.url, 'curious@example.com', TEST_READER_PASSWORD, fromNewIp());
      const api = await fetch(`${server.url}/api/admin/session`, { headers: { cookie: session.cookie } });
      assert.equal(api.status, 401);
      const page = await fetch(`${server.url}/admin`, { headers: { cookie: session.cookie }, redirect: 'manual' });
      assert.ok(page.status === 302 || page.status === 303, `redirected to the staff login, got ${page.status}`);
      assert.match(page.headers.get('location') ?? '', /^\/admin\/login/);
    });
  });
}
