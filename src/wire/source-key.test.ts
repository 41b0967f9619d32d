import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { BIG5_TEXT, CRLF_TEXT, GB18030_TEXT } from './fixtures/encoded-sources.js';
import { parsePlainText } from './plain-text.js';
import { contentSourceKey } from './source-key.js';
import { parseWireFile } from './wire.js';

const NOW = new Date('2025-03-20T04:00:00Z');
const parse = (name: string) => parseWireFile(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), { referenceDate: NOW });

describe('source keys', () => {
  it('are stable: same title and date, same key; widths and spaces do not matter', () => {
    const key = contentSourceKey('text', '青禾市跨江大桥今日通车', '2025-03-18');
    assert.match(key, /^text:[0-9a-f]{32}$/);
    assert.equal(contentSourceKey('text', ' 青禾市跨江大桥今日通车 ', '2025-03-18'), key);
    assert.notEqual(contentSourceKey('text', '青禾市跨江大桥今日通车', '2025-03-19'), key);
    assert.notEqual(contentSourceKey('md', '青禾市跨江大桥今日通车', '2025-03-18'), key);
    assert.equal(contentSourceKey('text', 'ＡＢＣ 新闻', null), contentSourceKey('text', 'ABC  新闻', null));
  });

  it('do not change when the same copy arrives in another encoding or with other line endings', async () => {
    const options = { referenceDate: '2025-03-20', section: null, status: 'published' as const };
    for (const [file, text] of [
      ['11-crlf.txt', CRLF_TEXT],
      ['13-gb18030.txt', GB18030_TEXT],
      ['14-big5.txt', BIG5_TEXT],
    ] as const) {
      const fromFile = await parse(file);
      assert.equal(fromFile.article.sourceKey, parsePlainText(text, options).article.sourceKey, file);
      assert.equal(fromFile.article.sourceKey, contentSourceKey('text', fromFile.report.title, fromFile.report.date));
    }
  });
});
