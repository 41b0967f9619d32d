import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSnippet } from './snippet.js';

describe('search snippets', () => {
  it('marks matches of a Simplified query in Traditional text, and the other way round', () => {
    assert.equal(buildSnippet(['颱風今晨登陸沿海'], ['台风']), '<mark>颱風</mark>今晨登陸沿海');
    assert.equal(buildSnippet(['台风今晨登陆沿海'], ['台风']), '<mark>台风</mark>今晨登陆沿海');
  });

  it('escapes everything but its own marks', () => {
    const html = buildSnippet(['<b>"地铁"</b> & <script>x</script>'], ['地铁']);
    assert.equal(html, '&lt;b&gt;&quot;<mark>地铁</mark>&quot;&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;');
  });

  it('starts a little before the first match and cuts long text with ellipses', () => {
    const text = `${'甲'.repeat(200)}地铁${'乙'.repeat(200)}`;
    const html = buildSnippet([text], ['地铁'], 100);
    assert.ok(html.startsWith('…'));
    assert.ok(html.endsWith('…'));
    assert.equal(html.replace(/<\/?mark>|…/g, '').length, 100);
    assert.ok(html.includes('<mark>地铁</mark>'));
  });

  it('falls back to the next text, then to the start without marks', () => {
    assert.equal(buildSnippet(['正文没有', '摘要里有地铁'], ['地铁']), '摘要里有<mark>地铁</mark>');
    assert.equal(buildSnippet(['正文没有', '摘要也没有'], ['地铁']), '正文没有');
  });

  it('marks a Latin or numeric token only as a whole word', () => {
    assert.equal(buildSnippet(['2019 年 19 人'], ['19']), '2019 年 <mark>19</mark> 人');
    assert.equal(buildSnippet(['ＣＯＶＩＤ-19 疫情'], ['covid-19']), '<mark>ＣＯＶＩＤ-19</mark> 疫情');
  });

  it('does not split a surrogate pair at the cut', () => {
    const text = `${'𠀀'.repeat(60)}地铁`;
    const html = buildSnippet([text], ['地铁'], 21);
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(html));
  });
});
