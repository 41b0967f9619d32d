import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureStaff } from '../../articles/outlet.service.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { listAudit } from '../audit/audit.service.js';
import { csrfTokenMatches } from './csrf.js';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL, redisAvailable, uniqueRedisPrefix } from '../../platform/counters/redis/redis.testing.js';
import { createDbSessionStore } from './db-session-store.js';
import { createRedisSessionStore } from './redis-session-store.js';
import type { SessionStore } from './session-store.js';
import { hashSecret } from './secrets.js';
import { endSession, logOutEverywhere, resolveSession, startSession } from './sessions.service.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the Redis session store tests are skipped.`);

/** Every SessionStore: the database (embedded default) and Redis (scale mode). */
const STORES = [
  { name: 'database', skip: false },
  { name: 'Redis', skip: !hasRedis },
] as const;

for (const dialect of TEST_DIALECTS) for (const kind of STORES) {
  describe(`sessions in ${kind.name} (${dialect})`, { skip: kind.skip }, () => {
    let database: TestDatabase;
    let personId: number;
    let redis: Redis | undefined;
    const { prefix, cleanUp } = uniqueRedisPrefix();
    let createStore: (db: TestDatabase['db']) => SessionStore;
    /** The ids the store holds, to show no cookie token is among them. */
    let storedIds: () => Promise<string[]>;
    before(async () => {
      database = await createTestDatabase(dialect);
      personId = (await ensureStaff(database.db, '会话测试', 'reporter')).id;
      if (kind.name === 'Redis') {
        const r = new Redis(TEST_REDIS_URL);
        redis = r;
        createStore = () => createRedisSessionStore({ redis: r, keyPrefix: prefix });
        storedIds = async () => (await r.keys(`${prefix}s:*`)).map((k) => k.slice(`${prefix}s:`.length));
      } else {
        createStore = createDbSessionStore;
        storedIds = async () => (await database.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
      }
    });
    after(async () => {
      if (redis) {
        await cleanUp(redis);
        await redis.quit();
      }
      await database.drop();
    });

    it('stores only the sha256 of the cookie token, with a CSRF token', async () => {
      const store = createStore(database.db);
      const { token, session } = await startSession(store, personId, { userAgent: 'test-agent' });
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(session.id, hashSecret(token));
      const ids = await storedIds();
      assert.ok(ids.length > 0 && ids.every((id) => id !== token && id.length === 64));
      const found = await resolveSession(store, token);
      assert.equal(found?.personId, personId);
      assert.equal(found?.userAgent, 'test-agent');
      assert.ok(found && csrfTokenMatches(found.csrfToken, session.csrfToken));
      assert.equal(await resolveSession(store, 'not-a-token'), null);
    });

    it('slides the idle expiry (14 days, written at most once a minute) up to 30 days at most', async () => {
      const store = createStore(database.db);
      const t0 = new Date('2025-01-01T00:00:00Z');
      const at = (ms: number) => ({ now: new Date(t0.getTime() + ms) });
      const { token } = await startSession(store, personId, at(0));
      assert.equal((await resolveSession(store, token, at(0)))?.expiresAt, new Date(t0.getTime() + 14 * DAY).toISOString());
      // Within the minute: no write.
      assert.equal((await resolveSession(store, token, at(30_000)))?.lastSeenAt, t0.toISOString());
      // Used every 10 days, it lives on, but never past 30 days from login.
      for (const day of [10, 20, 29]) assert.ok(await resolveSession(store, token, at(day * DAY)), `day ${day}`);
      assert.equal((await store.find(hashSecret(token)))?.expiresAt, new Date(t0.getTime() + 30 * DAY).toISOString());
      assert.equal(await resolveSession(store, token, at(30 * DAY + MINUTE)), null);
      assert.equal(await store.find(hashSecret(token)), undefined, 'an expired session is deleted when seen');

      const idle = await startSession(store, personId, at(0));
      assert.equal(await resolveSession(store, idle.token, at(14 * DAY + 1)), null);
    });

    it('logs out one session, or every session with an audit entry', async () => {
      const store = createStore(database.db);
      const a = await startSession(store, personId);
      const b = await startSession(store, personId);
      const c = await startSession(store, personId);
      await endSession(store, a.session.id);
      assert.equal(await resolveSession(store, a.token), null);
      assert.ok(await resolveSession(store, b.token));
      assert.ok((await logOutEverywhere(database.db, store, personId)) >= 2);
      assert.equal(await resolveSession(store, b.token), null);
      assert.equal(await resolveSession(store, c.token), null);
      const [entry] = await listAudit(database.db, { limit: 1 });
      assert.equal(entry?.action, 'session.logout_everywhere');
    });
  });
}
