/**
 * `npm run bench`: the reader site under load, against the limit of this machine.
 *
 * Starts real `xinwen serve` processes on a fresh database with the demo newsroom: one as in
 * production (page cache on) and one with the page cache off (XINWEN_PAGE_CACHE_MB=0, every
 * request renders). Fetches an article page once and has a temporary nginx (Debian's, one
 * worker, sendfile) serve the same bytes as a static file: that is the ceiling. Then runs wrk
 * (one thread, 50 connections: a second wrk thread would take the core the server needs) at
 * each target after a warm-up, and prints req/s, p50, p99 and the ratio to nginx, the servers'
 * RSS, and the article render time through app.inject without the network.
 *
 * Options: --quick (3 s a target, under a minute), --seconds N (default 10), --json (also
 * writes bench/results/latest.json), --dialect postgres (TEST_POSTGRES_URL), --scale (the
 * 100,000-article runs of bench/scale.ts instead; --articles N). Exits 1 if a target fails.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, memoryOf, startInstance, type Instance } from '../src/deploy/instances.js';
import { startNginx, type NginxProcess } from '../src/deploy/nginx.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/databases.js';
import { openDatabase } from '../src/platform/db/database.js';
import { describeMachine, table } from './machine.js';
import { fixed, measureTarget, type Target, type TargetResult } from './measure.js';
import { articlePaths, measureArticleRender } from './render.js';
import { runScale } from './scale.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    scale: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    articles: { type: 'string', default: '100000' },
    dialect: { type: 'string', default: 'sqlite' },
  },
});
if (args.dialect !== 'sqlite' && args.dialect !== 'postgres') throw new Error('--dialect is sqlite or postgres');
const dialect = args.dialect;
const seconds = args.seconds ? Number(args.seconds) : args.quick ? 3 : 10;
const warmUpSeconds = args.quick ? 1 : 2;
if (!Number.isInteger(seconds) || seconds < 1) throw new Error('--seconds must be a whole number of seconds');

/** Where --json writes; the committed copy is a reference run from the project's machine. */
export const RESULTS_FILE = fileURLToPath(new URL('./results/latest.json', import.meta.url));
/** Same public URL on every server, so their pages are byte for byte the same. */
const PUBLIC_URL = 'https://news.example.org';

const TARGETS = { cachedArticleRatio: 0.5, uncachedRps: 860, renderP50Ms: 3, rssMb: 300 };

async function standardRun(): Promise<boolean> {
  const machine = describeMachine();
  const work = mkdtempSync(join(tmpdir(), 'xinwen-bench-'));
  const cleanup: (() => Promise<void>)[] = [];
  let database: TestDatabase | null = null;
  try {
    database = await createTestDatabase(dialect);
    const databaseUrl = database.url;
    const env = { XINWEN_PUBLIC_URL: PUBLIC_URL };
    const uncached: Instance = await startInstance({
      databaseUrl,
      dataDir: join(work, 'data'),
      env: { ...env, XINWEN_PAGE_CACHE_MB: '0' },
      args: ['--seed-demo-if-empty'],
    });
    cleanup.push(uncached.stop);
    const cached: Instance = await startInstance({ databaseUrl, dataDir: join(work, 'data'), env });
    cleanup.push(cached.stop);

    const opened = await openDatabase(databaseUrl);
    const articles = await articlePaths(opened.db).finally(() => opened.close());
    const article = articles[0];
    if (!article) throw new Error('the demo newsroom has no published articles');

    // The article page's bytes, served by nginx as a file with the same Content-Type.
    const page = await fetch(`${cached.url}${article.path}`);
    if (page.status !== 200) throw new Error(`${article.path} answered ${page.status}`);
    const html = Buffer.from(await page.arrayBuffer());
    mkdirSync(join(work, 'nginx', 'html'), { recursive: true });
    writeFileSync(join(work, 'nginx', 'html', 'article.html'), html);
    const nginxPort = await freePort();
    const nginx: NginxProcess = await startNginx({
      prefix: join(work, 'nginx'),
      port: nginxPort,
      http: `  server {
    listen 127.0.0.1:${nginxPort};
    location = /article.html { root ${join(work, 'nginx', 'html')}; types { } default_type text/html; charset utf-8; }
  }`,
    });
    cleanup.push(nginx.stop);

    await seedComments(cached.url, article.id);
    const ids = articles.map((a) => String(a.id));
    const targets: { target: Target; server: 'nginx' | 'cached' | 'uncached' }[] = [
      { server: 'nginx', target: { key: 'nginxStatic', label: 'nginx: the article as a static file', url: `${nginx.url}/article.html` } },
      { server: 'cached', target: { key: 'articleCached', label: 'article page (cache on)', url: `${cached.url}${article.path}` } },
      { server: 'uncached', target: { key: 'articleUncached', label: 'article page (cache off)', url: `${uncached.url}${article.path}` } },
      { server: 'cached', target: { key: 'home', label: 'home', url: `${cached.url}/zh-hans/` } },
      { server: 'cached', target: { key: 'section', label: 'section (中国)', url: `${cached.url}/zh-hans/section/china` } },
      { server: 'cached', target: { key: 'search', label: 'search (经济)', url: `${cached.url}/zh-hans/search?q=${encodeURIComponent('经济')}` } },
      {
        server: 'cached',
        target: {
          key: 'viewBeacon',
          label: 'view beacon (POST)',
          url: `${cached.url}/api/views/${article.id}`,
          check: { method: 'POST', headers: { 'user-agent': 'Mozilla/5.0 bench', 'x-forwarded-for': '192.0.2.1' } },
          wrk: { script: 'view-beacon.lua', scriptArgs: [String(Date.now() % 1_000_000), ...ids] },
        },
      },
      { server: 'cached', target: { key: 'comments', label: 'reading comments', url: `${cached.url}/api/articles/${article.id}/comments?sort=newest` } },
    ];

    const results: Record<string, TargetResult> = {};
    // The serving process's RSS after each target: which load makes it grow.
    const rssAfter: Record<string, number> = {};
    const pids = { nginx: nginx.pid, cached: cached.pid, uncached: uncached.pid };
    for (const { target, server } of targets) {
      process.stderr.write(`${target.label}…\n`);
      results[target.key] = await measureTarget(target, { seconds, warmUpSeconds });
      rssAfter[target.key] = Math.round(memoryOf(pids[server]).rssMb);
    }
    const memory = { cached: memoryOf(cached.pid), uncached: memoryOf(uncached.pid) };
    const nginxRps = results.nginxStatic?.requestsPerSecond ?? 0;
    for (const result of Object.values(results)) result.ratioToNginx = nginxRps > 0 ? Math.round((result.requestsPerSecond / nginxRps) * 1000) / 1000 : 0;

    // Stop the servers before timing renders in this process, so nothing else takes the CPU.
    for (const stop of cleanup.splice(0).reverse()) await stop();
    process.stderr.write('article render through app.inject…\n');
    const render = await measureArticleRender(databaseUrl, articles.map((a) => a.path), { rounds: args.quick ? 5 : 20 });

    const articleCached = results.articleCached;
    const articleUncached = results.articleUncached;
    const met = {
      cachedArticleRatio: (articleCached?.ratioToNginx ?? 0) >= TARGETS.cachedArticleRatio,
      uncachedRps: (articleUncached?.requestsPerSecond ?? 0) >= TARGETS.uncachedRps,
      renderP50Ms: render.warm.p50 <= TARGETS.renderP50Ms,
      rssMb: Math.max(memory.cached.peakRssMb, memory.uncached.peakRssMb) <= TARGETS.rssMb,
    };

    console.log(`\nXinwen bench, ${new Date().toISOString()}, ${dialect}, demo newsroom (${articles.length} articles, page ${html.length} bytes)`);
    console.log(`${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.wrk}, nginx ${machine.nginx}, load ${machine.loadAverage.join(' ')}`);
    console.log(`wrk -t1 -c50 -d${seconds}s --latency after a ${warmUpSeconds} s warm-up\n`);
    console.log(
      table(
        ['target', 'req/s', 'p50 ms', 'p99 ms', '× nginx', 'RSS MB after'],
        Object.entries(results).map(([key, r]) => [r.label, fixed(r.requestsPerSecond, 0), fixed(r.p50Ms, 2), fixed(r.p99Ms, 2), fixed(r.ratioToNginx, 3), String(rssAfter[key] ?? '')]),
      ),
    );
    console.log(`\nRSS: cache on ${fixed(memory.cached.rssMb)} MB (peak ${fixed(memory.cached.peakRssMb)}), cache off ${fixed(memory.uncached.rssMb)} MB (peak ${fixed(memory.uncached.peakRssMb)})`);
    console.log(
      `article render, cache off, app.inject: first ${fixed(render.first, 2)} ms; each article's first p50 ${fixed(render.cold.p50, 2)} ms; ` +
        `again (n=${render.warm.n}) p50 ${fixed(render.warm.p50, 2)} ms, p95 ${fixed(render.warm.p95, 2)} ms; CPU per render ${fixed(render.cpuMsPerCold, 2)} ms first, ${fixed(render.cpuMsPerWarm, 2)} ms again`,
    );
    console.log('\ntargets:');
    console.log(`  cached article ≥ ${TARGETS.cachedArticleRatio}× nginx: ${fixed(articleCached?.ratioToNginx, 3)}× — ${met.cachedArticleRatio ? 'met' : 'NOT met'}`);
    console.log(`  uncached article ≥ ${TARGETS.uncachedRps} req/s: ${fixed(articleUncached?.requestsPerSecond, 0)} — ${met.uncachedRps ? 'met' : 'NOT met'}`);
    console.log(`  uncached render p50 ≤ ${TARGETS.renderP50Ms} ms: ${fixed(render.warm.p50, 2)} ms — ${met.renderP50Ms ? 'met' : 'NOT met'}`);
    console.log(`  RSS ≤ ${TARGETS.rssMb} MB (demo newsroom; 100,000 articles: --scale): ${met.rssMb ? 'met' : 'NOT met'}`);

    if (args.json) {
      mkdirSync(join(RESULTS_FILE, '..'), { recursive: true });
      const report = { date: new Date().toISOString(), kind: 'standard', dialect, machine, wrk: { threads: 1, connections: 50, seconds, warmUpSeconds }, page: { path: article.path, bytes: html.length }, ...results, rss: memory, rssAfter, render, targets: TARGETS, met };
      writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`\nwrote ${RESULTS_FILE}`);
    }
    return true;
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

/** A few guest comments on the article, so reading them returns threads (some may wait for moderation). */
async function seedComments(baseUrl: string, articleId: number): Promise<void> {
  for (let i = 1; i <= 12; i++) {
    const response = await fetch(`${baseUrl}/api/articles/${articleId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}`, 'user-agent': 'Mozilla/5.0 bench' },
      body: JSON.stringify({ body: `第${i}位读者：这篇报道写得很清楚，希望继续跟进后续进展。`, guestName: `读者${i}` }),
    });
    await response.arrayBuffer();
  }
}

try {
  const ok = args.scale ? await runScale({ dialect, articles: Number(args.articles), seconds, warmUpSeconds, json: args.json, resultsFile: RESULTS_FILE }) : await standardRun();
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
