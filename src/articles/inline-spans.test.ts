import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isSafeHref,
  joinSpans,
  normaliseSpans,
  replaceInSpans,
  sliceSpans,
  spansText,
  spansToMarkup,
  splitSpans,
  storedSpans,
  trimSpans,
} from './inline-spans.js';
import type { InlineSpan } from './model.js';

const spans: InlineSpan[] = [{ text: '市政府' }, { text: '今天', bold: true }, { text: '宣布', href: '/tag/城市' }];

describe('isSafeHref', () => {
  it('accepts http(s) and mailto URLs and site paths', () => {
    for (const href of ['https://example.org/a?b=1#c', 'HTTP://example.org', 'mailto:desk@example.org', '/2025/03/18/12.html', '/tag/城市', 'https://zh.example.org/wiki/北京']) {
      assert.equal(isSafeHref(href), true, href);
    }
  });

  it('refuses scripts, data, other hosts by //, relative paths, spaces and control characters', () => {
    for (const href of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      '//evil.example/a',
      '/\\evil.example',
      'example.org',
      'a/b',
      'https://',
      'https://exa mple.org',
      'https://example.org/\u0000',
      'https://example.org/\n',
      'https://example.org/\u202e',
      'mailto:',
      'ftp://example.org',
      '',
      `https://example.org/${'a'.repeat(2_000)}`,
    ]) {
      assert.equal(isSafeHref(href), false, JSON.stringify(href));
    }
  });
});

describe('span editing keeps marks', () => {
  it('normalises: drops empty spans and false marks, merges equal neighbours', () => {
    assert.deepEqual(
      normaliseSpans([{ text: '甲', bold: true }, { text: '' }, { text: '乙', bold: true, italic: false, href: null }, { text: '丙' }]),
      [{ text: '甲乙', bold: true }, { text: '丙' }],
    );
    assert.equal(storedSpans([{ text: '甲' }, { text: '乙', bold: false }]), undefined, 'nothing marked: no spans');
    assert.deepEqual(storedSpans([{ text: '甲' }, { text: '乙', italic: true }]), [{ text: '甲' }, { text: '乙', italic: true }]);
  });

  it('slices across spans', () => {
    assert.deepEqual(sliceSpans(spans, 2, 6), [{ text: '府' }, { text: '今天', bold: true }, { text: '宣', href: '/tag/城市' }]);
    assert.deepEqual(sliceSpans(spans, 5), [{ text: '宣布', href: '/tag/城市' }]);
  });

  it('replaces over the joined text; a replacement takes the marks of what it replaces', () => {
    const lines: InlineSpan[] = [{ text: 'new\n' }, { text: 'york', bold: true }];
    assert.deepEqual(
      replaceInSpans(lines, /\n/g, () => ' '),
      [{ text: 'new ' }, { text: 'york', bold: true }],
    );
    assert.deepEqual(
      replaceInSpans([{ text: '甲' }, { text: 'ab', italic: true }], /ab/g, () => 'AB'),
      [{ text: '甲' }, { text: 'AB', italic: true }],
    );
  });

  it('trims, splits and joins as the string methods do', () => {
    const padded: InlineSpan[] = [{ text: '  ' }, { text: ' 粗 ', bold: true }, { text: '细 \n' }];
    assert.deepEqual(trimSpans(padded), [{ text: '粗 ', bold: true }, { text: '细' }]);
    const parts = splitSpans([{ text: '一\n' }, { text: '二', bold: true }, { text: '\n三' }], '\n');
    assert.deepEqual(parts, [[{ text: '一' }], [{ text: '二', bold: true }], [{ text: '三' }]]);
    assert.deepEqual(joinSpans(parts, '\n'), [{ text: '一\n' }, { text: '二', bold: true }, { text: '\n三' }]);
    assert.equal(spansText(joinSpans(parts, '\n')), '一\n二\n三');
  });

  it('writes marks out readably for diffs', () => {
    assert.equal(spansToMarkup(spans), '市政府**今天**[宣布](/tag/城市)');
    assert.equal(spansToMarkup([{ text: '都', bold: true, italic: true, href: 'https://example.org' }]), '[***都***](https://example.org)');
  });
});
