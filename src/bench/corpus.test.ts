import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateArticleInput } from '../articles/article.schema.js';
import { detectScript } from '../zh/script.js';
import { benchArticle, benchSourceKey, createRng } from './corpus.js';

const END = new Date('2026-11-26T00:00:00Z');
const plan = { seed: 42, total: 300, end: END };

describe('benchmark corpus', () => {
  it('draws the same numbers from the same seed and others from another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const seqA = Array.from({ length: 20 }, () => a.next());
    assert.deepEqual(seqA, Array.from({ length: 20 }, () => b.next()));
    assert.notDeepEqual(seqA, Array.from({ length: 20 }, () => c.next()));
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
  });

  it('writes the same article for the same seed and index, whatever else was generated', () => {
    const first = benchArticle(plan, 17);
    benchArticle(plan, 3);
    assert.deepEqual(benchArticle(plan, 17), first);
    assert.notEqual(benchArticle({ ...plan, seed: 43 }, 17).title + benchArticle({ ...plan, seed: 43 }, 17).body.length, first.title + first.body.length);
    assert.equal(first.sourceKey, benchSourceKey(42, 17));
  });

  it('writes valid, published, Chinese news articles spread over three years, some in Traditional', () => {
    const articles = Array.from({ length: plan.total }, (_, i) => benchArticle(plan, i));
    let traditional = 0;
    let previous = '';
    for (const article of articles) {
      const valid = validateArticleInput(article);
      assert.equal(valid.status, 'published');
      const text = valid.body.map((b) => ('text' in b ? b.text : '')).join('');
      assert.ok(text.length >= 200, `${valid.title}: ${text.length} characters`);
      assert.ok(valid.byline.reporters.length > 0 || valid.dateline?.kind === '电', 'a reporter, or a wire dateline');
      assert.equal(detectScript(valid.title + text), valid.sourceScript, valid.title);
      if (valid.sourceScript === 'zh-Hant') traditional++;
      const at = valid.publishedAt ?? '';
      assert.ok(at >= previous, 'later articles are published later');
      previous = at;
    }
    const oldest = Date.parse(articles[0]?.publishedAt ?? '');
    assert.ok(END.getTime() - oldest > 3 * 364 * 86_400_000 && END.getTime() - oldest <= 3 * 365 * 86_400_000);
    assert.ok(Date.parse(previous) <= END.getTime());
    assert.ok(traditional > plan.total * 0.05 && traditional < plan.total * 0.3, `${traditional} in Traditional`);
    assert.ok(new Set(articles.map((a) => a.title)).size > plan.total * 0.9, 'headlines vary');
    assert.ok(new Set(articles.map((a) => a.section)).size === 7, 'every desk');
  });
});
