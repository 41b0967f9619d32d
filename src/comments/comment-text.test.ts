import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { countLinks, textSegments } from './comment-text.js';
import { CommentText } from './comment-text.view.js';

describe('comment text', () => {
  it('finds http(s) links and bare domains, also straight after Chinese text', () => {
    const segments = textSegments('见https://data.example.org/表格，也可看 www.example.cn 。');
    assert.deepEqual(
      segments.filter((s) => s.type === 'link').map((s) => (s.type === 'link' ? [s.text, s.href] : [])),
      [
        ['https://data.example.org/表格', 'https://data.example.org/%E8%A1%A8%E6%A0%BC'],
        ['www.example.cn', 'http://www.example.cn/'],
      ],
    );
    assert.equal(segments.map((s) => s.text).join(''), '见https://data.example.org/表格，也可看 www.example.cn 。');
  });

  it('never links other schemes or e-mail addresses', () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> mailto:a@example.org vbscript:msgbox ftp://files.example.org a@example.org';
    assert.equal(countLinks(text), 0);
    assert.deepEqual(textSegments(text), [{ type: 'text', text }]);
  });

  it('renders markup as text and links with rel="nofollow ugc noopener"', () => {
    const html = renderToString(CommentText({ segments: textSegments('<script>alert(1)</script>\n"><img src=x onerror=alert(2)> https://example.org/?q="><b>') }));
    assert.doesNotMatch(html, /<script|<img|<b>/);
    assert.match(html, /&lt;script>alert\(1\)&lt;\/script><br\/?>/);
    // The link ends where the quote begins: the rest stays text.
    assert.match(html, /<a href="https:\/\/example\.org\/\?q=" rel="nofollow ugc noopener" target="_blank">https:\/\/example\.org\/\?q=<\/a>&quot;>&lt;b>/);
  });
});
