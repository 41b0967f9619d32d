import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { decodeBytes, DecodeError } from './decode.js';
import { BIG5_TEXT, BOM_TEXT, CRLF_TEXT, GB18030_TEXT } from './fixtures/encoded-sources.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('decodeBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    assert.deepEqual(decodeBytes(new TextEncoder().encode('新闻\n')), { text: '新闻\n', encoding: 'utf-8', bom: false });
  });

  it('strips a UTF-8 BOM (fixture 12)', () => {
    const bytes = fixture('12-bom.txt');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.deepEqual(decodeBytes(bytes), { text: BOM_TEXT, encoding: 'utf-8', bom: true });
  });

  it('turns CRLF and lone CR into LF (fixture 11)', () => {
    const bytes = fixture('11-crlf.txt');
    assert.ok(bytes.includes('\r\n'), 'the fixture really has CRLF line endings');
    assert.equal(decodeBytes(bytes).text, CRLF_TEXT);
    assert.equal(decodeBytes(new TextEncoder().encode('甲\r乙\r\n丙')).text, '甲\n乙\n丙');
  });

  it('reads UTF-16 with either BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('电头\r\n正文', 'utf16le')]);
    assert.deepEqual(decodeBytes(le), { text: '电头\n正文', encoding: 'utf-16le', bom: true });
    const be = Buffer.from(le.subarray(2)).swap16();
    assert.deepEqual(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text: '电头\n正文', encoding: 'utf-16be', bom: true });
  });

  it('reads GB18030, four-byte sequences included (fixture 13)', () => {
    const decoded = decodeBytes(fixture('13-gb18030.txt'));
    assert.equal(decoded.encoding, 'gb18030');
    assert.equal(decoded.text, GB18030_TEXT);
    assert.ok(decoded.text.includes('𠮷'));
  });

  it('reads Big5 (fixture 14)', () => {
    const decoded = decodeBytes(fixture('14-big5.txt'));
    assert.equal(decoded.encoding, 'big5');
    assert.equal(decoded.text, BIG5_TEXT);
  });

  it('tells GB18030 from Big5 on short lines, where both decode without errors', () => {
    for (const text of ['青禾市今天举行会议。', '台北市政府宣布新政策', '记者张三报导']) {
      assert.equal(decodeBytes(iconv.encode(text, 'gb18030')).text, text);
    }
    for (const text of ['臺北市政府宣布新政策。', '記者陳怡君報導', '經濟發展與民眾生活']) {
      assert.equal(decodeBytes(iconv.encode(text, 'big5')).text, text);
    }
  });

  it('refuses bytes that no candidate decodes cleanly', () => {
    const noise = Uint8Array.from({ length: 64 }, (_, i) => (i % 2 ? 0x80 : 0xff));
    assert.throws(() => decodeBytes(noise), DecodeError);
  });
});
