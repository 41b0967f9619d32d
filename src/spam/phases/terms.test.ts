import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpamTerm, TermAction, TermCategory } from '../model.js';
import { compileTerms } from '../term-matcher.js';
import { normaliseForSpam, termSkeleton } from './normalise.js';
import { findTerms } from './terms.js';

let nextId = 1;
function term(text: string, category: TermCategory = 'gambling', weight = 1, action: TermAction = 'flag'): SpamTerm {
  const now = new Date(0).toISOString();
  return { id: nextId++, term: text, normalised: termSkeleton(text), category, weight, action, createdAt: now, updatedAt: now };
}

const matcher = compileTerms([term('博彩'), term('百家乐', 'gambling', 2), term('真人百家乐', 'gambling', 10, 'block'), term('开户', 'cta', 1.5), term('bet365')], 1);
const hits = (text: string) => findTerms(matcher, normaliseForSpam(text)).map((h) => `${h.term.term}×${h.count}`);

describe('term lists on the skeleton (Aho–Corasick, no word boundaries)', () => {
  it('finds a term inside a longer run of Chinese, where word-boundary lists fail', () => {
    assert.deepEqual(hits('欢迎来博彩网站'), ['博彩×1']);
  });

  it('finds terms spaced out, punctuated, in Traditional or full width', () => {
    assert.deepEqual(hits('百 家 樂'), ['百家乐×1']);
    assert.deepEqual(hits('博.彩…博彩'), ['博彩×2']);
    assert.deepEqual(hits('ＢＥＴ３６５'), ['bet365×1']);
    assert.deepEqual(hits('菠菜开户'), ['博彩×1', '开户×1']);
  });

  it('drops a term inside a longer matched one', () => {
    assert.deepEqual(hits('真人百家乐'), ['真人百家乐×1']);
  });

  it('says where each occurrence is in the original and whether it was spaced out', () => {
    const text = '看看 博-彩 和博彩';
    const [hit] = findTerms(matcher, normaliseForSpam(text));
    assert.ok(hit);
    assert.deepEqual(hit.ranges.map((r) => text.slice(r.start, r.end)), ['博-彩', '博彩']);
    assert.equal(hit.spaced, true);
    assert.equal(findTerms(matcher, normaliseForSpam('博彩'))[0]?.spaced, false);
  });

  it('matches nothing with empty lists', () => {
    assert.deepEqual(findTerms(compileTerms([], 1), normaliseForSpam('博彩')), []);
  });
});
