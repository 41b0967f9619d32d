import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originalRange } from '../mapped-text.js';
import { normaliseForSpam, termSkeleton } from './normalise.js';

const skeleton = (text: string) => normaliseForSpam(text).skeleton.text;
const compact = (text: string) => normaliseForSpam(text).compact.text;

describe('spam normalisation', () => {
  it('folds full-width forms to ASCII and lower case (NFKC)', () => {
    assert.equal(skeleton('ＱＱ１２３ＡＢＣ'), 'qq123abc');
    assert.equal(compact('ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ'), 'www.example.com');
  });

  it('strips zero-width characters and counts them, but not the marks emoji are made of', () => {
    const text = normaliseForSpam('博\u200B彩\u200C网\u2060站\uFEFF');
    assert.equal(text.skeleton.text, '博彩网站');
    assert.equal(text.signals.invisible, 4);
    assert.equal(normaliseForSpam('好文章👍🏻❤️ 一家人👨‍👩‍👧').signals.invisible, 0);
  });

  it('converts Traditional to Simplified', () => {
    assert.equal(skeleton('澳門百家樂線上開戶'), '澳门百家乐线上开户');
  });

  it('maps variant spellings and look-alike letters, and says which were evasive', () => {
    assert.equal(skeleton('菠菜平台'), '博彩平台');
    assert.equal(skeleton('加V信'), '加微信');
    assert.equal(skeleton('薇信号'), '微信号');
    assert.equal(skeleton('加vx'), '加微信');
    assert.equal(skeleton('扣扣'), 'qq');
    const cyrillic = normaliseForSpam('QQ 号 аbс'); // а and с are Cyrillic
    assert.equal(cyrillic.skeleton.text, 'qq号abc');
    assert.equal(cyrillic.signals.homoglyphs, 2);
    assert.deepEqual(normaliseForSpam('薇信').signals.variants.map((v) => v.label), ['V信']);
    // 威信 (prestige) maps too, but is an ordinary word: no evasion.
    assert.equal(normaliseForSpam('政府的威信').signals.variants.every((v) => v.evasion === 0), true);
  });

  it('turns Chinese digit runs into digits, and leaves short runs and place values alone', () => {
    assert.equal(compact('一三八 一二三四 五六七八'), '13812345678');
    assert.equal(compact('壹叁捌壹贰叁肆伍陆柒捌'), '13812345678');
    assert.equal(compact('幺三八幺二三四五六七八'), '13812345678');
    assert.equal(normaliseForSpam('一三八一二三四五六七八').signals.numeralRuns, 1);
    assert.equal(skeleton('三五成群'), '三五成群');
    assert.equal(skeleton('一五一十'), '一五一十');
  });

  it('reads 点, dot and 。 between letters as a dot, only in the contact view', () => {
    assert.equal(compact('abc点com'), 'abc.com');
    assert.equal(compact('www。abc。com'), 'www.abc.com');
    assert.equal(compact('abc dot com'), 'abc.com');
    assert.equal(compact('abc (dot) net'), 'abc.net');
    assert.equal(skeleton('重点是八点开会'), '重点是八点开会');
  });

  it('keeps only Han, Latin and digits in the skeleton, mapped back to the original', () => {
    const text = normaliseForSpam('欢迎来 博-彩 網站！');
    assert.equal(text.skeleton.text, '欢迎来博彩网站');
    const at = text.skeleton.text.indexOf('博彩');
    const { start, end } = originalRange(text.skeleton, at, at + 2);
    assert.equal(text.original.slice(start, end), '博-彩');
  });

  it('maps a replaced variant to everything it stood for', () => {
    const text = normaliseForSpam('请加 薇 信');
    const at = text.skeleton.text.indexOf('微信');
    const { start, end } = originalRange(text.skeleton, at, at + 2);
    assert.equal(text.original.slice(start, end), '薇 信');
  });

  it('gives a term its skeleton', () => {
    assert.equal(termSkeleton(' 百 家 樂 '), '百家乐');
    assert.equal(termSkeleton('BET-365'), 'bet365');
  });
});
