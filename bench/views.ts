/**
 * How many 人气 views one process counts per second: `npm run bench:views`.
 *
 * Starts the app on SQLite (BENCH_DIALECT=postgres: PostgreSQL at TEST_POSTGRES_URL; add
 * BENCH_REDIS=1 to count in Redis at TEST_REDIS_URL) with the demo newsroom plus generated
 * articles, and loads POST /api/views/:id with Debian's wrk (1 thread, 50 connections, 10 s;
 * wrk has its own core, autocannon would share ours). Every request is a different reader
 * (X-Forwarded-For from a counter, several browser user agents) spread over every article,
 * so the 30-minute dedup does not turn the load into no-ops. After the run the app is closed
 * (its final flush) and the database must hold exactly the views that were counted.
 * The same load against a bare Fastify route answering a fixed Buffer is the ceiling.
 * Target: ≥ 10,000 views/s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from '../src/app.js';
import { saveArticle } from '../src/articles/article.service.js';
import { loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import type { CounterStore } from '../src/platform/counters/counter-store.js';
import { createMemoryCounterStore } from '../src/platform/counters/memory/memory-counter-store.js';
import { createRedisCounterStore } from '../src/platform/counters/redis/redis-counter-store.js';
import { TEST_REDIS_URL, uniqueRedisPrefix } from '../src/platform/counters/redis/redis.testing.js';
import { createTestDatabase } from '../src/testing/databases.js';
import { articleInput } from '../src/testing/fixtures.js';

const dialect = process.env.BENCH_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const useRedis = process.env.BENCH_REDIS === '1';
const EXTRA_ARTICLES = 300;
const WARM_UP_S = 2;
const DURATION_S = 10;
const CONNECTIONS = 50;
const TARGET = 10_000;

const WRK_SCRIPT = (ids: number[]) => `
local ids = {${ids.join(',')}}
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 13; V2250A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
}
local n = 0
-- Each run starts from its own reader number, so no run repeats another's readers.
init = function(args)
  n = tonumber(args[1]) or 0
end
request = function()
  n = n + 1
  local ip = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  local headers = { ["X-Forwarded-For"] = ip, ["User-Agent"] = agents[(n % #agents) + 1] }
  return wrk.format("POST", "/api/views/" .. ids[(n % #ids) + 1], headers, nil)
end
`;

interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  latency: string;
}

/** Runs wrk against `url` (asynchronously: the server runs on this event loop). */
let firstReader = 0;
function wrk(url: string, script: string, seconds: number): Promise<WrkResult> {
  firstReader += 2_000_000; // more requests than any run makes; IPs stay unique up to 2^24
  return new Promise((resolve, reject) => {
    const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', script, url, '--', String(firstReader)];
    const child = spawn('/usr/bin/wrk', args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
      const total = /(\d+) requests in/.exec(out);
      if (code !== 0 || !rps || !total) return reject(new Error(`wrk failed (${code}):\n${out}`));
      resolve({
        requestsPerSecond: Number(rps[1]),
        requests: Number(total[1]),
        non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
        latency: /Latency\s+(\S+)\s+(\S+)\s+(\S+)/.exec(out)?.slice(1).join(' avg / ') ?? '?',
      });
    });
  });
}

/** Counts what the store counted, so the database total can be checked against it. */
function counting(store: CounterStore): { store: CounterStore; counted: () => number } {
  let counted = 0;
  return {
    store: {
      ...store,
      async increment(keys, once) {
        const result = await store.increment(keys, once);
        if (result.counted) counted++;
        return result;
      },
    },
    counted: () => counted,
  };
}

const work = mkdtempSync(join(tmpdir(), 'xinwen-bench-views-'));
const database = await createTestDatabase(dialect);
const redis = useRedis ? new Redis(TEST_REDIS_URL, { enableAutoPipelining: true }) : null;
const redisKeys = uniqueRedisPrefix();
let failed = false;
try {
  await seedDemo(database.db);
  const sections = ['top', 'world', 'china', 'business', 'tech'];
  for (let i = 0; i < EXTRA_ARTICLES; i++) {
    await saveArticle(database.db, articleInput({ section: sections[i % sections.length] ?? 'top', title: `压测稿件第${i + 1}篇` }));
  }
  const ids = (await database.db.selectFrom('articles').select('id').where('status', '=', 'published').execute()).map((r) => r.id);
  const script = join(work, 'views.lua');
  writeFileSync(script, WRK_SCRIPT(ids));

  // The ceiling: Fastify answering a fixed Buffer, same requests.
  const bare = Fastify({ logger: false });
  const fixed = Buffer.from('{"views":1,"counted":true}');
  bare.post('/api/views/:id', (_request, reply) => reply.type('application/json').send(fixed));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
  await wrk(bareUrl, script, WARM_UP_S);
  const ceiling = await wrk(bareUrl, script, DURATION_S);
  await bare.close();

  const store = redis
    ? createRedisCounterStore({ redis, keyPrefix: redisKeys.prefix })
    : createMemoryCounterStore();
  const counter = counting(store);
  const config = loadConfig({ DATABASE_URL: database.url, XINWEN_DATA_DIR: work, LOG_LEVEL: 'warn' }, { port: 0, host: '127.0.0.1' });
  const app = await buildApp(config, { database, counters: counter.store });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  await wrk(url, script, WARM_UP_S);
  const before = counter.counted();
  const started = performance.now();
  const run = await wrk(url, script, DURATION_S);
  const elapsedS = (performance.now() - started) / 1000; // wrk's start-up included: errs low
  const countedInRun = counter.counted() - before;
  await app.close(); // the final flush

  const sum = async (table: 'article_views' | 'article_view_hours') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.sum<number>('views').as('n')).executeTakeFirstOrThrow()).n ?? 0);
  const [stored, storedHours] = [await sum('article_views'), await sum('article_view_hours')];
  const counted = counter.counted();

  const viewsPerSecond = countedInRun / elapsedS;
  console.log(`人气 views, ${dialect}${redis ? ' + Redis' : ' + in-process counters'}, ${ids.length} articles, Node ${process.version}`);
  console.log(`wrk -t1 -c${CONNECTIONS} -d${DURATION_S}s, every request a different reader (after a ${WARM_UP_S} s warm-up)`);
  console.log(`ceiling (bare Fastify, fixed Buffer): ${Math.round(ceiling.requestsPerSecond)} req/s`);
  console.log(`POST /api/views/:id: ${Math.round(run.requestsPerSecond)} req/s, latency ${run.latency}, non-2xx ${run.non2xx}`);
  console.log(`counted: ${Math.round(viewsPerSecond)} views/s (${Math.round((100 * viewsPerSecond) / ceiling.requestsPerSecond)}% of the ceiling)`);
  console.log(`database after the final flush: ${stored} views (hourly buckets ${storedHours}); counted ${counted}`);
  const lossless = stored === counted && storedHours === counted && run.non2xx === 0;
  console.log(`no count lost or doubled: ${lossless ? 'yes' : 'NO'}`);
  console.log(`target ≥ ${TARGET} views/s: ${viewsPerSecond >= TARGET ? 'met' : 'NOT met'}`);
  failed = !lossless;
} finally {
  if (redis) {
    await redisKeys.cleanUp(redis);
    await redis.quit();
  }
  await database.drop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
