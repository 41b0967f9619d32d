import { Redis } from 'ioredis';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../platform/counters/redis/redis.testing.js';
import type { DialectName } from '../platform/db/dialect.js';
import { startTestServer, type TestServer } from './server.js';

/** Two app servers on one database and one Redis key prefix: two processes of a scale-mode site. */
export interface AppPair {
  a: TestServer;
  b: TestServer;
  /** A connection of the test's own, for looking at (and cleaning up) the shared keys. */
  redis: Redis;
  /** The Redis key prefix both servers use (XINWEN_REDIS_PREFIX). */
  prefix: string;
  /** Closes both servers, deletes the prefix's keys and the test's connection. */
  close(): Promise<void>;
}

/** Starts an AppPair: `b` opens `a`'s database with a connection of its own. */
export async function startAppPair(dialect: DialectName): Promise<AppPair> {
  const { prefix, cleanUp } = uniqueRedisPrefix();
  const redis = new Redis(TEST_REDIS_URL);
  const env = { REDIS_URL: TEST_REDIS_URL, XINWEN_REDIS_PREFIX: prefix };
  const a = await startTestServer(dialect, { env });
  const b = await startTestServer(dialect, { env, database: a.database }).catch(async (error: unknown) => {
    await a.close();
    await redis.quit();
    throw error;
  });
  return {
    a,
    b,
    redis,
    prefix,
    async close() {
      await b.close();
      await a.close();
      await cleanUp(redis);
      await redis.quit();
    },
  };
}
