import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { luaScript, runScript } from '../../redis/lua-script.js';
import { serialised, type CounterSink, type CounterStore } from '../counter-store.js';

export interface RedisCounterStoreOptions {
  redis: Redis;
  /** Every key this store uses starts with it, e.g. `xinwen:views:`. */
  keyPrefix: string;
  /**
   * A batch still being written after this long is taken over by any process's flush (its
   * writer died). Safe even if the writer was only slow: sinks are idempotent by batch id.
   * Default 60 s.
   */
  staleBatchMs?: number;
}

// Dedup and increment in one round trip. KEYS[1] live hash, KEYS[2] (optional) the once key;
// ARGV: with a once key, its TTL then the fields; without, the fields.
const INCREMENT_LUA = `
local first = 1
if KEYS[2] then
  first = 2
  if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then
    local out = {0}
    for i = 2, #ARGV do out[#out + 1] = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0') end
    return out
  end
end
local out = {1}
for i = first, #ARGV do out[#out + 1] = redis.call('HINCRBY', KEYS[1], ARGV[i], 1) end
return out`;

// Takes the live hash as a new batch: RENAME is atomic, so every increment lands either in
// this batch or in the next live hash, never in both and never in neither. The batch is
// registered in the flushing set in the same step, so a crash before it is written leaves it
// findable. KEYS: live hash, flushing set, batch key.
const TAKE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[3])
redis.call('SADD', KEYS[2], KEYS[3])
return 1`;

const INCREMENT = luaScript(INCREMENT_LUA);
const TAKE = luaScript(TAKE_LUA);

/**
 * The scale-mode CounterStore: HINCRBY into one Redis hash shared by every process, `once`
 * keys as `SET NX EX`. A flush renames the hash to a batch key, writes it through the sink and
 * deletes it; batches left behind by a crashed process are written by the next flush anywhere.
 */
export function createRedisCounterStore(options: RedisCounterStoreOptions): CounterStore {
  const { redis, keyPrefix } = options;
  const staleBatchMs = options.staleBatchMs ?? 60_000;
  const liveKey = `${keyPrefix}live`;
  const flushingKey = `${keyPrefix}flushing`;
  const batchPrefix = `${keyPrefix}batch:`;
  const serial = serialised<number>();
  // Batches this process is writing, so `pending` still shows them until they are in the database.
  const inflight = new Map<string, Map<string, number>>();
  const failedHere = new Set<string>();

  const inflightValue = (field: string) => {
    let sum = 0;
    for (const counts of inflight.values()) sum += counts.get(field) ?? 0;
    return sum;
  };
  const isStale = (batchKey: string) => {
    const takenAt = Number(batchKey.slice(batchPrefix.length).split(':')[0]);
    return !Number.isFinite(takenAt) || Date.now() - takenAt > staleBatchMs;
  };

  const writeBatch = async (batchKey: string, sink: CounterSink): Promise<number> => {
    const raw = await redis.hgetall(batchKey);
    const counts = new Map(Object.entries(raw).map(([field, value]) => [field, Number(value)]));
    if (counts.size > 0) {
      inflight.set(batchKey, counts);
      try {
        await sink({ id: batchKey.slice(batchPrefix.length), counts });
      } catch (error) {
        failedHere.add(batchKey);
        throw error;
      } finally {
        inflight.delete(batchKey);
      }
    }
    await redis.multi().del(batchKey).srem(flushingKey, batchKey).exec();
    failedHere.delete(batchKey);
    return counts.size;
  };

  return {
    async increment(keys, once) {
      const reply = once
        ? await runScript(redis, INCREMENT, [liveKey, `${keyPrefix}once:${once.key}`], [once.ttlSeconds, ...keys])
        : await runScript(redis, INCREMENT, [liveKey], [...keys]);
      const [counted, ...pending] = (reply as number[]).map(Number);
      return { counted: counted === 1, pending: pending.map((n, i) => n + inflightValue(keys[i] ?? '')) };
    },

    async pending(keys) {
      if (keys.length === 0) return [];
      const values = await redis.hmget(liveKey, ...keys);
      return values.map((v, i) => Number(v ?? 0) + inflightValue(keys[i] ?? ''));
    },

    flush(sink) {
      return serial(async () => {
        let written = 0;
        for (const batchKey of await redis.smembers(flushingKey)) {
          if (failedHere.has(batchKey) || isStale(batchKey)) written += await writeBatch(batchKey, sink);
        }
        const batchKey = `${batchPrefix}${Date.now()}:${randomUUID()}`;
        if (Number(await runScript(redis, TAKE, [liveKey, flushingKey, batchKey], [])) === 1) {
          written += await writeBatch(batchKey, sink);
        }
        return written;
      });
    },

    async close() {
      // The connection belongs to whoever opened it (the composition root).
    },
  };
}
