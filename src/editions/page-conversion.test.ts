import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createConverter } from '../zh/convert.js';
import { createPageConverter } from './page-conversion.js';

describe('page conversion', () => {
  const plain = { ...createConverter(), fingerprint: 'plain' };

  it('converts a document once per edition and converter, then serves it from the cache', () => {
    const pages = createPageConverter();
    const page = '<p class="lead">软件发布</p>';
    assert.equal(pages.convert(page, 'hant', plain).toString(), '<p class="lead">軟件發佈</p>');
    assert.equal(pages.convert(page, 'hant', plain).toString(), '<p class="lead">軟件發佈</p>');
    assert.deepEqual(pages.stats(), { hits: 1, misses: 1, entries: 1 });
    assert.equal(pages.convert('<p>軟件發佈</p>', 'hans', plain).toString(), '<p>软件发布</p>');
    assert.equal(pages.stats().misses, 2);
  });

  it('converts again when the dictionary changes, never serving a stale conversion', () => {
    const pages = createPageConverter();
    const withDictionary = { ...createConverter({ dictionary: [{ source: '发布', target: '發布', direction: 's2t' }] }), fingerprint: 'v2' };
    assert.equal(pages.convert('<p>发布</p>', 'hant', plain).toString(), '<p>發佈</p>');
    assert.equal(pages.convert('<p>发布</p>', 'hant', withDictionary).toString(), '<p>發布</p>');
  });

  it('converts a short run that pages share once per converter and edition, long runs every time', () => {
    const pages = createPageConverter();
    const converted: string[] = [];
    const counting = {
      ...plain,
      fingerprint: 'counting',
      toTraditional: (text: string) => (converted.push(text), plain.toTraditional(text)),
      toSimplified: (text: string) => (converted.push(text), plain.toSimplified(text)),
    };
    const paragraph = '市政府今天发布了新的公共交通计划，夜间公交将新增三条线路，覆盖城东和城北的几个居民区，末班车延后到凌晨一点。';
    const first = pages.convert(`<nav>要闻</nav><p>${paragraph}</p>`, 'hant', counting, false).toString();
    const second = pages.convert(`<nav>要闻</nav><p>${paragraph}</p><p>软件</p>`, 'hant', counting, false).toString();
    assert.equal(first, `<nav>要聞</nav><p>${plain.toTraditional(paragraph)}</p>`);
    assert.equal(second, `<nav>要聞</nav><p>${plain.toTraditional(paragraph)}</p><p>軟件</p>`);
    assert.deepEqual(converted, ['要闻', paragraph, paragraph, '软件']);
    // The other edition keeps its own.
    assert.equal(pages.convert('<nav>要闻</nav>', 'hans', counting, false).toString(), '<nav>要闻</nav>');
    assert.deepEqual(converted.slice(4), ['要闻']);
  });

  it('keeps nothing when told not to (a page the page cache keeps), converting every time', () => {
    const pages = createPageConverter();
    const page = '<p>软件发布</p>';
    assert.equal(pages.convert(page, 'hant', plain, false).toString(), '<p>軟件發佈</p>');
    assert.equal(pages.convert(page, 'hant', plain, false).toString(), '<p>軟件發佈</p>');
    assert.deepEqual(pages.stats(), { hits: 0, misses: 2, entries: 0 });
  });
});
