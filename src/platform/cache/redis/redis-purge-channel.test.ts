/** The Redis purge channel against real Redis (TEST_REDIS_URL), each test on a channel of its own. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { TEST_REDIS_URL, redisAvailable, uniqueRedisPrefix } from '../../counters/redis/redis.testing.js';
import { createRedisPurgeChannel } from './redis-purge-channel.js';

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn(`Redis is not reachable at ${TEST_REDIS_URL}: the Redis purge channel tests are skipped.`);

/** Collects what a handler receives, and waits for the next batch. */
function inbox() {
  const received: string[][] = [];
  let waiting: { count: number; resolve: () => void } | null = null;
  return {
    received,
    handler: (keys: string[]) => {
      received.push(keys);
      if (waiting && received.length >= waiting.count) waiting.resolve();
    },
    /** Resolves once `count` batches have arrived in all. */
    until: (count: number) =>
      new Promise<void>((resolve, reject) => {
        if (received.length >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} purges arrived`)), 5000);
        waiting = { count, resolve: () => (clearTimeout(timer), resolve()) };
      }),
  };
}

const quietLog = () => {
  const warnings: string[] = [];
  return { warnings, log: { warn: (_d: object, m: string) => void warnings.push(m), error: (_d: object, m: string) => void warnings.push(m) } };
};

describe('Redis purge channel', { skip: !hasRedis }, () => {
  let a: Redis;
  let b: Redis;
  let admin: Redis;
  const { prefix, cleanUp } = uniqueRedisPrefix();
  before(() => {
    // Two processes' command connections, and one for the test's own commands.
    a = new Redis(TEST_REDIS_URL);
    b = new Redis(TEST_REDIS_URL);
    admin = new Redis(TEST_REDIS_URL);
  });
  after(async () => {
    await cleanUp(admin);
    await Promise.all([a.quit(), b.quit(), admin.quit()]);
  });

  const subscriberIds = async (channel: string) =>
    String(await admin.client('LIST'))
      .split('\n')
      .filter((line) => line.includes(` name=purge-subscriber:${channel} `))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1] ?? '');

  it('delivers a publish to every process, to the publisher before publish resolves', async () => {
    const channel = `${prefix}purge-1`;
    const fromA = createRedisPurgeChannel({ redis: a, channel, log: quietLog().log });
    const fromB = createRedisPurgeChannel({ redis: b, channel, log: quietLog().log });
    const onA = inbox();
    const onB = inbox();
    const offA = await fromA.subscribe(onA.handler);
    const offB = await fromB.subscribe(onB.handler);
    await fromA.publish(['article:1', 'home']);
    assert.deepEqual(onA.received[0], ['article:1', 'home'], 'the publisher purges itself at once');
    await onB.until(1);
    assert.deepEqual(onB.received, [['article:1', 'home']]);
    await fromB.publish([]);
    await fromB.publish(['tag:书店']);
    // A has its own publish twice (at once, and back from Redis: purging is idempotent) and B's.
    await onA.until(3);
    assert.deepEqual(
      [...onA.received].map((keys) => keys.join()).sort(),
      ['article:1,home', 'article:1,home', 'tag:书店'],
      'an empty publish sends nothing; keys keep their Chinese',
    );
    await offA();
    await offB();
    assert.deepEqual(await subscriberIds(channel), [], 'the last unsubscribe closes the subscriber connection');
  });

  it('logs and ignores a message that is not a JSON array of keys', async () => {
    const channel = `${prefix}purge-2`;
    const { warnings, log } = quietLog();
    const purges = createRedisPurgeChannel({ redis: b, channel, log });
    const got = inbox();
    await purges.subscribe(got.handler);
    for (const bad of ['not json', '{"keys":["a"]}', '[]', '[1,2]', '["ok",""]']) await admin.publish(channel, bad);
    await admin.publish(channel, '["section:china"]');
    await got.until(1);
    assert.deepEqual(got.received, [['section:china']]);
    assert.equal(warnings.filter((w) => w === 'ignored a malformed purge message').length, 5);
    await purges.close();
  });

  it('after its connection drops, resubscribes and only then reports the gap', async () => {
    const channel = `${prefix}purge-3`;
    const publisher = createRedisPurgeChannel({ redis: a, channel, log: quietLog().log });
    const purges = createRedisPurgeChannel({ redis: b, channel, log: quietLog().log });
    const got = inbox();
    let gapped!: () => void;
    const gap = new Promise<void>((resolve) => (gapped = resolve));
    let gaps = 0;
    await purges.subscribe(got.handler, {
      onGap: () => {
        gaps += 1;
        gapped();
      },
    });
    const [id] = await subscriberIds(channel);
    assert.ok(id, 'the subscriber connection is named after its channel');
    await admin.client('KILL', 'ID', id);
    await gap;
    assert.equal(gaps, 1);
    assert.equal((await subscriberIds(channel)).length, 1, 'one subscriber again');
    // Subscribed again before onGap ran: this purge must arrive.
    await publisher.publish(['article:2']);
    await got.until(1);
    assert.deepEqual(got.received.at(-1), ['article:2']);
    await purges.close();
    await publisher.close();
    assert.deepEqual(await subscriberIds(channel), []);
  });
});
