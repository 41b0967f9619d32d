import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CANDIDATES, LIST_SIZE, MIN_SIMILARITY, rankNeighbours, similarArticles, type Posting } from './related-rank.js';

describe('similarArticles', () => {
  test('sums query weight × posting weight per article over the given postings, leaving the article itself out', () => {
    const postings: Record<string, Posting[]> = {
      港口: [{ articleId: 1, weight: 0.9 }, { articleId: 2, weight: 0.5 }, { articleId: 3, weight: 0.1 }],
      台风: [{ articleId: 3, weight: 0.8 }, { articleId: 1, weight: 0.4 }],
    };
    const found = similarArticles(1, [['港口', 0.6], ['台风', 0.5]], (term) => postings[term] ?? []);
    assert.deepEqual(
      found.map((c) => [c.articleId, Number(c.dot.toFixed(6))]),
      [[3, 0.46], [2, 0.3]],
    );
  });

  test('keeps the best candidates only', () => {
    const many = Array.from({ length: CANDIDATES + 50 }, (_, i) => ({ articleId: i + 2, weight: (i + 1) / 1000 }));
    const found = similarArticles(1, [['港口', 1]], () => many);
    assert.equal(found.length, CANDIDATES);
    assert.equal(found[0]?.articleId, CANDIDATES + 51);
  });
});

describe('rankNeighbours', () => {
  test('weighs by recency, drops weak and unpublished candidates, keeps the best eight', () => {
    const at = '2025-03-01T00:00:00.000Z';
    const candidates = [
      { articleId: 2, dot: 0.5 },
      { articleId: 3, dot: 0.5 },
      { articleId: 4, dot: MIN_SIMILARITY / 2 },
      { articleId: 5, dot: 0.9 },
      ...Array.from({ length: 10 }, (_, i) => ({ articleId: 10 + i, dot: 0.2 })),
    ];
    const times: Record<number, string> = { 2: '2025-06-01T00:00:00.000Z', 3: '2025-03-02T00:00:00.000Z', 4: at };
    for (let i = 0; i < 10; i++) times[10 + i] = at;
    const list = rankNeighbours(at, candidates, (id) => times[id]);
    assert.equal(list.length, LIST_SIZE);
    assert.equal(list[0]?.relatedArticleId, 3, 'the nearer in time of two equal matches first');
    assert.ok(!list.some((r) => r.relatedArticleId === 4), 'below the similarity floor');
    assert.ok(!list.some((r) => r.relatedArticleId === 5), 'no publish time: not published');
    assert.ok(list.every((r, i) => i === 0 || r.score <= (list[i - 1]?.score ?? 0)));
  });
});
