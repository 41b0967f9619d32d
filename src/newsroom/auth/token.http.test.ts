import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, errorCode, type TestSession } from './admin-api.testing.js';

for (const dialect of TEST_DIALECTS) {
  describe(`API tokens over HTTP (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let admin: TestSession;
    let reporter: TestSession;
    let reporterId: number;

    const createToken = async (session: TestSession, body: unknown) => {
      const result = await api.call('POST', '/tokens', { session, body });
      assert.equal(result.status, 201, JSON.stringify(result.json));
      return { token: result.json.token as string, id: (result.json.apiToken as { id: number }).id };
    };

    before(async () => {
      server = await startTestServer(dialect);
      api = adminClient(server.url);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'admin@example.com', name: '管理员', role: 'admin' });
      reporterId = (await addTestStaff(server.database.db, { email: 'reporter@example.com', name: '记者', role: 'reporter' })).id;
      admin = await api.session('admin@example.com');
      reporter = await api.session('reporter@example.com');
    });
    after(() => server.close());

    it('creates a token shown once, which then works as a Bearer token without any CSRF token', async () => {
      const { token } = await createToken(admin, { name: '稿件导入', scopes: ['articles:read', 'admin'] });
      assert.match(token, /^xw_[A-Za-z0-9_-]{43}$/);
      const me = await api.call('GET', '/session', { token });
      assert.equal(me.status, 200);
      assert.equal(me.json.csrfToken, null);
      assert.equal(me.json.via, 'token');
      // An unsafe request with the bearer token alone: no cookie, no CSRF token, and fine.
      const created = await api.call('POST', '/users', { token, body: { email: 'via-token@example.com', name: '令牌建的', role: 'reporter', password: 'a long enough password' } });
      assert.equal(created.status, 201, JSON.stringify(created.json));
    });

    it('enforces scopes: a read-only token cannot POST where write or admin is needed', async () => {
      const { token } = await createToken(admin, { name: '只读', scopes: ['articles:read'] });
      assert.equal((await api.call('GET', '/tokens', { token })).status, 200);
      const users = await api.call('POST', '/users', { token, body: { email: 'x@example.com', name: '某', role: 'reporter' } });
      assert.equal(users.status, 403);
      assert.equal(errorCode(users.json), 'insufficient_scope');
      const mint = await api.call('POST', '/tokens', { token, body: { name: '自我复制' } });
      assert.equal(mint.status, 403, 'a token without admin cannot mint tokens');
      assert.equal((await api.call('GET', '/audit', { token })).status, 403);
    });

    it('defaults to read + write, and refuses scopes beyond the role (400 naming them)', async () => {
      const result = await api.call('POST', '/tokens', { session: reporter, body: { name: '默认' } });
      assert.equal(result.status, 201);
      assert.deepEqual((result.json.apiToken as { scopes: string[] }).scopes, ['articles:read', 'articles:write']);
      const beyond = await api.call('POST', '/tokens', { session: reporter, body: { name: '越权', scopes: ['articles:publish'] } });
      assert.equal(beyond.status, 400);
      assert.match((beyond.json.error as { details: string[] }).details[0] ?? '', /^scopes: 角色 reporter 不能持有 articles:publish/);
      const bad = await api.call('POST', '/tokens', { session: reporter, body: { name: '', scopes: ['root'] } });
      assert.equal(bad.status, 400);
      assert.equal((bad.json.error as { details: string[] }).details.length, 2);
    });

    it('lists own tokens (admins see all) without secrets or hashes', async () => {
      const { token } = await createToken(reporter, { name: '记者的令牌' });
      const mine = await api.call('GET', '/tokens', { session: reporter });
      const all = await api.call('GET', '/tokens', { session: admin });
      const mineList = mine.json.tokens as { owner: { id: number }; name: string }[];
      const allList = all.json.tokens as { owner: { id: number } }[];
      assert.ok(mineList.length >= 2 && mineList.every((t) => t.owner.id === reporterId));
      assert.ok(allList.length > mineList.length);
      const hash = (await server.database.db.selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow()).token_hash;
      for (const body of [JSON.stringify(mine.json), JSON.stringify(all.json)]) {
        assert.ok(!body.includes(token) && !body.includes('xw_') && !body.includes(hash) && !body.includes('token_hash'));
      }
    });

    it('revokes (owner or admin only); a revoked token is 401 at once', async () => {
      const { token, id } = await createToken(reporter, { name: '将撤销' });
      const adminToken = await createToken(admin, { name: '管理员的' });
      const notYours = await api.call('DELETE', `/tokens/${adminToken.id}`, { session: reporter });
      assert.equal(notYours.status, 403);
      assert.equal((await api.call('DELETE', '/tokens/999999', { session: reporter })).status, 404);
      assert.equal((await api.call('DELETE', '/tokens/abc', { session: reporter })).status, 400);

      assert.equal((await api.call('GET', '/session', { token })).status, 200);
      const revoked = await api.call('DELETE', `/tokens/${id}`, { session: reporter });
      assert.equal(revoked.status, 200);
      assert.ok((revoked.json.apiToken as { revokedAt: string | null }).revokedAt);
      const after = await api.call('GET', '/session', { token });
      assert.equal(after.status, 401);
      assert.equal(errorCode(after.json), 'invalid_token');
      assert.equal((await api.call('DELETE', `/tokens/${adminToken.id}`, { session: admin })).status, 200);
    });

    it('refuses the tokens of a disabled user (401), and a malformed Authorization header', async () => {
      const { id } = await addTestStaff(server.database.db, { email: 'leaving@example.com', name: '将离职', role: 'reporter' });
      const session = await api.session('leaving@example.com');
      const { token } = await createToken(session, { name: '集成' });
      assert.equal((await api.call('GET', '/tokens', { token })).status, 200);
      const disable = await api.call('PATCH', `/users/${id}`, { session: admin, body: { disabled: true } });
      assert.equal(disable.status, 200);
      assert.equal((await api.call('GET', '/tokens', { token })).status, 401);
      assert.equal((await api.call('GET', '/session', { session })).status, 401, 'disabling ended the session too');

      const malformed = await fetch(`${server.url}/api/admin/session`, { headers: { authorization: 'Bearer' } });
      assert.equal(malformed.status, 401);
      // Another scheme (a staging proxy's Basic auth) is not ours to judge: the session still counts.
      const basic = await api.call('GET', '/session', { session: admin, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      assert.equal(basic.status, 200);
      const unknown = await api.call('GET', '/session', { token: 'xw_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
      assert.equal(unknown.status, 401);
      assert.equal(unknown.response.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    });

    it('logout-everywhere leaves API tokens working', async () => {
      await addTestStaff(server.database.db, { email: 'both@example.com', name: '两者', role: 'editor' });
      const session = await api.session('both@example.com');
      const { token } = await createToken(session, { name: '保留' });
      assert.equal((await api.call('POST', '/session/logout-everywhere', { session })).status, 200);
      assert.equal((await api.call('GET', '/session', { session })).status, 401);
      assert.equal((await api.call('GET', '/session', { token })).status, 200);
    });
  });
}
