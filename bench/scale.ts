import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf, freePort, memoryOf, startInstance, type Instance } from '../src/deploy/instances.js';
import { localProductionConfig, startNginx } from '../src/deploy/nginx.js';
import { openDatabase } from '../src/platform/db/database.js';
import type { DialectName } from '../src/platform/db/dialect.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/databases.js';
import { describeMachine, table } from './machine.js';
import { fixed, measureTarget, type Target, type TargetResult } from './measure.js';
import { articlePaths, measureArticleRender } from './render.js';

const BIN = fileURLToPath(new URL('../bin/xinwen.js', import.meta.url));

export interface ScaleOptions {
  dialect: DialectName;
  articles: number;
  seconds: number;
  warmUpSeconds: number;
  json: boolean;
  /** bench/results/latest.json: the scale figures go beside it, in scale.json. */
  resultsFile: string;
}

/** Runs `xinwen bench corpus --articles N` against the database, as a reader of the docs would. */
async function generateCorpus(databaseUrl: string, dataDir: string, articles: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'bench', 'corpus', '--articles', String(articles)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, XINWEN_DATA_DIR: dataDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`xinwen bench corpus failed (code ${code})`);
}

/** Every n-th of `items`, so a sample spans the whole range (old and new articles). */
const spread = <T>(items: T[], count: number): T[] => {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
};

/**
 * The scale runs (`npm run bench -- --scale`): the demo newsroom plus `articles` generated ones
 * (default 100,000). RSS of a serving process after start, after a warm-up and after many
 * distinct articles; the article page with the page cache off, and the render of each
 * article's first request through app.inject; two instances behind the production nginx
 * configuration (deploy/nginx/xinwen.conf), one article (nginx's cache) and many (its misses).
 */
export async function runScale(options: ScaleOptions): Promise<boolean> {
  const { seconds, warmUpSeconds } = options;
  const machine = describeMachine();
  const work = mkdtempSync(join(tmpdir(), 'xinwen-bench-scale-'));
  const dataDir = join(work, 'data');
  const cleanup: (() => Promise<void>)[] = [];
  let database: TestDatabase | null = null;
  try {
    database = await createTestDatabase(options.dialect);
    const databaseUrl = database.url;
    process.stderr.write('demo newsroom…\n');
    const seeding = await startInstance({ databaseUrl, dataDir, args: ['--seed-demo-if-empty'] });
    await seeding.stop();
    process.stderr.write(`${options.articles} generated articles…\n`);
    const corpusStarted = performance.now();
    await generateCorpus(databaseUrl, dataDir, options.articles);
    const corpusSeconds = (performance.now() - corpusStarted) / 1000;

    const opened = await openDatabase(databaseUrl);
    const all = await articlePaths(opened.db).finally(() => opened.close());
    const article = all.at(-1);
    if (!article) throw new Error('no published articles');
    const distinct = spread(all, Math.min(all.length, 20_000));
    const pathsFile = join(work, 'paths.txt');
    writeFileSync(pathsFile, distinct.map((a) => a.path).join('\n'));

    const env = { XINWEN_PUBLIC_URL: 'https://news.example.org' };
    const first: Instance = await startInstance({ databaseUrl, dataDir, env });
    cleanup.push(first.stop);
    const second: Instance = await startInstance({ databaseUrl, dataDir, env });
    cleanup.push(second.stop);
    const uncached: Instance = await startInstance({ databaseUrl, dataDir, env: { ...env, XINWEN_PAGE_CACHE_MB: '0' } });
    cleanup.push(uncached.stop);

    const results: Record<string, TargetResult> = {};
    const memory: Record<string, { rssMb: number; peakRssMb: number }> = { afterStart: memoryOf(first.pid) };
    const run = async (key: string, label: string, url: string, wrk: Target['wrk'] = {}) => {
      process.stderr.write(`${label}…\n`);
      // A wrk script names the paths; the check asks for the first of them.
      const checkUrl = wrk.script ? `${url.replace(/\/$/, '')}${distinct[0]?.path ?? ''}` : url;
      results[key] = await measureTarget({ key, label, url, checkUrl, wrk }, { seconds, warmUpSeconds });
    };
    await run('articleCached', 'article page (cache on), one article', `${first.url}${article.path}`);
    memory.afterWarmUp = memoryOf(first.pid);
    await run('articlesDistinct', `article pages (cache on), ${distinct.length} distinct`, `${first.url}/`, { script: 'paths.lua', scriptArgs: [pathsFile] });
    memory.afterDistinct = memoryOf(first.pid);
    // As browsers ask (wrk sends no Accept-Encoding): each miss also starts its brotli copy. From
    // the middle of the list, so the pages the run above left in the cache are not asked again.
    await run('articlesDistinctBrotli', `article pages (cache on), ${distinct.length} distinct, Accept-Encoding br`, `${first.url}/`, {
      script: 'paths.lua',
      scriptArgs: [pathsFile, String(Math.floor(distinct.length / 2))],
      headers: ['Accept-Encoding: gzip, deflate, br'],
    });
    await run('articleUncached', 'article page (cache off), one article', `${uncached.url}${article.path}`);
    await run('articlesDistinctUncached', `article pages (cache off), ${distinct.length} distinct`, `${uncached.url}/`, { script: 'paths.lua', scriptArgs: [pathsFile] });
    memory.uncached = memoryOf(uncached.pid);
    await uncached.stop();

    // Two instances behind the production nginx configuration.
    const nginxPort = await freePort();
    const nginx = await startNginx({
      prefix: join(work, 'nginx'),
      port: nginxPort,
      http: localProductionConfig({ upstreamPorts: [first.port, second.port], port: nginxPort, cacheDir: join(work, 'nginx-cache') }),
    });
    cleanup.push(nginx.stop);
    await run('nginxArticle', 'nginx → 2 instances, one article', `${nginx.url}${article.path}`);
    const cpuBefore = [cpuSecondsOf(first.pid), cpuSecondsOf(second.pid)];
    await run('nginxDistinct', `nginx → 2 instances, ${distinct.length} distinct`, `${nginx.url}/`, { script: 'paths.lua', scriptArgs: [pathsFile] });
    const cpuShare = [cpuSecondsOf(first.pid) - (cpuBefore[0] ?? 0), cpuSecondsOf(second.pid) - (cpuBefore[1] ?? 0)].map((s) => Math.round(s * 100) / 100);
    memory.secondInstance = memoryOf(second.pid);
    for (const stop of cleanup.splice(0).reverse()) await stop();

    process.stderr.write('article render through app.inject…\n');
    const render = await measureArticleRender(databaseUrl, spread(all, 1000).map((a) => a.path), { rounds: 1 });

    const peak = Math.max(...Object.values(memory).map((m) => m.peakRssMb));
    const met = { renderP50Ms: render.cold.p50 <= 3, uncachedRps: (results.articleUncached?.requestsPerSecond ?? 0) >= 860, rssMb: peak <= 300 };
    console.log(`\nXinwen bench --scale, ${new Date().toISOString()}, ${options.dialect}, ${all.length} published articles (corpus written in ${corpusSeconds.toFixed(0)} s)`);
    console.log(`${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.wrk}, nginx ${machine.nginx}, load ${machine.loadAverage.join(' ')}`);
    console.log(`wrk -t1 -c50 -d${seconds}s --latency after a ${warmUpSeconds} s warm-up\n`);
    console.log(table(['target', 'req/s', 'p50 ms', 'p99 ms'], Object.values(results).map((r) => [r.label, fixed(r.requestsPerSecond, 0), fixed(r.p50Ms, 2), fixed(r.p99Ms, 2)])));
    console.log(`\nCPU seconds of the two instances behind nginx during the distinct run: ${cpuShare.join(' and ')}`);
    console.log(`\nRSS (MB, now / peak): ${Object.entries(memory).map(([k, m]) => `${k} ${fixed(m.rssMb)}/${fixed(m.peakRssMb)}`).join(', ')}`);
    console.log(`article render, cache off, app.inject, ${render.cold.n + 1} distinct articles: each one's first p50 ${fixed(render.cold.p50, 2)} ms, p95 ${fixed(render.cold.p95, 2)} ms, CPU ${fixed(render.cpuMsPerCold, 2)} ms per render`);
    console.log('\ntargets:');
    console.log(`  uncached render p50 ≤ 3 ms at ${all.length} articles: ${fixed(render.cold.p50, 2)} ms — ${met.renderP50Ms ? 'met' : 'NOT met'}`);
    console.log(`  uncached article ≥ 860 req/s: ${fixed(results.articleUncached?.requestsPerSecond, 0)} — ${met.uncachedRps ? 'met' : 'NOT met'}`);
    console.log(`  RSS ≤ 300 MB: peak ${fixed(peak)} MB — ${met.rssMb ? 'met' : 'NOT met'}`);
    if (options.json) {
      const file = join(options.resultsFile, '..', 'scale.json');
      const report = { date: new Date().toISOString(), kind: 'scale', dialect: options.dialect, articles: all.length, corpusSeconds, machine, wrk: { threads: 1, connections: 50, seconds, warmUpSeconds }, ...results, cpuShare, rss: memory, render, met };
      writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`\nwrote ${file}`);
    }
    return true;
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}
