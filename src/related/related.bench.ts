/**
 * Related-news benchmark: writes a generated corpus (src/bench), rebuilds every list with
 * `rebuildRelated`, then times what a publish costs the `related` subscriber at that size.
 *
 *   node --import tsx src/related/related.bench.ts [articles=100000] [sqlite|postgres] [publishes=30]
 *
 * PostgreSQL uses TEST_POSTGRES_URL like the tests; the database is created and dropped.
 */
import { performance } from 'node:perf_hooks';
import { saveArticle } from '../articles/article.service.js';
import { generateBenchCorpus } from '../bench/corpus.service.js';
import { createTestDatabase } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { METRO, TYPHOON } from './fixtures/related-articles.js';
import { rebuildRelated, recomputeList, refreshRelated, relatedArticleIds } from './related.service.js';
import { fixtureInput } from './related.testing.js';

const articles = Number(process.argv[2] ?? 100_000);
const dialect = process.argv[3] === 'postgres' ? 'postgres' : 'sqlite';
const publishes = Number(process.argv[4] ?? 30);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const database = await createTestDatabase(dialect);
const { db } = database;
try {
  await setUpNewsroom(db);
  let t = performance.now();
  await generateBenchCorpus(db, { articles, seed: 5, end: new Date('2026-11-01T00:00:00Z') });
  console.log(`${dialect}: corpus of ${articles} articles written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  let lastPass = -1;
  await rebuildRelated(db, {
    onProgress: (done, total) => {
      const pass = Math.floor((done * 3) / total - 1e-9);
      if (pass !== lastPass) console.log(`  pass ${pass + 1} of 3 from ${((performance.now() - t) / 1000).toFixed(1)} s`);
      lastPass = pass;
    },
  });
  console.log(`rebuildRelated: ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const stats = await Promise.all(
    (['related_terms', 'related_docs', 'related_df', 'article_related_auto'] as const).map(async (table) => {
      const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return `${table} ${Number(row.n)}`;
    }),
  );
  console.log(`rows: ${stats.join(', ')}`);

  // Publishes at this size: fixture stories (and copies with other keys), not generated ones.
  const sources = [...METRO, ...TYPHOON];
  const times: number[] = [];
  for (let i = 0; i < publishes; i++) {
    const f = sources[i % sources.length];
    if (!f) break;
    const { id } = await saveArticle(db, fixtureInput(f, { sourceKey: `bench-${i}`, publishedAt: '2026-10-30T02:00:00.000Z' }));
    t = performance.now();
    await refreshRelated(db, id);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `refreshRelated on publish (n=${times.length}): p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${(times.at(-1) ?? 0).toFixed(0)} ms`,
  );
  // One list on its own (a publish recomputes the article's, its 5 closest neighbours' and up to 20 holders').
  const some = await db.selectFrom('related_docs').select('article_id').orderBy('article_id').limit(200).execute();
  const listTimes: number[] = [];
  for (const [i, { article_id }] of some.entries()) {
    if (i % 4 !== 0) continue;
    t = performance.now();
    await recomputeList(db, article_id);
    listTimes.push(performance.now() - t);
  }
  listTimes.sort((a, b) => a - b);
  console.log(`recomputeList (one list, n=${listTimes.length}): p50 ${percentile(listTimes, 50).toFixed(1)} ms, p95 ${percentile(listTimes, 95).toFixed(1)} ms`);
  const sample = await db.selectFrom('articles').select('id').where('source_key', '=', 'bench-0').executeTakeFirstOrThrow();
  t = performance.now();
  const reads = 200;
  for (let i = 0; i < reads; i++) await relatedArticleIds(db, sample.id);
  console.log(`relatedArticleIds (page read): ${((performance.now() - t) / reads).toFixed(2)} ms each`);
} finally {
  await database.drop();
}
