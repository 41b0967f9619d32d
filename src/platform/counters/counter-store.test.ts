/**
 * One behaviour suite for every CounterStore: memory (embedded) and Redis (scale mode, real
 * Redis at TEST_REDIS_URL under a unique key prefix; skipped with a notice when unreachable).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { CounterBatch, CounterStore } from './counter-store.js';
import { createMemoryCounterStore } from './memory/memory-counter-store.js';
import { createRedisCounterStore } from './redis/redis-counter-store.js';
import { TEST_REDIS_URL, redisAvailable, uniqueRedisPrefix } from './redis/redis.testing.js';

interface Harness {
  store: CounterStore;
  /** Lets `seconds` pass for `once` windows. */
  pass(seconds: number): Promise<void>;
}

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the Redis counter tests are skipped.`);

const adapters: { name: string; skip: boolean; make(): Promise<Harness & { done(): Promise<void> }> }[] = [
  {
    name: 'memory',
    skip: false,
    async make() {
      let at = 1_000_000;
      const store = createMemoryCounterStore({ now: () => at });
      return { store, pass: async (s) => void (at += s * 1000), done: () => store.close() };
    },
  },
  {
    name: 'redis',
    skip: !hasRedis,
    async make() {
      const redis = new Redis(TEST_REDIS_URL);
      const { prefix, cleanUp } = uniqueRedisPrefix();
      const store = createRedisCounterStore({ redis, keyPrefix: prefix });
      return {
        store,
        // Redis expires keys on its own clock: wait for real.
        pass: (s) => new Promise((r) => setTimeout(r, s * 1000 + 100)),
        async done() {
          await cleanUp(redis);
          await redis.quit();
        },
      };
    },
  },
];

const collect = () => {
  const batches: CounterBatch[] = [];
  const sink = async (b: CounterBatch) => void batches.push({ id: b.id, counts: new Map(b.counts) });
  return { batches, sink };
};

for (const adapter of adapters) {
  describe(`CounterStore: ${adapter.name}`, { skip: adapter.skip }, () => {
    let h: Harness & { done(): Promise<void> };
    before(async () => {
      h = await adapter.make();
    });
    after(async () => {
      await h?.done();
    });

    it('counts every key and answers the unflushed values', async () => {
      assert.deepEqual(await h.store.increment(['a', 'b']), { counted: true, pending: [1, 1] });
      assert.deepEqual(await h.store.increment(['a']), { counted: true, pending: [2] });
      assert.deepEqual(await h.store.pending(['a', 'b', 'never']), [2, 1, 0]);
    });

    it('counts a once key only once within its window', async () => {
      assert.equal((await h.store.increment(['c'], { key: 'reader-1', ttlSeconds: 1 })).counted, true);
      const again = await h.store.increment(['c'], { key: 'reader-1', ttlSeconds: 1 });
      assert.deepEqual(again, { counted: false, pending: [1] });
      assert.equal((await h.store.increment(['c'], { key: 'reader-2', ttlSeconds: 1 })).counted, true);
      await h.pass(1);
      assert.deepEqual(await h.store.increment(['c'], { key: 'reader-1', ttlSeconds: 1 }), { counted: true, pending: [3] });
    });

    it('hands everything to the sink in a flush and starts again from zero', async () => {
      const { batches, sink } = collect();
      await h.store.flush(sink);
      const counts = new Map<string, number>();
      for (const b of batches) for (const [k, v] of b.counts) counts.set(k, (counts.get(k) ?? 0) + v);
      assert.deepEqual(Object.fromEntries(counts), { a: 2, b: 1, c: 3 });
      assert.deepEqual(await h.store.pending(['a', 'b', 'c']), [0, 0, 0]);
      assert.equal(await h.store.flush(sink), 0, 'nothing left to write');
    });

    it('keeps counts made during a flush for the next one and shows the batch being written as pending', async () => {
      await h.store.increment(['d']);
      let release = () => {};
      const gate = new Promise<void>((r) => (release = r));
      let entered = () => {};
      const writing = new Promise<void>((r) => (entered = r));
      const seen: CounterBatch[] = [];
      const flushing = h.store.flush(async (b) => {
        seen.push(b);
        entered();
        await gate;
      });
      // Once the batch is being written (not after a fixed wait, which a busy machine outlasts).
      await writing;
      try {
        assert.deepEqual((await h.store.increment(['d'])).pending, [2], 'batch in flight + new count');
      } finally {
        release();
        await flushing;
      }
      assert.equal(seen[0]?.counts.get('d'), 1);
      assert.deepEqual(await h.store.pending(['d']), [1]);
      const { batches, sink } = collect();
      await h.store.flush(sink);
      assert.equal(batches[0]?.counts.get('d'), 1);
    });

    it('offers a batch whose write failed again, with the same id, before newer counts', async () => {
      await h.store.increment(['e']);
      await h.store.increment(['e']);
      let failedId = '';
      await assert.rejects(
        h.store.flush(async (b) => {
          failedId = b.id;
          throw new Error('database down');
        }),
        /database down/,
      );
      await h.store.increment(['e']);
      const { batches, sink } = collect();
      await h.store.flush(sink);
      assert.equal(batches[0]?.id, failedId);
      assert.equal(batches[0]?.counts.get('e'), 2);
      assert.equal(batches[1]?.counts.get('e'), 1);
      assert.notEqual(batches[1]?.id, failedId);
    });
  });
}

describe('CounterStore: redis, several processes', { skip: !hasRedis }, () => {
  const redisA = new Redis(TEST_REDIS_URL);
  const redisB = new Redis(TEST_REDIS_URL);
  const { prefix, cleanUp } = uniqueRedisPrefix();
  after(async () => {
    await cleanUp(redisA);
    await redisA.quit();
    await redisB.quit();
  });

  it('shares one count and one dedup window, and a crashed flush is finished by another process exactly once', async () => {
    const a = createRedisCounterStore({ redis: redisA, keyPrefix: prefix, staleBatchMs: 200 });
    const b = createRedisCounterStore({ redis: redisB, keyPrefix: prefix, staleBatchMs: 200 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).increment(['x'])));
    assert.equal((await a.increment(['x'], { key: 'r', ttlSeconds: 60 })).counted, true);
    assert.equal((await b.increment(['x'], { key: 'r', ttlSeconds: 60 })).counted, false);
    assert.deepEqual(await b.pending(['x']), [51]);

    // Process A takes the batch and dies before deleting it (the sink never returns).
    const crashed = a.flush(() => new Promise<void>(() => {}));
    await new Promise((r) => setTimeout(r, 300));
    await b.increment(['x']);
    const { batches, sink } = collect();
    await b.flush(sink);
    const total = batches.reduce((sum, batch) => sum + (batch.counts.get('x') ?? 0), 0);
    assert.equal(total, 52, 'the abandoned batch and the new count, each once');
    assert.equal(await redisA.scard(`${prefix}flushing`), 0);
    void crashed;
  });
});
