import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countHanzi, normalise, readingMinutes } from './normalise.js';
import { detectScript, toSimplified, toTraditional } from './script.js';

describe('normalise', () => {
  it('folds full-width ASCII forms and the ideographic space, strips zero-width characters', () => {
    assert.equal(normalise('ＡＢＣ１２３（）'), 'ABC123()');
    assert.equal(normalise('人气\u200B　１２３４'), '人气 1234');
    assert.equal(normalise('\uFEFF标题'), '标题');
  });

  it('leaves 。、「」【】 alone', () => {
    assert.equal(normalise('【本网讯】他说：「好。」、'), '【本网讯】他说:「好。」、');
  });
});

describe('reading time', () => {
  it('counts Han characters only', () => {
    assert.equal(countHanzi('新闻 news 2025，报道。'), 4);
    assert.equal(countHanzi('𠀀𪚥 (outside the BMP) 和〇'), 4, 'an ideograph outside the BMP counts once; 〇 is Han too');
  });

  it('gives whole minutes at about 400 characters a minute, at least one', () => {
    assert.equal(readingMinutes('短'), 1);
    assert.equal(readingMinutes('字'.repeat(1200)), 3);
  });
});

describe('script', () => {
  it('tells Traditional from Simplified text', () => {
    assert.equal(detectScript('臺北市政府今天宣佈擴大公車路線'), 'zh-Hant');
    assert.equal(detectScript('北京市政府今天宣布扩大公交线路'), 'zh-Hans');
  });

  it('falls back when no character tells the scripts apart', () => {
    assert.equal(detectScript('今天下午', 'zh-Hant'), 'zh-Hant');
    assert.equal(detectScript('Hello', 'zh-Hans'), 'zh-Hans');
  });

  it('converts between the scripts', () => {
    assert.equal(toTraditional('国际新闻'), '國際新聞');
    assert.equal(toSimplified('國際新聞'), '国际新闻');
  });
});
