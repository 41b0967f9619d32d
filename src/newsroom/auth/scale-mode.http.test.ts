/**
 * Scale mode over HTTP: two app processes (two servers over one database and one Redis prefix)
 * share staff sessions and login limits through Redis, so it does not matter which one a
 * request reaches.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { TEST_REDIS_URL, redisAvailable } from '../../platform/counters/redis/redis.testing.js';
import { startAppPair, type AppPair } from '../../testing/app-pair.js';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { XINWEN_BIN } from '../../testing/processes.js';
import type { TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, errorCode, TEST_PASSWORD } from './admin-api.testing.js';

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the scale-mode HTTP tests are skipped.`);

for (const dialect of TEST_DIALECTS) {
  describe(`scale mode: sessions and login limits shared by two app processes (${dialect})`, { skip: !hasRedis }, () => {
    let pair: AppPair;
    let a: TestServer;
    let b: TestServer;
    let redis: Redis;
    let prefix: string;

    before(async () => {
      pair = await startAppPair(dialect);
      ({ a, b, redis, prefix } = pair);
      await setUpNewsroom(a.database.db);
      await addTestStaff(a.database.db, { email: 'editor@example.com', name: '编辑甲', role: 'editor', desks: ['china'] });
      await addTestStaff(a.database.db, { email: 'reporter@example.com', name: '记者乙', role: 'reporter' });
    });
    after(() => pair?.close());

    it('a session started on one process works on the other, and ends on both', async () => {
      const ip = { 'x-forwarded-for': '198.51.100.1' };
      const login = await adminClient(a.url).login('editor@example.com', TEST_PASSWORD, ip);
      assert.equal(login.status, 200);
      assert.ok(login.session);
      const session = login.session;

      const onB = await adminClient(b.url).call('GET', '/session', { session, csrf: null });
      assert.equal(onB.status, 200);
      assert.equal(onB.json.csrfToken, session.csrfToken);
      assert.equal((onB.json.user as { name: string }).name, '编辑甲');

      // The session is in Redis, not in the database both processes share.
      assert.equal((await a.database.db.selectFrom('sessions').select('id').execute()).length, 0);
      assert.equal((await redis.keys(`${prefix}sessions:s:*`)).length, 1);

      // Logged out on B (an unsafe request: B checks the CSRF token it never issued).
      assert.equal((await adminClient(b.url).call('DELETE', '/session', { session })).status, 204);
      assert.equal((await adminClient(a.url).call('GET', '/session', { session, csrf: null })).status, 401);
    });

    it('`xinwen user passwd` ends the Redis sessions of the person (every process sees them gone)', async () => {
      const session = await adminClient(a.url).session('reporter@example.com');
      assert.equal((await adminClient(b.url).call('GET', '/session', { session, csrf: null })).status, 200);
      const { stdout } = await promisify(execFile)(process.execPath, [XINWEN_BIN, 'user', 'passwd', '--email', 'reporter@example.com'], {
        env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: a.database.url, XINWEN_DATA_DIR: a.dataDir, REDIS_URL: TEST_REDIS_URL, XINWEN_REDIS_PREFIX: prefix },
      });
      assert.match(stdout, /their sessions are ended/);
      assert.equal((await adminClient(b.url).call('GET', '/session', { session, csrf: null })).status, 401);
      assert.equal((await adminClient(a.url).call('GET', '/session', { session, csrf: null })).status, 401);
    });

    it("the per-IP login throttle counts failures on either process and trips on both", async () => {
      const ip = { 'x-forwarded-for': '198.51.100.2' };
      // 20 failures per IP per 15 minutes: ten on each process.
      for (let i = 0; i < 20; i++) {
        const server = i % 2 === 0 ? a : b;
        const failed = await adminClient(server.url).login(`nobody${i}@example.com`, 'wrong password', ip);
        assert.equal(failed.status, 401, `attempt ${i + 1}`);
      }
      for (const server of [a, b]) {
        const refused = await adminClient(server.url).login('editor@example.com', TEST_PASSWORD, ip);
        assert.equal(refused.status, 429);
        assert.equal(errorCode(refused.json), 'locked');
      }
      // Another address is not affected.
      assert.equal((await adminClient(b.url).login('editor@example.com', TEST_PASSWORD, { 'x-forwarded-for': '198.51.100.3' })).status, 200);
    });
  });
}
