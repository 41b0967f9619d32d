import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../platform/errors.js';
import { searchIndexSize } from '../search/search.service.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { generateBenchCorpus } from './corpus.service.js';
import { XINWEN_BIN } from '../testing/processes.js';


function xinwen(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [XINWEN_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen bench corpus (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(async () => {
      await t.drop();
    });

    const articleCount = async () =>
      Number((await t.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow()).n);

    it('refuses an article count outside 1..1,000,000 in Chinese and English, writing nothing', async () => {
      for (const bad of ['0', 'abc']) {
        const run = xinwen(['bench', 'corpus', '--articles', bad], { DATABASE_URL: t.url });
        assert.equal(run.code, 2, `${bad}: ${run.stderr}`);
        assert.match(run.stderr, /文章数须为 1 到 1,000,000 之间的整数/);
        assert.match(run.stderr, /--articles must be a whole number from 1 to 1,000,000/);
      }
      for (const articles of [1_000_001, 2.5, Number.NaN]) {
        await assert.rejects(generateBenchCorpus(t.db, { articles }), (e: unknown) => e instanceof ValidationError && /1,000,000/.test(e.message));
      }
      await assert.rejects(generateBenchCorpus(t.db, { articles: 5, seed: -1 }), (e: unknown) => e instanceof ValidationError && /--seed/.test(e.message));
      assert.equal(await articleCount(), 0);
    });

    it('writes N published articles with desks, reporters and tags, unindexed, and says how to index', async () => {
      const run = xinwen(['bench', 'corpus', '--articles', '120', '--seed', '9'], { DATABASE_URL: t.url });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Wrote 120 articles/);
      assert.match(run.stdout, /xinwen reindex/);
      assert.match(run.stderr, /120\/120 \(100%\)/);
      assert.equal(await articleCount(), 120);
      const sections = await t.db.selectFrom('sections').select('slug').execute();
      assert.equal(sections.length, 7);
      const reporters = await t.db.selectFrom('article_reporters').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(reporters.n) > 60);
      const tagged = await t.db.selectFrom('article_tags').select('article_id').distinct().execute();
      assert.equal(tagged.length, 120);
      assert.equal(await searchIndexSize(t.db), 0, 'the corpus is not indexed: the benchmark times that');
    });

    it('writes a seed once per database, and another seed beside it', async () => {
      const again = xinwen(['bench', 'corpus', '--articles', '3', '--seed', '9'], { DATABASE_URL: t.url });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /已存在/);
      assert.equal(await articleCount(), 120);
      const other = xinwen(['bench', 'corpus', '--articles', '3', '--seed', '10'], { DATABASE_URL: t.url });
      assert.equal(other.code, 0, other.stderr);
      assert.equal(await articleCount(), 123);
    });
  });
}
