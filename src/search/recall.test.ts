import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveArticle } from '../articles/article.service.js';
import { saveSection } from '../articles/outlet.service.js';
import { publishBus } from '../articles/publish-events.js';
import { generateBenchCorpus } from '../bench/corpus.service.js';
import { attachPublishPipeline } from '../publish-pipeline.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { RECALL_ARTICLES, RECALL_PAIRS, RECALL_SECTIONS, recallArticleInput } from './recall.fixtures.js';
import { rebuildSearchIndex, searchArticles } from './search.service.js';

const quietLog = { warn: () => undefined, error: () => undefined };

/** Benchmark-corpus articles around the recall set, so that "top 10" is a real contest. */
const BACKGROUND_ARTICLES = 400;
/** A fixed clock: the recency boost and the corpus dates do not move with the day the test runs. */
const NOW = new Date('2026-11-26T04:00:00Z');

for (const dialect of TEST_DIALECTS) {
  describe(`search recall (${dialect})`, () => {
    let t: TestDatabase;
    let detach: () => void;
    const ids = new Map<string, number>();

    before(async () => {
      t = await createTestDatabase(dialect);
      for (const section of RECALL_SECTIONS) await saveSection(t.db, section);
      // The background goes in unannounced (as `xinwen bench corpus` writes it), then a rebuild
      // indexes it; the recall articles are then saved one by one and indexed by the pipeline.
      await generateBenchCorpus(t.db, { articles: BACKGROUND_ARTICLES, seed: 11, end: NOW });
      await rebuildSearchIndex(t.db);
      detach = attachPublishPipeline(t.db, quietLog);
      for (const article of RECALL_ARTICLES) ids.set(article.key, (await saveArticle(t.db, recallArticleInput(article), NOW)).id);
      await publishBus(t.db).idle();
    });

    after(async () => {
      detach();
      await t.drop();
    });

    it('has at least 50 pairs, each naming a recall article, in every kind', () => {
      assert.ok(RECALL_PAIRS.length >= 50, `${RECALL_PAIRS.length} pairs`);
      for (const pair of RECALL_PAIRS) assert.ok(ids.has(pair.expect), `${pair.q} expects unknown article ${pair.expect}`);
      const kinds = new Set(RECALL_PAIRS.map((p) => p.kind));
      for (const kind of ['word', 'name', 'cross-script', 'mixed', 'phrase'] as const) assert.ok(kinds.has(kind), kind);
      assert.ok(RECALL_ARTICLES.filter((a) => a.script === 'zh-Hant').length >= 5);
    });

    it('finds every expected article in the top 10', async (ctx) => {
      const failures: string[] = [];
      let atOne = 0;
      let atTen = 0;
      let contested = 0;
      const notFirst: string[] = [];
      for (const pair of RECALL_PAIRS) {
        const found = await searchArticles(t.db, { q: pair.q, pageSize: 10, ...(pair.section !== undefined && { section: pair.section }) }, NOW);
        const rank = found.results.findIndex((r) => r.id === ids.get(pair.expect));
        if (found.total > 10) contested++;
        if (rank === 0) atOne++;
        else if (rank > 0) notFirst.push(`${pair.q}→${rank + 1}`);
        if (rank >= 0) atTen++;
        else {
          const top = found.results.map((r, i) => `    ${i + 1}. ${r.title}`).join('\n');
          failures.push(`「${pair.q}」(${pair.kind}) should find ${pair.expect}; ${found.total} matches, top 10:\n${top || '    (none)'}`);
        }
      }
      const n = RECALL_PAIRS.length;
      ctx.diagnostic(`recall@1 ${((atOne / n) * 100).toFixed(1)}% (${atOne}/${n}), recall@10 ${((atTen / n) * 100).toFixed(1)}% (${atTen}/${n})`);
      if (notFirst.length > 0) ctx.diagnostic(`not first (query→rank): ${notFirst.join(' ')}`);
      ctx.diagnostic(`${contested} of ${n} queries matched more than 10 articles (${BACKGROUND_ARTICLES} background articles)`);
      assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
    });

    it('puts an article first for its own headline', async () => {
      for (const article of RECALL_ARTICLES) {
        const found = await searchArticles(t.db, { q: article.title }, NOW);
        assert.equal(found.results[0]?.id, ids.get(article.key), `${article.title}: ${found.results.map((r) => r.title).join(' | ')}`);
      }
    });
  });
}
