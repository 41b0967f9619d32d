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

  it('keeps nothing when told not to (a page the page cache keeps), converting every time', () => {
    const pages = createPageConverter();
    const page = '<p>软件发布</p>';
    assert.equal(pages.convert(page, 'hant', plain, false).toString(), '<p>軟件發佈</p>');
    assert.equal(pages.convert(page, 'hant', plain, false).toString(), '<p>軟件發佈</p>');
    assert.deepEqual(pages.stats(), { hits: 0, misses: 2, entries: 0 });
  });
});
