import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatViews } from './format.js';
import { whyNotCounted } from './request-filter.js';
import { hourKey, parseViewCounts, totalKey } from './view-keys.js';

describe('formatViews', () => {
  it('prints exact counts below 10,000, then 万 and 亿 rounded down', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [9, '9'],
      [9_999, '9999'],
      [10_000, '1万'],
      [12_345, '1.2万'],
      [19_999, '1.9万'],
      [1_234_567, '123.4万'],
      [100_000_000, '1亿'],
      [250_000_000, '2.5亿'],
    ];
    for (const [n, text] of cases) assert.equal(formatViews(n), text, String(n));
  });
});

describe('whyNotCounted', () => {
  const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
  it('counts a browser from the same site', () => {
    assert.equal(whyNotCounted({ 'user-agent': browser, 'sec-fetch-site': 'same-origin' }), null);
    assert.equal(whyNotCounted({ 'user-agent': browser }), null);
  });
  it('names bots, prefetches and cross-site requests', () => {
    assert.equal(whyNotCounted({ 'user-agent': 'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)' }), 'bot');
    assert.equal(whyNotCounted({}), 'bot');
    assert.equal(whyNotCounted({ 'user-agent': browser, 'sec-purpose': 'prefetch;prerender' }), 'prefetch');
    assert.equal(whyNotCounted({ 'user-agent': browser, 'x-purpose': 'preview' }), 'prefetch');
    assert.equal(whyNotCounted({ 'user-agent': browser, 'sec-fetch-site': 'cross-site' }), 'cross-site');
  });
});

describe('view counter keys', () => {
  it('turn back into totals and hourly rows', () => {
    const counts = new Map([
      [totalKey(7), 3],
      [hourKey(7, 484_000), 2],
      [hourKey(7, 484_001), 1],
      ['junk', 5],
    ]);
    const parsed = parseViewCounts(counts);
    assert.deepEqual([...parsed.totals], [[7, 3]]);
    assert.deepEqual(parsed.hours, [
      { articleId: 7, hour: new Date(484_000 * 3_600_000).toISOString(), views: 2 },
      { articleId: 7, hour: new Date(484_001 * 3_600_000).toISOString(), views: 1 },
    ]);
  });
});
