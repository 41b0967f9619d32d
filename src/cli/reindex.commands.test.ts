import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { relatedArticleIds } from '../related/related.service.js';
import { searchArticles, searchIndexSize } from '../search/search.service.js';
import { progressBar } from './progress.js';
import { XINWEN_BIN } from '../testing/processes.js';


function xinwen(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [XINWEN_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('reindex progress bar', () => {
  it('redraws one line on a terminal and ends it when done', () => {
    let written = '';
    let clock = 0;
    const report = progressBar('搜索索引', { isTTY: true, write: (s: string) => (written += s) }, () => clock);
    report(0, 2000);
    clock = 2000;
    report(1000, 2000);
    clock = 4000;
    report(2000, 2000);
    assert.equal(written, '\r\x1b[2K搜索索引  0/2,000  0%  0/s\r\x1b[2K搜索索引  1,000/2,000  50%  500/s\r\x1b[2K搜索索引  2,000/2,000  100%  500/s\n');
  });

  it('prints a line per 10% elsewhere', () => {
    const lines: string[] = [];
    const report = progressBar('搜索索引', { isTTY: false, write: (s: string) => lines.push(s) }, () => 0);
    for (let done = 0; done <= 1000; done += 50) report(done, 1000);
    assert.equal(lines.length, 11);
    assert.match(lines[5] ?? '', /^搜索索引 {2}500\/1,000 {2}50%/);
    assert.ok(lines.every((l) => l.endsWith('\n') && !l.includes('\r')));
  });
});

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen reindex (${dialect})`, () => {
    let t: TestDatabase;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      // No publish pipeline in this process: the articles reach the index only through the command.
      for (let i = 1; i <= 25; i++) {
        await createArticle(t.db, { sourceKey: `reindex-${i}`, title: `沙漠公路第${i}段通车`, publishedAt: new Date(Date.UTC(2025, 1, i)).toISOString() });
      }
      await createArticle(t.db, { sourceKey: 'reindex-draft', title: '沙漠公路草稿', status: 'draft', publishedAt: null });
    });

    after(async () => {
      await t.drop();
    });

    it('rebuilds the index from scratch with progress on stderr', async () => {
      assert.equal(await searchIndexSize(t.db), 0);
      const first = xinwen(['reindex'], { DATABASE_URL: t.url });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /search index rebuilt: 25 articles/);
      assert.match(first.stderr, /搜索索引 {2}25\/25 {2}100%/);
      assert.match(first.stdout, /related news rebuilt: 25 articles/);
      assert.match(first.stderr, /相关新闻 {2}75\/75 {2}100%/);
      // The 25 road stories are each other's neighbours.
      assert.equal((await relatedArticleIds(t.db, 1)).length, 8);
      assert.equal(await searchIndexSize(t.db), 25);
      assert.equal((await searchArticles(t.db, { q: '沙漠公路' })).total, 25);

      // A document of an article that is no longer published goes at the next rebuild.
      await createArticle(t.db, { sourceKey: 'reindex-3', title: '沙漠公路第3段通车', status: 'draft', publishedAt: null });
      const second = xinwen(['reindex'], { DATABASE_URL: t.url });
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /24 articles.*1 no longer published removed/);
      assert.equal((await searchArticles(t.db, { q: '沙漠公路' })).total, 24);
    });
  });
}
