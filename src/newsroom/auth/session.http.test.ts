import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, errorCode, errorMessage, sessionCookieFrom, TEST_PASSWORD } from './admin-api.testing.js';

for (const dialect of TEST_DIALECTS) {
  describe(`admin sessions over HTTP (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    // Each test logs in from its own address, so the per-IP limit of one never affects another.
    let nextIp = 1;
    const fromNewIp = () => ({ 'x-forwarded-for': `198.51.100.${nextIp++}` });

    before(async () => {
      server = await startTestServer(dialect);
      api = adminClient(server.url);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'editor@example.com', name: '编辑甲', role: 'editor', desks: ['china'] });
    });
    after(() => server.close());

    it('logs in: sets an httpOnly SameSite cookie on Path=/ and returns the CSRF token and the user', async () => {
      const result = await api.login('Editor@Example.com', TEST_PASSWORD, fromNewIp());
      assert.equal(result.status, 200);
      const setCookie = result.response.headers.getSetCookie().join('\n');
      assert.match(setCookie, /^xinwen_session=[A-Za-z0-9_-]{43};/);
      assert.match(setCookie, /; HttpOnly/);
      assert.match(setCookie, /; SameSite=Lax/);
      assert.match(setCookie, /; Path=\//);
      assert.doesNotMatch(setCookie, /Secure/, 'plain HTTP: no Secure flag, or the browser would drop it');
      assert.equal(typeof result.json.csrfToken, 'string');
      const user = result.json.user as Record<string, unknown>;
      assert.deepEqual([user.name, user.role, user.desks, user.email], ['编辑甲', 'editor', ['china'], 'editor@example.com']);
      assert.ok(!JSON.stringify(result.json).includes('argon2'));

      const me = await api.call('GET', '/session', { session: result.session ?? undefined, csrf: null });
      assert.equal(me.status, 200);
      assert.equal(me.json.csrfToken, result.json.csrfToken);
    });

    it('marks the cookie Secure when the request came over TLS (X-Forwarded-Proto from the proxy)', async () => {
      const result = await api.login('editor@example.com', TEST_PASSWORD, { ...fromNewIp(), 'x-forwarded-proto': 'https' });
      assert.equal(result.status, 200);
      assert.match(result.response.headers.getSetCookie().join('\n'), /; Secure/);
    });

    it('gives the same message for an unknown email and a wrong password, and 400 naming missing fields', async () => {
      const ip = fromNewIp();
      const unknown = await api.login('nobody@example.com', 'whatever password', ip);
      const wrong = await api.login('editor@example.com', 'whatever password', ip);
      assert.equal(unknown.status, 401);
      assert.equal(wrong.status, 401);
      assert.equal(errorMessage(unknown.json), '邮箱或密码不正确。');
      assert.deepEqual(unknown.json, wrong.json);
      assert.equal(sessionCookieFrom(wrong.response), null);

      const empty = await api.call('POST', '/session', { body: { email: '' }, headers: ip });
      assert.equal(empty.status, 400);
      assert.equal(errorCode(empty.json), 'invalid_input');
      const details = (empty.json.error as { details: string[] }).details;
      assert.ok(details.some((d) => d.startsWith('email:')) && details.some((d) => d.startsWith('password:')), details.join('; '));
    });

    it('locks an account after 5 failures with the Chinese message, and lets it in once the lock has passed', async () => {
      await addTestStaff(server.database.db, { email: 'locked@example.com', name: '锁定者', role: 'reporter' });
      const ip = fromNewIp();
      for (let i = 0; i < 4; i++) assert.equal((await api.login('locked@example.com', 'wrong password', ip)).status, 401);
      const fifth = await api.login('locked@example.com', 'wrong password', ip);
      assert.equal(fifth.status, 429);
      assert.equal(errorCode(fifth.json), 'locked');
      assert.equal(errorMessage(fifth.json), '登录失败次数过多，请于 15 分钟后再试。');
      assert.equal(fifth.response.headers.get('retry-after'), '900');
      const right = await api.login('locked@example.com', TEST_PASSWORD, ip);
      assert.equal(right.status, 429, 'the right password waits too');
      assert.match(errorMessage(right.json) ?? '', /^登录失败次数过多，请于 1[45] 分钟后再试。$/);

      // Fifteen minutes later (the lock is wound back rather than waited out).
      await server.database.db
        .updateTable('people')
        .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
        .where('email', '=', 'locked@example.com')
        .execute();
      assert.equal((await api.login('locked@example.com', TEST_PASSWORD, ip)).status, 200);
    });

    it('throttles failed logins per IP (20 per 15 minutes) without locking anyone out elsewhere', async () => {
      const ip = fromNewIp();
      for (let i = 0; i < 20; i++) {
        const result = await api.login(`nobody${i}@example.com`, 'whatever password', ip);
        assert.equal(result.status, 401, `attempt ${i + 1}`);
      }
      const blocked = await api.login('editor@example.com', TEST_PASSWORD, ip);
      assert.equal(blocked.status, 429);
      assert.match(errorMessage(blocked.json) ?? '', /^登录失败次数过多，请于 1[45] 分钟后再试。$/);
      assert.equal((await api.login('editor@example.com', TEST_PASSWORD, fromNewIp())).status, 200, 'another address still gets in');
    });

    it('requires the CSRF token for cookie-authenticated changes, compared exactly', async () => {
      const session = await api.session('editor@example.com');
      const change = (csrf: string | null) =>
        api.call('PUT', '/me/password', { session, csrf, body: { currentPassword: 'not the password', newPassword: 'irrelevant here' } });
      const missing = await change(null);
      assert.equal(missing.status, 403);
      assert.equal(errorCode(missing.json), 'csrf');
      assert.equal((await change(`${session.csrfToken.slice(0, -1)}x`)).status, 403);
      // With the token the request gets through to the handler (which rejects the wrong password).
      const through = await change(session.csrfToken);
      assert.equal(through.status, 400);
      assert.deepEqual((through.json.error as { details: string[] }).details, ['currentPassword: 当前密码不正确']);
      // Safe methods need no token.
      assert.equal((await api.call('GET', '/session', { session, csrf: null })).status, 200);
      // Another session's token is not this session's.
      const other = await api.session('editor@example.com');
      assert.equal((await change(other.csrfToken)).status, 403);
    });

    it('logs out this session only, and logout-everywhere ends every session of the user', async () => {
      const a = await api.session('editor@example.com');
      const b = await api.session('editor@example.com');
      const c = await api.session('editor@example.com');
      assert.equal((await api.call('DELETE', '/session', { session: a, csrf: null })).status, 403, 'logout needs the CSRF token too');
      const out = await api.call('DELETE', '/session', { session: a });
      assert.equal(out.status, 204);
      assert.match(out.response.headers.getSetCookie().join('\n'), /xinwen_session=;.*Expires=Thu, 01 Jan 1970/);
      assert.equal((await api.call('GET', '/session', { session: a })).status, 401);
      assert.equal((await api.call('GET', '/session', { session: b })).status, 200);

      const everywhere = await api.call('POST', '/session/logout-everywhere', { session: b });
      assert.equal(everywhere.status, 200);
      assert.ok((everywhere.json.sessionsEnded as number) >= 2);
      for (const s of [b, c]) {
        const me = await api.call('GET', '/session', { session: s });
        assert.equal(me.status, 401);
        assert.equal(errorCode(me.json), 'unauthenticated');
      }
    });

    it('changes the password (policy in Chinese), ending the other sessions but not this one', async () => {
      await addTestStaff(server.database.db, { email: 'pw@example.com', name: '改密者', role: 'reporter' });
      const here = await api.session('pw@example.com');
      const there = await api.session('pw@example.com');
      const weak = await api.call('PUT', '/me/password', { session: here, body: { currentPassword: TEST_PASSWORD, newPassword: 'pw@example.com' } });
      assert.equal(weak.status, 400);
      assert.deepEqual((weak.json.error as { details: string[] }).details, ['newPassword: 密码不能与登录邮箱相同']);

      const ok = await api.call('PUT', '/me/password', { session: here, body: { currentPassword: TEST_PASSWORD, newPassword: '一个足够长的新密码啊' } });
      assert.equal(ok.status, 200);
      assert.equal((await api.call('GET', '/session', { session: here })).status, 200);
      assert.equal((await api.call('GET', '/session', { session: there })).status, 401);
      assert.equal((await api.login('pw@example.com', TEST_PASSWORD, fromNewIp())).status, 401);
      assert.equal((await api.login('pw@example.com', '一个足够长的新密码啊', fromNewIp())).status, 200);
    });

    it('keeps a user with a one-time password to the session and password routes until they change it', async () => {
      const { password } = await addTestStaff(server.database.db, { email: 'new@example.com', name: '新人', role: 'reporter', mustChange: true });
      const login = await api.login('new@example.com', password, fromNewIp());
      assert.equal(login.status, 200);
      assert.equal(login.json.mustChangePassword, true);
      const session = login.session ?? assert.fail('no session');

      const gated = await api.call('GET', '/tokens', { session });
      assert.equal(gated.status, 403);
      assert.equal(errorCode(gated.json), 'password_change_required');
      assert.equal((await api.call('GET', '/session', { session })).status, 200);

      const changed = await api.call('PUT', '/me/password', { session, body: { currentPassword: password, newPassword: '新人的正式密码非常之长' } });
      assert.equal(changed.status, 200);
      assert.equal((changed.json.user as { mustChangePassword: boolean }).mustChangePassword, false);
      assert.equal((await api.call('GET', '/tokens', { session })).status, 200);
    });

    it('treats a disabled user’s session as gone', async () => {
      const { id } = await addTestStaff(server.database.db, { email: 'gone@example.com', name: '离职者', role: 'reporter' });
      const session = await api.session('gone@example.com');
      await server.database.db.updateTable('people').set({ disabled: 1 }).where('id', '=', id).execute();
      assert.equal((await api.call('GET', '/session', { session })).status, 401);
    });
  });
}
