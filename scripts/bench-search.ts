/**
 * Search at scale: `npm run bench:search [-- --articles 100000 --dialects sqlite,postgres --queries 400 --seed 1]`.
 *
 * For each dialect: a fresh database (SQLite: a temporary file; PostgreSQL: the database
 * `xinwen_bench_search_<pid>` at TEST_POSTGRES_URL's server, dropped afterwards), the benchmark
 * corpus written as `xinwen bench corpus` writes it (timed), the index rebuilt as
 * `xinwen reindex` does (timed; target ≤ 2 minutes), ANALYZE, then a fixed mix of queries
 * through `searchArticles` — 2-character words, names, places, quoted phrases, mixed Chinese
 * and Latin, two-word queries, Traditional queries, section / date / reporter filters and deep
 * pages — one at a time after a warm-up; it prints p50 / p95 / p99 / max (target p95 ≤ 30 ms)
 * per dialect and per kind of query, the slowest queries, and the index's size on disk.
 * Figures, not assertions.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createRng, inventName, type Rng } from '../src/bench/corpus.js';
import { CHINA_PLACES, REPORTERS, SECTIONS, WORLD_PLACES } from '../src/bench/corpus-words.js';
import { generateBenchCorpus } from '../src/bench/corpus.service.js';
import { openDatabase, type OpenDatabase } from '../src/platform/db/database.js';
import type { DialectName } from '../src/platform/db/dialect.js';
import { rebuildSearchIndex, searchArticles, type SearchQuery } from '../src/search/search.service.js';
import { toTraditional } from '../src/zh/script.js';

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '100000' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    queries: { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
    // PostgreSQL only: keep the database (xinwen_bench_search_kept) between runs and reuse its
    // corpus and index, to measure query changes without rebuilding 100,000 articles each time.
    keep: { type: 'boolean', default: false },
  },
});
const ARTICLES = Number(args.articles);
const QUERIES = Number(args.queries);
const SEED = Number(args.seed);
const DIALECTS = args.dialects.split(',').map((d) => d.trim()).filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');
const WARM_UP = 30;
const TARGET_P95_MS = 30;
const TARGET_INDEX_S = 120;
const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// Per process: a second run (the machine is shared) must not drop this one's database under it.
const PG_BENCH_DB = args.keep ? 'xinwen_bench_search_kept' : `xinwen_bench_search_${process.pid}`;
const END = new Date();

type Kind = 'word' | 'name' | 'phrase' | 'mixed' | 'two words' | 'traditional' | 'filtered' | 'deep page';

interface BenchQuery {
  kind: Kind;
  query: SearchQuery;
}

// Two-character words: from rare in the corpus (球迷) to in most articles (记者, 数据).
const WORDS = [
  '地铁', '暴雨', '足球', '光伏', '票房', '芯片', '基站', '物价', '外贸', '考古', '文物', '就医', '供暖', '选举', '难民', '围棋',
  '网球', '话剧', '电影', '债券', '汇率', '养老', '法治', '人才', '停车', '记者', '市民', '数据', '试点', '专利', '冠军', '纪录',
  '减排', '谈判', '陶器', '书店', '积分', '战术', '换乘', '公园', '票价', '消费', '投资', '营收', '机器', '卫星', '量子', '网络',
];
const PHRASES = [
  '口袋公园', '关键技术攻关', '城区连续覆盖', '新闻发布会', '补给站', '强降雨', '全国纪录', '国际学术期刊', '减排承诺',
  '高技术制造业', '停车位', '不信谣、不传谣', '政务服务', '历史新高', '医疗点', '发明专利', '陶器、铜器和玉器',
];
const MIXED = ['AI芯片', '5G基站', 'iPhone', 'COP30', 'G20', '5G', 'AI模型', 'G20峰会', 'COP30 减排', 'iPhone 份额', '6G'];
const ORGS = SECTIONS.flatMap((s) => s.orgs);
const TOPICS = SECTIONS.flatMap((s) => s.topics);

function queryMix(total: number, reporterIds: readonly number[], rng: Rng): BenchQuery[] {
  const randomDay = () => new Date(END.getTime() - rng.int(60, 3 * 365) * 86_400_000).toISOString().slice(0, 10);
  const plus = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const any = (): string => {
    switch (rng.int(0, 4)) {
      case 0: return rng.pick(WORDS);
      case 1: return rng.pick(TOPICS);
      case 2: return rng.pick(CHINA_PLACES);
      case 3: return rng.pick(ORGS);
      default: return `"${rng.pick(PHRASES)}"`;
    }
  };
  const makers: [Kind, number, () => SearchQuery][] = [
    ['word', 0.15, () => ({ q: rng.pick(WORDS) })],
    ['name', 0.15, () => ({ q: rng.next() < 0.3 ? rng.pick(REPORTERS) : rng.next() < 0.5 ? inventName(rng) : rng.pick([...CHINA_PLACES, ...WORLD_PLACES, ...ORGS]) })],
    ['phrase', 0.1, () => ({ q: `"${rng.pick(PHRASES)}"` })],
    ['mixed', 0.08, () => ({ q: rng.pick(MIXED) })],
    ['two words', 0.12, () => ({ q: `${rng.pick(CHINA_PLACES)} ${rng.pick(TOPICS)}` })],
    ['traditional', 0.1, () => ({ q: toTraditional(rng.next() < 0.5 ? rng.pick(TOPICS) : `${rng.pick(CHINA_PLACES)} ${rng.pick(WORDS)}`) })],
    [
      'filtered',
      0.2,
      () => {
        const filter = rng.int(0, 2);
        if (filter === 0) return { q: any(), section: rng.pick(SECTIONS).slug };
        if (filter === 1) {
          const from = randomDay();
          return { q: any(), from, to: plus(from, rng.int(7, 120)) };
        }
        return { q: any(), reporter: rng.pick(reporterIds) };
      },
    ],
    ['deep page', 0.1, () => ({ q: rng.pick([...WORDS.slice(-24), ...TOPICS]), page: rng.pick([2, 5, 10, 20, 50]) })],
  ];
  const mix: BenchQuery[] = [];
  for (const [kind, share, make] of makers) for (let i = 0; i < Math.round(total * share); i++) mix.push({ kind, query: make() });
  // Shuffled, so caches warm up the same way for every kind.
  for (let i = mix.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [mix[i], mix[j]] = [mix[j] as BenchQuery, mix[i] as BenchQuery];
  }
  return mix;
}

interface Opened {
  database: OpenDatabase;
  /** Bytes on disk of the search tables and their indexes. */
  indexBytes(): Promise<number>;
  dispose(): Promise<void>;
}

async function openFresh(dialect: DialectName): Promise<Opened> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xinwen-bench-search-'));
    const file = join(dir, 'bench.db');
    const database = await openDatabase(`sqlite:${file}`);
    return {
      database,
      async indexBytes() {
        // dbstat: every page of the FTS5 shadow tables, search_documents and their indexes.
        const { rows } = await sql<{ bytes: number | null }>`select sum(pgsize) as bytes from dbstat
          where name like 'search%' or name like 'sqlite_autoindex_search%'`.execute(database.db);
        return Number(rows[0]?.bytes ?? 0);
      },
      async dispose() {
        await database.close();
        process.stdout.write(`  (SQLite file ${(statSync(file).size / 1e6).toFixed(0)} MB, removed)\n`);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  if (!args.keep) await admin(`drop database if exists ${PG_BENCH_DB} with (force)`);
  await admin(`create database ${PG_BENCH_DB}`).catch((error: unknown) => {
    // --keep: the database from an earlier run is reused.
    if (!args.keep) throw error;
  });
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${PG_BENCH_DB}`;
  const database = await openDatabase(url.toString());
  return {
    database,
    async indexBytes() {
      const { rows } = await sql<{ bytes: string | null }>`select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'r' and n.nspname = current_schema() and c.relname like 'search%'`.execute(database.db);
      return Number(rows[0]?.bytes ?? 0);
    },
    async dispose() {
      await database.close();
      if (!args.keep) await admin(`drop database if exists ${PG_BENCH_DB} with (force)`);
    },
  };
}

/** The 1-minute load average: the machine is shared, so figures need it beside them. */
const loadText = () => loadavg()[0]?.toFixed(1) ?? '?';

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (n: number) => n.toFixed(1).padStart(7);

interface DialectFigures {
  dialect: DialectName;
  corpusS: number;
  indexS: number;
  indexMb: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  queries: number;
}

function progressLine(label: string) {
  let shown = -1;
  return (done: number, total: number) => {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (percent === shown) return;
    shown = percent;
    process.stderr.write(`\r  ${label} ${done}/${total} (${percent}%)${done >= total ? '\n' : ''}`);
  };
}

async function benchDialect(dialect: DialectName): Promise<DialectFigures> {
  process.stdout.write(`\n== ${dialect}: ${ARTICLES.toLocaleString('en')} articles (${cpus().length} cores, load average ${loadText()}) ==\n`);
  const fresh = await openFresh(dialect);
  const { db } = fresh.database;
  try {
    const kept = args.keep && (await db.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    let corpusS = Number.NaN;
    let indexS = Number.NaN;
    if (kept) {
      process.stdout.write(`  reusing the kept database: ${Number(kept)} indexed articles (corpus and index not rebuilt)\n`);
    } else {
      let started = performance.now();
      await generateBenchCorpus(db, { articles: ARTICLES, seed: SEED, end: END, onProgress: progressLine('corpus') });
      corpusS = (performance.now() - started) / 1000;
      process.stdout.write(`  corpus: ${corpusS.toFixed(1)} s (${Math.round(ARTICLES / corpusS)} articles/s)\n`);

      started = performance.now();
      const rebuilt = await rebuildSearchIndex(db, { onProgress: progressLine('index') });
      indexS = (performance.now() - started) / 1000;
      process.stdout.write(
        `  index rebuild: ${indexS.toFixed(1)} s for ${rebuilt.indexed} articles (${Math.round(rebuilt.indexed / indexS)}/s)` +
          `${indexS <= TARGET_INDEX_S ? '' : `  — over the ${TARGET_INDEX_S} s target`}\n`,
      );
    }
    await sql`analyze`.execute(db);
    const indexMb = (await fresh.indexBytes()) / 1e6;
    process.stdout.write(`  index size: ${indexMb.toFixed(1)} MB\n`);

    const reporters = await db.selectFrom('people').select('id').where('display_name', 'in', [...REPORTERS]).execute();
    const mix = queryMix(QUERIES, reporters.map((r) => r.id), createRng(SEED * 7919 + 13));
    for (const { query } of mix.slice(0, WARM_UP)) await searchArticles(db, query, END);

    const timings: { kind: Kind; query: SearchQuery; ms: number; total: number }[] = [];
    for (const { kind, query } of mix) {
      const t0 = performance.now();
      const found = await searchArticles(db, query, END);
      timings.push({ kind, query, ms: performance.now() - t0, total: found.total });
    }
    const all = timings.map((t) => t.ms).sort((a, b) => a - b);
    const figures: DialectFigures = {
      dialect,
      corpusS,
      indexS,
      indexMb,
      p50: percentile(all, 50),
      p95: percentile(all, 95),
      p99: percentile(all, 99),
      max: all.at(-1) ?? Number.NaN,
      queries: all.length,
    };
    process.stdout.write(`  queries: ${all.length} (after ${WARM_UP} warm-up; load average now ${loadText()})\n`);
    const plain = timings.filter((t) => !/["“「『]/.test(t.query.q)).map((t) => t.ms).sort((x, y) => x - y);
    process.stdout.write(`  without quoted phrases: ${plain.length} queries, p50 ${ms(percentile(plain, 50)).trim()} ms, p95 ${ms(percentile(plain, 95)).trim()} ms\n`);
    process.stdout.write(`  ${'kind'.padEnd(12)} ${'n'.padStart(4)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'max ms'.padStart(7)}  median matches\n`);
    for (const kind of [...new Set(timings.map((t) => t.kind))]) {
      const of = timings.filter((t) => t.kind === kind);
      const sorted = of.map((t) => t.ms).sort((a, b) => a - b);
      const matches = of.map((t) => t.total).sort((a, b) => a - b);
      process.stdout.write(
        `  ${kind.padEnd(12)} ${String(of.length).padStart(4)} ${ms(percentile(sorted, 50))} ${ms(percentile(sorted, 95))} ${ms(sorted.at(-1) ?? 0)}  ${percentile(matches, 50)}\n`,
      );
    }
    process.stdout.write('  slowest:\n');
    for (const t of [...timings].sort((a, b) => b.ms - a.ms).slice(0, 8)) {
      process.stdout.write(`   ${ms(t.ms)} ms  ${t.total} matches  ${JSON.stringify(t.query)}\n`);
    }
    return figures;
  } finally {
    await fresh.dispose();
  }
}

if (!Number.isInteger(ARTICLES) || ARTICLES < 1 || !Number.isInteger(QUERIES) || QUERIES < 1 || DIALECTS.length === 0) {
  process.stderr.write('usage: npm run bench:search -- [--articles N] [--queries N] [--dialects sqlite,postgres] [--seed S]\n');
  process.exit(2);
}
/** A build time, or "kept" when the kept database was reused and nothing was built. */
const seconds = (s: number) => (Number.isNaN(s) ? 'kept' : s.toFixed(1));

const results: DialectFigures[] = [];
for (const dialect of DIALECTS) results.push(await benchDialect(dialect));

process.stdout.write(`\nSearch benchmark: ${ARTICLES.toLocaleString('en')} articles, ${QUERIES} queries (targets: index ≤ ${TARGET_INDEX_S} s, p95 ≤ ${TARGET_P95_MS} ms)\n`);
process.stdout.write(`${'dialect'.padEnd(9)} ${'corpus s'.padStart(9)} ${'index s'.padStart(8)} ${'index MB'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)}\n`);
for (const r of results) {
  process.stdout.write(
    `${r.dialect.padEnd(9)} ${seconds(r.corpusS).padStart(9)} ${seconds(r.indexS).padStart(8)} ${r.indexMb.toFixed(1).padStart(9)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.p99)} ${ms(r.max)}` +
      `${r.indexS > TARGET_INDEX_S ? '  index over target' : ''}${r.p95 > TARGET_P95_MS ? '  p95 over target' : ''}\n`,
  );
}
