import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { charDiff, isUnchanged, type DiffOp } from './char-diff.js';

const beforeOf = (ops: DiffOp[]) => ops.filter((o) => o.op !== 'insert').map((o) => o.text).join('');
const afterOf = (ops: DiffOp[]) => ops.filter((o) => o.op !== 'delete').map((o) => o.text).join('');
const HIGH = /[\uD800-\uDBFF]$/;
const LOW = /^[\uDC00-\uDFFF]/;

/** A small deterministic PRNG, so a failing random case can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

describe('charDiff', () => {
  it('gives minimal, readable ops for a Chinese edit', () => {
    assert.deepEqual(charDiff('市政府今天宣布', '市政府昨天正式宣布'), [
      { op: 'equal', text: '市政府' },
      { op: 'delete', text: '今天' },
      { op: 'insert', text: '昨天正式' },
      { op: 'equal', text: '宣布' },
    ]);
  });

  it('keeps equal runs that are longer than the changes around them', () => {
    assert.deepEqual(charDiff('国务院常务会议审议通过了条例草案', '国务院常务会议原则通过了条例草案'), [
      { op: 'equal', text: '国务院常务会议' },
      { op: 'delete', text: '审议' },
      { op: 'insert', text: '原则' },
      { op: 'equal', text: '通过了条例草案' },
    ]);
  });

  it('folds single characters stranded between changes, repeatedly', () => {
    // Raw character diff: 甲→丁, 乙 kept, 丙→戊, 己 kept, 庚→辛.
    const ops = charDiff('甲乙丙己庚', '丁乙戊己辛');
    assert.deepEqual(ops, [
      { op: 'delete', text: '甲乙丙己庚' },
      { op: 'insert', text: '丁乙戊己辛' },
    ]);
  });

  it('never folds across a line break, so body blocks stay apart', () => {
    assert.deepEqual(charDiff('第一段\n第二段', '第一节\n第二节'), [
      { op: 'equal', text: '第一' },
      { op: 'delete', text: '段' },
      { op: 'insert', text: '节' },
      { op: 'equal', text: '\n第二' },
      { op: 'delete', text: '段' },
      { op: 'insert', text: '节' },
    ]);
  });

  it('keeps surrogate pairs whole', () => {
    const ops = charDiff('吉野家的𠮷字', '𠮷野家的吉字😀');
    for (const { text } of ops) {
      assert.ok(!HIGH.test(text) && !LOW.test(text), `split pair in ${JSON.stringify(text)}`);
    }
    assert.equal(beforeOf(ops), '吉野家的𠮷字');
    assert.equal(afterOf(ops), '𠮷野家的吉字😀');
    // Two astral characters sharing a high surrogate (😀 U+1F600, 😁 U+1F601) differ as wholes.
    assert.deepEqual(charDiff('笑😀', '笑😁'), [
      { op: 'equal', text: '笑' },
      { op: 'delete', text: '😀' },
      { op: 'insert', text: '😁' },
    ]);
  });

  it('handles empty and identical text', () => {
    assert.deepEqual(charDiff('', ''), []);
    assert.deepEqual(charDiff('同', '同'), [{ op: 'equal', text: '同' }]);
    assert.deepEqual(charDiff('', '新'), [{ op: 'insert', text: '新' }]);
    assert.deepEqual(charDiff('旧', ''), [{ op: 'delete', text: '旧' }]);
    assert.equal(isUnchanged(charDiff('同', '同')), true);
    assert.equal(isUnchanged(charDiff('同', '异')), false);
  });

  it('always rebuilds both texts, never splits a pair, never repeats an op (random cases)', () => {
    const alphabet = Array.from('的一是在了不和有大这新闻市政府宣布今天昨天，。\n𠮷😀😁a1 ');
    const next = random(20_250_318);
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const a = pick(Math.floor(next() * 30));
      const b = next() < 0.5 ? pick(Math.floor(next() * 30)) : a.replace(/[的了]/g, '之');
      const ops = charDiff(a, b);
      assert.equal(beforeOf(ops), a, `before, case ${i}`);
      assert.equal(afterOf(ops), b, `after, case ${i}`);
      for (const [k, op] of ops.entries()) {
        assert.notEqual(op.text, '', `empty op, case ${i}`);
        assert.ok(!HIGH.test(op.text) && !LOW.test(op.text), `split pair, case ${i}`);
        const prev = ops[k - 1];
        if (prev) assert.ok(prev.op !== op.op && !(prev.op === 'insert' && op.op === 'delete'), `op order, case ${i}`);
      }
    }
  });
});
