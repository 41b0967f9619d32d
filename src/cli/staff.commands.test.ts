import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { XINWEN_BIN } from '../testing/processes.js';


/** Runs the CLI in a child process (asynchronously, so this process's server keeps answering). */
function xinwen(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [XINWEN_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function oneTimePasswordIn(stdout: string): string {
  const match = /One-time password: (\S+)/.exec(stdout);
  assert.ok(match?.[1], `a one-time password in: ${stdout}`);
  return match[1];
}

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen user and token commands (${dialect})`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let url: string;
    let env: Record<string, string>;

    before(async () => {
      database = await createTestDatabase(dialect);
      await setUpNewsroom(database.db);
      env = { DATABASE_URL: database.url };
      app = await buildApp(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent' }), { database });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      url = `http://127.0.0.1:${address.port}`;
    });
    after(async () => {
      await app.close();
      await database.drop();
    });

    const login = (email: string, password: string) =>
      fetch(`${url}/api/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

    it('user add prints a one-time password that must be changed; --desk limits the desks', async () => {
      const added = await xinwen(['user', 'add', '--email', 'Wang@Example.com', '--name', '王芳', '--role', 'editor', '--desk', 'china', '--desk', 'top'], env);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /^Added 王芳 <wang@example\.com> \(#\d+\), editor, desks: top, china\.$/m);
      const password = oneTimePasswordIn(added.stdout);
      const response = await login('wang@example.com', password);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { mustChangePassword: boolean; user: { desks: string[] } };
      assert.equal(body.mustChangePassword, true);
      assert.deepEqual(body.user.desks, ['top', 'china']);

      const list = await xinwen(['user', 'list'], env);
      assert.equal(list.code, 0);
      assert.match(list.stdout, /\twang@example\.com\t王芳\teditor\ttop,china\tmust change password$/m);
    });

    it('user add without --desk gives every desk, and with --password prints none', async () => {
      const added = await xinwen(['user', 'add', '--email', 'admin@example.com', '--name', '总编', '--role', 'admin', '--password', 'a long admin password'], env);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, /admin, all desks\./);
      assert.doesNotMatch(added.stdout, /One-time password/);
      assert.equal((await login('admin@example.com', 'a long admin password')).status, 200);
    });

    it('refuses an unknown desk and a taken email with a clear message and exit code 2, and a bad role', async () => {
      const desk = await xinwen(['user', 'add', '--email', 'x@example.com', '--name', '某', '--role', 'reporter', '--desk', 'sports'], env);
      assert.equal(desk.code, 2);
      assert.match(desk.stderr, /没有栏目「sports」；现有栏目：top（要闻）、china（中国）/);
      const role = await xinwen(['user', 'add', '--email', 'x@example.com', '--name', '某', '--role', 'boss'], env);
      assert.notEqual(role.code, 0, 'commander rejects it (exit 1, like every bad flag value)');
      assert.match(role.stderr, /Allowed choices are admin, editor, reporter, moderator/);
      const taken = await xinwen(['user', 'add', '--email', 'wang@example.com', '--name', '另一个', '--role', 'reporter'], env);
      assert.equal(taken.code, 2);
      assert.match(taken.stderr, /邮箱 wang@example\.com 已被其他员工使用/);
    });

    it('token create prints a token once that works as a Bearer token; revoke ends it', async () => {
      const created = await xinwen(['token', 'create', '--user', 'wang@example.com', '--name', '稿件导入', '--scope', 'articles:read'], env);
      assert.equal(created.code, 0, created.stderr);
      const token = /^(xw_[A-Za-z0-9_-]{43})$/m.exec(created.stdout)?.[1];
      assert.ok(token, created.stdout);
      assert.match(created.stdout, /scopes: articles:read\./);

      // The owner must still change the one-time password: the token works only on the open routes.
      const me = await fetch(`${url}/api/admin/session`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { user: { email: string } }).user.email, 'wang@example.com');

      const list = await xinwen(['token', 'list'], env);
      assert.match(list.stdout, /\t稿件导入\t王芳 \(#\d+\)\tarticles:read\t.*\tactive$/m);
      assert.ok(!list.stdout.includes(token));

      const id = /^(\d+)\t稿件导入/m.exec(list.stdout)?.[1] ?? assert.fail('token id');
      const revoked = await xinwen(['token', 'revoke', '--id', id], env);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal((await fetch(`${url}/api/admin/session`, { headers: { authorization: `Bearer ${token}` } })).status, 401);

      const beyond = await xinwen(['token', 'create', '--user', 'wang@example.com', '--name', 'x', '--scope', 'admin'], env);
      assert.equal(beyond.code, 2);
      assert.match(beyond.stderr, /角色 editor 不能持有 admin/);
      const nobody = await xinwen(['token', 'create', '--user', 'nobody@example.com', '--name', 'x'], env);
      assert.equal(nobody.code, 2);
    });

    it('user passwd resets to a one-time password and ends the sessions', async () => {
      const session = await login('admin@example.com', 'a long admin password');
      const cookie = session.headers.getSetCookie()[0]?.split(';')[0] ?? assert.fail('cookie');
      const reset = await xinwen(['user', 'passwd', '--email', 'admin@example.com'], env);
      assert.equal(reset.code, 0, reset.stderr);
      const password = oneTimePasswordIn(reset.stdout);
      assert.equal((await fetch(`${url}/api/admin/session`, { headers: { cookie } })).status, 401);
      assert.equal((await login('admin@example.com', 'a long admin password')).status, 401);
      const fresh = await login('admin@example.com', password);
      assert.equal(fresh.status, 200);
      assert.equal(((await fresh.json()) as { mustChangePassword: boolean }).mustChangePassword, true);
    });
  });
}
