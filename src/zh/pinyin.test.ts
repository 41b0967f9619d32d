import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { espeakSyllable, segmentWithLexicon, tonePinyin } from './pinyin.js';
import { segment } from './segment.js';

const none = new Map<string, string>();
const read = (text: string, lexicon: ReadonlyMap<string, string> = none) => tonePinyin(segmentWithLexicon(text, lexicon, segment), lexicon);

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** espeak-ng's phonemes for pinyin, without sound (-q -x). */
function phonemes(pinyin: string): string {
  return execFileSync('espeak-ng', ['-v', 'cmn-latn-pinyin', '-q', '-x', pinyin], { encoding: 'utf8' }).trim();
}

describe('tonePinyin', () => {
  it('reads polyphones by word: 银行行长, 重庆, 长大, 行人', () => {
    assert.equal(read('银行行长'), 'yin2 hang2 hang2 zhang3');
    assert.equal(read('重庆'), 'chong2 qing4');
    assert.equal(read('孩子长大了'), 'hai2 zi5 zhang3 da4 le5');
    assert.equal(read('行人'), 'xing2 ren2');
    assert.equal(read('银行行长重返重庆'), 'yin2 hang2 hang2 zhang3 chong2 fan3 chong2 qing4');
  });

  it('reads single characters in their sentence: 了 as le5, 不 before a fourth tone as bu2, neutral tone 5', () => {
    assert.equal(read('他走了'), 'ta1 zou3 le5');
    assert.equal(read('我们不去'), 'wo3 men5 bu2 qu4');
    assert.equal(read('了解'), 'liao3 jie3');
  });

  it('writes ü as v after l and n, the way espeak-ng reads it', () => {
    assert.equal(read('女儿穿绿色'), 'nv3 er2 chuan1 lv4 se4');
    assert.equal(espeakSyllable('lü4'), 'lv4');
    assert.equal(espeakSyllable('jü3'), 'ju3');
    assert.equal(espeakSyllable('de0'), 'de5');
    assert.equal(espeakSyllable('ma'), 'ma5');
    assert.equal(espeakSyllable('𠮷'), null);
  });

  it('turns punctuation into the pauses espeak-ng honours, without doubling them', () => {
    assert.equal(read('会上，行长说：“不要急。”（完）'), 'hui4 shang4, hang2 zhang3 shuo1, bu2 yao4 ji2. wan2,');
    assert.equal(read('好！好？'), 'hao3. hao3.');
    assert.equal(read('《人民》'), 'ren2 min2');
  });

  it('spells abbreviations and lower-cases other Latin words; stray digits are read one by one', () => {
    assert.equal(read('NBA球员'), 'N B A qiu2 yuan2');
    assert.equal(read('iPhone工厂'), 'iphone gong1 chang3');
    assert.equal(read('第3'), 'di4 san1');
  });

  it('lets the lexicon win for a whole word, and keeps a lexicon term whole even where jieba would cut it', () => {
    const lexicon = new Map([
      ['朴槿惠', 'piao2 jin3 hui4'],
      ['长乐', 'chang2 le4'],
      ['B站', 'zhan4'],
    ]);
    assert.equal(read('朴槿惠', none), 'pu3 jin3 hui4');
    assert.equal(read('朴槿惠', lexicon), 'piao2 jin3 hui4');
    // jieba cuts 长乐坊 as one word; the term inside it still decides its reading.
    const words = segmentWithLexicon('长乐坊开业', lexicon, segment);
    assert.deepEqual(words.slice(0, 2), ['长乐', '坊']);
    assert.equal(tonePinyin(words, lexicon), 'chang2 le4 fang1 kai1 ye4');
    assert.equal(read('她在B站', lexicon), 'ta1 zai4 B zhan4');
  });

  it('segmentWithLexicon prefers the longest term and leaves text without terms to the segmenter', () => {
    const lexicon = new Map([
      ['行长', 'hang2 zhang3'],
      ['银行行长', 'yin2 hang2 hang2 zhang3'],
    ]);
    assert.deepEqual(segmentWithLexicon('银行行长说', lexicon, segment), ['银行行长', '说']);
    assert.deepEqual(segmentWithLexicon('天气很好', lexicon, (t) => [t]), ['天气很好']);
  });

  const espeak = hasEspeak();
  it('gives espeak-ng phonemes that follow the tones (cmn-latn-pinyin)', { skip: espeak ? false : 'espeak-ng is not installed' }, () => {
    // hang2 and hang1 differ in espeak's tone marks; a different tone must change the phonemes.
    assert.notEqual(phonemes('hang2'), phonemes('hang1'));
    assert.notEqual(phonemes('ma5'), phonemes('ma1'));
    assert.match(phonemes(read('银行行长')), /X'a35N_\| X'a35N_\| ts\.'a214N/u);
    assert.match(phonemes(read('重庆')), /^ts\.h'ong35_\| tS;h'i51N/u);
    // ü: lv4 and nv3 are the front rounded vowel y, as lü4 is; jv3 would not be.
    assert.match(phonemes(read('绿')), /l'y51/u);
    assert.match(phonemes(read('女')), /n'y214/u);
    assert.match(phonemes(read('去')), /tS;h'y51/u);
    // A spelled abbreviation is letters; NBA unspelled would be read as one pinyin-like syllable.
    assert.equal(phonemes(read('NBA')).split('_|').filter((s) => s.trim() !== '').length, 3);
  });
});
