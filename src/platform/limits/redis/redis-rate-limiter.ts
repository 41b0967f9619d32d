import type { Redis } from 'ioredis';
import { luaScript, runScript } from '../../redis/lua-script.js';
import type { RateLimiter, RateLimiters, RatePolicy } from '../rate-limiter.js';

export interface RedisRateLimitersOptions {
  redis: Redis;
  /** Every key starts with it, e.g. `xinwen:limits:`; then the limiter's name and the key. */
  keyPrefix: string;
}

// One window per key, as a hash {s: start ms, u: units used}, read and changed in one atomic
// step so concurrent requests in any number of processes never both take the last unit.
// KEYS[1] the window; ARGV: mode (check | hit | take), now ms, window ms, limit, units.
// Resolves to 0, or to the milliseconds left in a spent window. The start comes from the
// caller's clock (as in memory); PEXPIRE only lets Redis forget the window once it is over.
const WINDOW = luaScript(`
local now = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
local units = tonumber(ARGV[5])
local w = redis.call('HMGET', KEYS[1], 's', 'u')
local start = tonumber(w[1])
local used = 0
if start and now - start < windowMs then used = tonumber(w[2]) or 0 else start = nil end
if ARGV[1] == 'check' then
  if start and used >= limit then return start + windowMs - now end
  return 0
end
if ARGV[1] == 'take' and used + units > limit then
  if start then return start + windowMs - now end
  return windowMs
end
if start then
  redis.call('HINCRBY', KEYS[1], 'u', units)
else
  start = now
  redis.call('HSET', KEYS[1], 's', start, 'u', units)
end
redis.call('PEXPIRE', KEYS[1], start + windowMs - now)
return 0`);

/** Limiters shared by every process on one Redis: scale mode. */
export function redisRateLimiters(options: RedisRateLimitersOptions): RateLimiters {
  const { redis, keyPrefix } = options;
  return (name: string, policy: RatePolicy): RateLimiter => {
    const run = async (mode: 'check' | 'hit' | 'take', key: string, now: Date, units: number) =>
      Number(await runScript(redis, WINDOW, [`${keyPrefix}${name}:${key}`], [mode, now.getTime(), policy.windowMs, policy.limit, units]));
    return {
      retryAfterMs: (key, now) => run('check', key, now, 0),
      async hit(key, now, units = 1) {
        await run('hit', key, now, units);
      },
      take: (key, now, units = 1) => run('take', key, now, units),
    };
  };
}
