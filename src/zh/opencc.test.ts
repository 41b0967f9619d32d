import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Converter } from 'opencc-js';
import { configs } from 'opencc-js/preset';
import { loadCorpus } from './fixtures/convert-corpus.js';
import { openccConvert, type OpenccVariant } from './opencc.js';

const PAIRS: [OpenccVariant, OpenccVariant][] = [
  ['cn', 't'],
  ['t', 'cn'],
  ['cn', 'tw'],
  ['tw', 'cn'],
  ['cn', 'twp'],
  ['twp', 'cn'],
];

/** Texts that exercise every dictionary: runs of their phrases and of their replacements. */
function sampleTexts(): string[] {
  const texts = ['', 'ASCII only <a href="/x">x</a>', '⿰氵工 and ⿱⿰ cut short', '𠀀𠮷 软件 軟體 台湾 臺灣'];
  for (const file of ['convert-corpus.tsv', 'convert-corpus-phrases.tsv', 'convert-holdout.tsv'] as const) {
    for (const pair of loadCorpus(file)) texts.push(pair.simplified, pair.traditional);
  }
  const seen = new Set<string>();
  for (const config of Object.values(configs)) {
    for (const group of config.conversionChain) {
      for (const dict of group) {
        if (typeof dict !== 'string' || seen.has(dict)) continue;
        seen.add(dict);
        const entries = dict.split('|').map((line) => line.split(' '));
        // Every 7th phrase side by side, and replacements side by side: matches at, across
        // and inside phrase boundaries, in both scripts.
        for (let i = 0; i < entries.length; i += 7 * 8) {
          texts.push(entries.slice(i, i + 7 * 8).filter((_, k) => k % 7 === 0).map((e) => e[0]).join(''));
          texts.push(entries.slice(i, i + 8).map((e) => e[1]).join('，'));
        }
      }
    }
  }
  return texts;
}

describe('openccConvert', () => {
  const texts = sampleTexts();

  for (const [from, to] of PAIRS) {
    test(`${from} → ${to} gives opencc-js's output`, () => {
      const expected = Converter({ from, to });
      const actual = openccConvert(from, to);
      for (const text of texts) assert.equal(actual(text), expected(text), text);
    });
  }

  test('converts with phrases first, then characters', () => {
    assert.equal(openccConvert('cn', 'tw')('软件发展'), '軟件發展');
    assert.equal(openccConvert('cn', 'twp')('软件发展'), '軟體發展');
    assert.equal(openccConvert('twp', 'cn')('軟體發展'), '软件发展');
    assert.equal(openccConvert('t', 'cn')('國際新聞'), '国际新闻');
  });

  test('refuses pairs that do not involve Simplified', () => {
    assert.throws(() => openccConvert('tw', 't'), /to or from cn/);
  });
});
