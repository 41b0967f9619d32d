import type { Redis } from 'ioredis';
import { z } from 'zod';
import { luaScript, runScript } from '../../platform/redis/lua-script.js';
import type { SessionStore, StoredSession } from './session-store.js';

/** Where staff sessions live under the site's Redis prefix; the app and the CLI must agree. */
export const staffSessionsKeyPrefix = (redisPrefix: string): string => `${redisPrefix}sessions:`;

export interface RedisSessionStoreOptions {
  redis: Redis;
  /** Every key starts with it, e.g. `xinwen:sessions:`. */
  keyPrefix: string;
}

// A session as a hash; a missing user agent is a missing field.
const SessionHash = z.object({
  personId: z.coerce.number().int(),
  csrfToken: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().optional(),
});

// Slides a session that still exists (one ended meanwhile by another process stays ended).
// KEYS[1] the session; ARGV: lastSeenAt, expiresAt, TTL ms. Resolves to its person, or false.
const TOUCH = luaScript(`
local personId = redis.call('HGET', KEYS[1], 'personId')
if not personId then return false end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1], 'expiresAt', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return personId`);

// Ends every session of one person but ARGV[2] ('' for none) in one step, so a login racing
// "log out everywhere" cannot keep one alive. KEYS[1] the person's sorted set; ARGV[1] the
// session key prefix. Resolves to how many sessions still existed. Session keys are built here
// from ARGV, so this needs one Redis (or a primary with replicas), not a Cluster.
const END_SESSIONS = luaScript(`
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local ended = 0
for _, id in ipairs(ids) do
  if id ~= ARGV[2] then
    ended = ended + redis.call('DEL', ARGV[1] .. id)
    redis.call('ZREM', KEYS[1], id)
  end
end
return ended`);

// Forgets one person's sessions that expired by ARGV[2] (ms) and, when none is left, the
// person's entry in the people set, in one step (a login in between would otherwise be lost
// from the set). KEYS: the person's sorted set, the people set; ARGV: session key prefix, now
// ms, person id. Resolves to how many were forgotten.
const PRUNE = luaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
for _, id in ipairs(ids) do redis.call('DEL', ARGV[1] .. id) end
if #ids > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2]) end
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[3]) end
return #ids`);

/**
 * Staff sessions in Redis, shared by every app process (scale mode). A session is a hash
 * `{prefix}s:{id}` that Redis expires when the session would (the TTL is measured on the
 * caller's clock, so a test clock works); each person has a sorted set `{prefix}p:{personId}`
 * of their session ids scored by expiry, for "log out everywhere", and `{prefix}people` lists
 * the people with one, so deleteExpired can prune the sets.
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { redis, keyPrefix } = options;
  const sessionPrefix = `${keyPrefix}s:`;
  const sessionKey = (id: string) => `${sessionPrefix}${id}`;
  const personKey = (personId: number | string) => `${keyPrefix}p:${personId}`;
  const peopleKey = `${keyPrefix}people`;

  return {
    async create(session: StoredSession) {
      const ttl = Date.parse(session.expiresAt) - Date.parse(session.createdAt);
      if (ttl <= 0) return;
      const fields: Record<string, string | number> = {
        personId: session.personId,
        csrfToken: session.csrfToken,
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        expiresAt: session.expiresAt,
      };
      if (session.userAgent !== null) fields.userAgent = session.userAgent;
      await redis
        .multi()
        .hset(sessionKey(session.id), fields)
        .pexpire(sessionKey(session.id), ttl)
        .zadd(personKey(session.personId), Date.parse(session.expiresAt), session.id)
        .sadd(peopleKey, String(session.personId))
        .exec();
    },

    async find(id: string) {
      const raw = await redis.hgetall(sessionKey(id));
      if (Object.keys(raw).length === 0) return undefined;
      const parsed = SessionHash.safeParse(raw);
      // Not a session this code wrote (a half-written or foreign key): no session.
      if (!parsed.success) return undefined;
      const { userAgent, ...rest } = parsed.data;
      return { id, ...rest, userAgent: userAgent ?? null };
    },

    async touch(id: string, lastSeenAt: string, expiresAt: string) {
      const ttl = Math.max(1, Date.parse(expiresAt) - Date.parse(lastSeenAt));
      const personId = await runScript(redis, TOUCH, [sessionKey(id)], [lastSeenAt, expiresAt, ttl]);
      // XX: only a session still listed gets its new expiry, never one ended meanwhile.
      if (typeof personId === 'string') await redis.zadd(personKey(personId), 'XX', Date.parse(expiresAt), id);
    },

    async destroy(id: string) {
      const personId = await redis.hget(sessionKey(id), 'personId');
      const tx = redis.multi().del(sessionKey(id));
      if (personId !== null) tx.zrem(personKey(personId), id);
      await tx.exec();
    },

    async destroyAllForPerson(personId: number, options: { except?: string } = {}) {
      return Number(await runScript(redis, END_SESSIONS, [personKey(personId)], [sessionPrefix, options.except ?? '']));
    },

    async deleteExpired(now: string) {
      const nowMs = Date.parse(now);
      let forgotten = 0;
      // Redis has usually expired the session hashes already: this prunes the people's sets.
      for (const personId of await redis.smembers(peopleKey)) {
        forgotten += Number(await runScript(redis, PRUNE, [personKey(personId), peopleKey], [sessionPrefix, nowMs, personId]));
      }
      return forgotten;
    },
  };
}
