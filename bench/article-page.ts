/**
 * How long an article page takes to render from the database, through the whole app
 * (routing, queries, templates, QR code), without the network, with the page cache off:
 * `npm run bench:render` (`npm run bench` runs the same timing after its wrk targets).
 *
 * - first: the first article request after start-up (JIT and database cold).
 * - cold: each demo article's first request (nothing about that article seen before).
 * - warm: the same articles requested again, many times.
 * Each in both editions: the Simplified edition of these (Simplified) articles, and the
 * Traditional edition, whose first request of a page includes converting it (later requests
 * of the unchanged page are served from the converted-page cache).
 *
 * BENCH_DIALECT=postgres runs it on PostgreSQL (TEST_POSTGRES_URL) instead of SQLite.
 * Target: cold median ≤ 5 ms.
 */
import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { articlePath } from '../src/articles/article.service.js';
import { loadConfig } from '../src/config.js';
import { seedDemo } from '../src/demo/seed.js';
import { EDITION_LIST, editionPath } from '../src/web/editions.js';
import { createTestDatabase } from '../src/testing/databases.js';
import { timings } from './render.js';

const dialect = process.env.BENCH_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
const WARM_ROUNDS = 20;

const ms = (n: number) => `${n.toFixed(2)} ms`;

const database = await createTestDatabase(dialect);
try {
  await seedDemo(database.db);
  const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', XINWEN_PUBLIC_URL: 'http://bench.local', XINWEN_PAGE_CACHE_MB: '0' });
  const rows = await database.db
    .selectFrom('articles')
    .select(['id', 'published_at'])
    .where('status', '=', 'published')
    .orderBy('id')
    .execute();
  const articlePaths = rows.map((r) => articlePath({ id: r.id, publishedAt: r.published_at }, 'Asia/Shanghai'));

  const app = await buildApp(config, { database });
  await app.ready();
  const timed = async (url: string) => {
    const start = performance.now();
    const res = await app.inject({ method: 'GET', url });
    const elapsed = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    return elapsed;
  };

  console.log(`article page render, ${dialect}, ${articlePaths.length} demo articles, Node ${process.version}`);
  for (const edition of EDITION_LIST) {
    const paths = articlePaths.map((path) => editionPath(edition, path));
    const [firstPath, ...rest] = paths;
    if (!firstPath) throw new Error('the demo newsroom has no published articles');
    const first = await timed(firstPath);
    const cold = [];
    for (const path of rest) cold.push(await timed(path));
    const warm = [];
    for (let round = 0; round < WARM_ROUNDS; round++) for (const path of paths) warm.push(await timed(path));

    const c = timings(cold);
    const w = timings(warm);
    console.log(`\n${edition} edition (${editionPath(edition, '/…')})`);
    console.log(`first request after start: ${ms(first)}`);
    console.log(`cold (each article's first request, n=${c.n}): median ${ms(c.p50)}  p95 ${ms(c.p95)}  max ${ms(c.max)}`);
    console.log(`warm (n=${w.n}): median ${ms(w.p50)}  p95 ${ms(w.p95)}  max ${ms(w.max)}  ≈ ${Math.round(1000 / w.p50)} pages/s on one core`);
    console.log(`target: cold median ≤ 5 ms — ${c.p50 <= 5 ? 'met' : 'NOT met'}`);
  }
  await app.close();
} finally {
  await database.drop();
}
