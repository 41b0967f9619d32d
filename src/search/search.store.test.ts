import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { publishBus } from '../articles/publish-events.js';
import { attachPublishPipeline } from '../publish-pipeline.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { defaultSegmenter } from '../zh/segment.js';
import { fts5Match, parseQuery, rankingTsqueryLiteral, tsqueryLiteral, tsqueryTokensLiteral } from './search-query.js';
import { newestMatches, type MatchExpressions, type MatchFilter } from './search.store.js';

const quietLog = { warn: () => undefined, error: () => undefined };

function expressions(q: string): MatchExpressions {
  const parsed = parseQuery(q, defaultSegmenter());
  return { fts: fts5Match(parsed), tsquery: tsqueryLiteral(parsed), tsqueryTokens: tsqueryTokensLiteral(parsed), tsqueryRank: rankingTsqueryLiteral(parsed) };
}

/*
 * Thirty articles a day apart, all about the same harbour: the ten oldest have the phrase 渔港码头,
 * the twenty newer ones both words apart. So the newest candidates of the phrase's words are not
 * phrase matches, and finding the newest phrase matches takes more than one round of candidates.
 */
for (const dialect of TEST_DIALECTS) {
  describe(`search index: newest matches (${dialect})`, () => {
    let t: TestDatabase;
    let detach: () => void;
    const ids: number[] = [];
    let sectionId = 0;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      detach = attachPublishPipeline(t.db, quietLog);
      for (let i = 0; i < 30; i++) {
        const text = i < 10 ? `东岸渔港码头第${i + 1}期扩建今天完工。` : `东岸渔港新建了第${i + 1}座冷库，旁边的码头也在维修。`;
        ids.push(
          await createArticle(t.db, {
            sourceKey: `store-harbour-${i}`,
            title: '东岸港区消息',
            summary: null,
            body: [{ type: 'paragraph', text }],
            publishedAt: new Date(Date.UTC(2025, 0, 1 + i, 2)).toISOString(),
          }),
        );
      }
      await publishBus(t.db).idle();
      const row = await t.db.selectFrom('articles').select('section_id').where('id', '=', ids[0] ?? 0).executeTakeFirstOrThrow();
      sectionId = row.section_id;
      // Column statistics, so PostgreSQL's planner knows these words are in every article.
      if (dialect === 'postgres') await sql`analyze search_documents`.execute(t.db);
    });

    after(async () => {
      detach();
      await t.drop();
    });

    const newestIds = (from: number, count: number) => ids.slice(from - count + 1, from + 1).reverse();
    const find = (q: string, limit: number, filter: MatchFilter = {}) => newestMatches(t.db, expressions(q), filter, limit);

    it('finds the newest phrase matches behind newer candidates that only have the words', async () => {
      for (const filter of [{}, { sectionId }]) {
        const found = await find('"渔港码头"', 4, filter);
        assert.deepEqual(found.newest.map((c) => c.articleId), newestIds(9, 4), JSON.stringify(filter));
        assert.ok(found.newest.every((c) => c.relevance > 0));
        if (dialect === 'sqlite') assert.deepEqual([found.total, found.totalIsEstimate], [10, false]);
        // PostgreSQL checks the phrase on the newest candidates only; the rest are estimated.
        else assert.ok(found.totalIsEstimate && found.total >= 4 && found.total <= 30, JSON.stringify(found.total));
      }
      assert.deepEqual((await find('"码头渔港"', 4)).newest, [], 'order matters');
      assert.deepEqual((await find('"码头渔港"', 4, { sectionId })).total, 0);
    });

    it('counts phrase matches exactly when every candidate was checked', async () => {
      const found = await find('"渔港码头"', 20, { sectionId });
      assert.deepEqual(found.newest.map((c) => c.articleId), newestIds(9, 10));
      assert.deepEqual([found.total, found.totalIsEstimate], [10, false]);
    });

    it('counts a filtered word exactly and estimates an unfiltered word in most articles (PostgreSQL walks the newest)', async () => {
      const filtered = await find('渔港', 4, { sectionId });
      assert.deepEqual(filtered.newest.map((c) => c.articleId), newestIds(29, 4));
      assert.deepEqual([filtered.total, filtered.totalIsEstimate], [30, false]);
      const everywhere = await find('渔港', 4);
      assert.deepEqual(everywhere.newest.map((c) => c.articleId), newestIds(29, 4));
      assert.equal(everywhere.total, 30);
      assert.equal(everywhere.totalIsEstimate, dialect === 'postgres');
      assert.deepEqual(
        everywhere.newest.map((c) => c.relevance),
        filtered.newest.map((c) => c.relevance),
        'the same relevance whichever way the matches were found',
      );
    });
  });
}
