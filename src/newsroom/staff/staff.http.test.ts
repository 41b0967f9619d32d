import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, errorCode, type TestSession } from '../auth/admin-api.testing.js';

interface UserJson {
  id: number;
  name: string;
  email: string;
  role: string;
  desks: string[] | null;
  disabled: boolean;
  mustChangePassword: boolean;
}

for (const dialect of TEST_DIALECTS) {
  describe(`users and audit admin API (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let admin: TestSession;
    let editor: TestSession;
    let reporter: TestSession;

    before(async () => {
      server = await startTestServer(dialect);
      api = adminClient(server.url);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'admin@example.com', name: '管理员', role: 'admin' });
      await addTestStaff(server.database.db, { email: 'editor@example.com', name: '编辑', role: 'editor' });
      await addTestStaff(server.database.db, { email: 'reporter@example.com', name: '记者', role: 'reporter' });
      admin = await api.session('admin@example.com');
      editor = await api.session('editor@example.com');
      reporter = await api.session('reporter@example.com');
    });
    after(() => server.close());

    it('is for admins only: anonymous 401, editor and reporter 403', async () => {
      const requests: [string, string, unknown?][] = [
        ['GET', '/users'],
        ['POST', '/users', { email: 'x@example.com', name: '某', role: 'reporter' }],
        ['PATCH', '/users/1', { role: 'editor' }],
        ['GET', '/audit'],
      ];
      for (const [method, path, body] of requests) {
        const anonymous = await api.call(method, path, { body });
        assert.equal(anonymous.status, 401, `${method} ${path} anonymous`);
        assert.equal(errorCode(anonymous.json), 'unauthenticated');
        for (const session of [editor, reporter]) {
          const denied = await api.call(method, path, { session, body });
          assert.equal(denied.status, 403, `${method} ${path}`);
          assert.equal(errorCode(denied.json), 'forbidden');
        }
      }
      const list = await api.call('GET', '/users', { session: admin });
      assert.equal(list.status, 200);
      assert.deepEqual((list.json.users as UserJson[]).map((u) => u.email), ['admin@example.com', 'editor@example.com', 'reporter@example.com']);
    });

    it('creates a user with a one-time password that must be changed at first login', async () => {
      const created = await api.call('POST', '/users', { session: admin, body: { email: 'New@Example.com', name: '新编辑', role: 'editor', desks: ['china'] } });
      assert.equal(created.status, 201);
      const user = created.json.user as UserJson;
      assert.deepEqual([user.email, user.role, user.desks, user.mustChangePassword], ['new@example.com', 'editor', ['china'], true]);
      const oneTimePassword = created.json.oneTimePassword as string;
      assert.equal(oneTimePassword.length, 16);
      const login = await api.login('new@example.com', oneTimePassword, { 'x-forwarded-for': '203.0.113.9' });
      assert.equal(login.status, 200);
      assert.equal(login.json.mustChangePassword, true);
    });

    it('answers 409 for a taken email and 400 naming every bad field', async () => {
      const taken = await api.call('POST', '/users', { session: admin, body: { email: 'editor@example.com', name: '重复', role: 'editor' } });
      assert.equal(taken.status, 409);
      assert.equal(errorCode(taken.json), 'email_taken');
      const bad = await api.call('POST', '/users', { session: admin, body: { email: 'nope', role: 'chief', desks: [], password: 'short' } });
      assert.equal(bad.status, 400);
      const details = (bad.json.error as { details: string[] }).details;
      for (const field of ['email', 'name', 'role', 'desks']) assert.ok(details.some((d) => d.startsWith(`${field}:`)), `${field} in ${details.join('; ')}`);
      const unknownDesk = await api.call('POST', '/users', { session: admin, body: { email: 'd@example.com', name: '某栏目', role: 'editor', desks: ['sports'] } });
      assert.equal(unknownDesk.status, 400);
      assert.match((unknownDesk.json.error as { details: string[] }).details[0] ?? '', /没有栏目「sports」/);
      const weak = await api.call('POST', '/users', { session: admin, body: { email: 'w@example.com', name: '弱', role: 'editor', password: 'short' } });
      assert.deepEqual((weak.json.error as { details: string[] }).details, ['password: 密码至少需要 10 个字符（现为 5 个）']);
    });

    it('changes role and desks (audited), and disabling a user ends their session', async () => {
      const { id } = await addTestStaff(server.database.db, { email: 'move@example.com', name: '调岗', role: 'reporter' });
      const theirSession = await api.session('move@example.com');
      const changed = await api.call('PATCH', `/users/${id}`, { session: admin, body: { role: 'editor', desks: ['top'] } });
      assert.equal(changed.status, 200);
      assert.deepEqual([(changed.json.user as UserJson).role, (changed.json.user as UserJson).desks], ['editor', ['top']]);
      const me = await api.call('GET', '/session', { session: theirSession });
      assert.equal((me.json.user as UserJson).role, 'editor', 'the new role applies to a live session at once');

      const audit = await api.call('GET', '/audit?limit=2', { session: admin });
      assert.equal(audit.status, 200);
      const entries = audit.json.entries as { action: string; actorName: string; subjectId: string }[];
      assert.deepEqual(entries.map((e) => e.action), ['user.desks_change', 'user.role_change']);
      assert.ok(entries.every((e) => e.actorName === '管理员' && e.subjectId === String(id)));
      assert.equal(typeof audit.json.nextBefore, 'number');

      assert.equal((await api.call('PATCH', `/users/${id}`, { session: admin, body: { disabled: true } })).status, 200);
      assert.equal((await api.call('GET', '/session', { session: theirSession })).status, 401);
    });

    it('validates ids, unknown fields and unknown users', async () => {
      assert.equal((await api.call('PATCH', '/users/abc', { session: admin, body: { role: 'editor' } })).status, 400);
      assert.equal((await api.call('PATCH', '/users/999999', { session: admin, body: { role: 'editor' } })).status, 404);
      const extra = await api.call('PATCH', '/users/1', { session: admin, body: { password: 'sneaky' } });
      assert.equal(extra.status, 400);
      assert.equal((await api.call('GET', '/audit?limit=500', { session: admin })).status, 400);
    });

    it('audits user creation, logout-everywhere and lockouts', async () => {
      const ip = { 'x-forwarded-for': '203.0.113.50' };
      await addTestStaff(server.database.db, { email: 'audit-lock@example.com', name: '审计锁定', role: 'reporter' });
      for (let i = 0; i < 5; i++) await api.login('audit-lock@example.com', 'wrong password', ip);
      const someone = await api.session('reporter@example.com');
      await api.call('POST', '/session/logout-everywhere', { session: someone });
      const entries = (await api.call('GET', '/audit?limit=200', { session: admin })).json.entries as { action: string }[];
      const actions = new Set(entries.map((e) => e.action));
      for (const action of ['user.create', 'user.lockout', 'session.logout_everywhere', 'user.role_change', 'user.disable']) {
        assert.ok(actions.has(action), action);
      }
    });
  });
}
