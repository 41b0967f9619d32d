import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSegmenter } from '../zh/segment.js';
import { fts5Match, isEmptyQuery, parseQuery, rankingTsqueryLiteral, tsqueryLiteral } from './search-query.js';
import { encodeToken, searchTokens } from './search-tokens.js';

/** The starter word list's segmenter (what a fresh newsroom dictionary holds). */
const seg = defaultSegmenter();

describe('search query parsing', () => {
  it('analyses both scripts alike and ANDs the terms', () => {
    assert.deepEqual(parseQuery('地铁 开通', seg), parseQuery('地鐵 開通', seg));
    const parsed = parseQuery('地铁 开通', seg);
    assert.deepEqual(parsed.terms, ['地铁', '开通']);
    assert.equal(fts5Match(parsed), '"地铁" "开通"');
    assert.equal(tsqueryLiteral(parsed), "'地铁' & '开通'");
  });

  it('makes phrases of every kind of quote pair, and plain terms of a lone quote', () => {
    for (const q of ['"地铁三号线"', '“地铁三号线”', '「地铁三号线」', '『地鐵三號線』']) {
      const parsed = parseQuery(q, seg);
      assert.deepEqual(parsed.phrases, [['地铁', '三号', '线']], q);
      assert.deepEqual(parsed.terms, [], q);
    }
    assert.equal(fts5Match(parseQuery('"地铁三号线" 开通', seg)), '"开通" "地铁 三号 线"');
    assert.equal(tsqueryLiteral(parseQuery('"地铁三号线"', seg)), "('地铁' <-> '三号' <-> '线')");
    const lone = parseQuery('"地铁三号线', seg);
    assert.deepEqual(lone.phrases, []);
    assert.deepEqual(lone.terms, ['地铁', '三号', '线']);
    assert.deepEqual(parseQuery('"地铁"', seg).terms, ['地铁'], 'a one-token phrase is a term');
  });

  it('encodes tokens so neither index re-splits them', () => {
    assert.equal(encodeToken('covid-19'), 'covid_19');
    assert.equal(encodeToken('3.5'), '3_5');
    assert.deepEqual(parseQuery('COVID-19', seg).terms, ['covid_19', 'covid', '19']);
  });

  it('adds the pair of two single Han characters jieba left apart', () => {
    assert.deepEqual(searchTokens('这类跨站脚本', seg), ['这类', '跨', '站', '跨站', '脚本']);
    assert.deepEqual(searchTokens('跨站脚本', seg), ['跨站', '脚本']);
  });

  it('ranks with the longest terms and whole phrases only', () => {
    const name = parseQuery('全国人大常委会', seg);
    assert.ok(name.terms.length > 1, JSON.stringify(name.terms));
    assert.equal(rankingTsqueryLiteral(name), "'全国人大常委会'");
    assert.equal(rankingTsqueryLiteral(parseQuery('COVID-19 疫苗', seg)), "'covid_19' & '疫苗'");
    assert.equal(rankingTsqueryLiteral(parseQuery('"地铁三号线" 开通', seg)), "'开通' & ('地铁' <-> '三号' <-> '线')");
  });

  it('knows a query with nothing to search for', () => {
    assert.equal(isEmptyQuery(parseQuery('的了，。', seg)), true);
    assert.equal(isEmptyQuery(parseQuery('“”', seg)), true);
    assert.equal(isEmptyQuery(parseQuery('的 地铁', seg)), false);
  });
});
