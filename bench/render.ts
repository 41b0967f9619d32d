import { performance } from 'node:perf_hooks';
import { buildApp } from '../src/app.js';
import { articlePath } from '../src/articles/article.service.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/platform/db/database.js';
import { openDatabase } from '../src/platform/db/database.js';
import { editionPath, type Edition } from '../src/web/editions.js';

/** Percentiles of a set of timings, in ms. */
export interface Timings {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function timings(samples: number[]): Timings {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? 0 };
}

/** Reader paths of published articles (the Simplified edition unless told), newest id last; at most `limit`. */
export async function articlePaths(db: Db, options: { limit?: number; edition?: Edition } = {}): Promise<{ id: number; path: string }[]> {
  let query = db.selectFrom('articles').select(['id', 'published_at']).where('status', '=', 'published').orderBy('id');
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, path: editionPath(options.edition ?? 'hans', articlePath({ id: r.id, publishedAt: r.published_at }, 'Asia/Shanghai')) }));
}

/** Render timings of the article page with the page cache off. */
export interface RenderTimings {
  /** The first request after start (JIT and database cold). */
  first: number;
  /** Each article's first request. */
  cold: Timings;
  /** The same articles again, `rounds` times. */
  warm: Timings;
  /** CPU time of this process per request (user + system, ms): less moved by other work on a shared machine than the times. */
  cpuMsPerCold: number;
  cpuMsPerWarm: number;
}

/**
 * How long the app takes to render article pages from the database, without the network
 * (app.inject, the whole request path: routing, queries, templates, conversion), with the page
 * cache off (XINWEN_PAGE_CACHE_MB=0), so every request renders. Default 20 warm rounds.
 */
export async function measureArticleRender(databaseUrl: string, paths: string[], options: { rounds?: number } = {}): Promise<RenderTimings> {
  const database = await openDatabase(databaseUrl);
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', XINWEN_PUBLIC_URL: 'http://bench.local', XINWEN_PAGE_CACHE_MB: '0', XINWEN_AUDIO_RENDER: 'off' });
  const app = await buildApp(config, { database });
  try {
    await app.ready();
    const timed = async (url: string) => {
      const start = performance.now();
      const res = await app.inject({ method: 'GET', url });
      const elapsed = performance.now() - start;
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
      return elapsed;
    };
    const [firstPath, ...rest] = paths;
    if (!firstPath) throw new Error('no published articles to render');
    const first = await timed(firstPath);
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const cold = [];
    const coldCpu = cpuMs();
    for (const path of rest) cold.push(await timed(path));
    const cpuMsPerCold = (cpuMs() - coldCpu) / Math.max(1, cold.length);
    const warm = [];
    const warmCpu = cpuMs();
    for (let round = 0; round < (options.rounds ?? 20); round++) for (const path of paths) warm.push(await timed(path));
    const cpuMsPerWarm = (cpuMs() - warmCpu) / Math.max(1, warm.length);
    return { first, cold: timings(cold), warm: timings(warm), cpuMsPerCold, cpuMsPerWarm };
  } finally {
    await app.close();
    await database.close();
  }
}
