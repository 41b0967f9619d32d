import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../platform/errors.js';
import { segmentWords } from './fixtures/segment-words.js';
import { STOP_WORDS, analyse, createSegmenter, defaultSegmenter, segment, tagWords } from './segment.js';

// Built once for the suite: each segmenter loads jieba's whole dictionary.
const bare = createSegmenter();

describe('createSegmenter', () => {
  test('newsroom names stay whole only with the dictionary', () => {
    const text = '泽连斯基抵达基辅，青禾市记者何欣然报道';
    const without = bare.segment(text);
    assert.ok(!without.includes('泽连斯基'), `jieba alone: ${without.join('/')}`);
    assert.ok(!without.includes('青禾市'), `jieba alone: ${without.join('/')}`);
    assert.ok(!without.includes('何欣然'), `jieba alone: ${without.join('/')}`);
    const withWords = segment(text);
    for (const name of ['泽连斯基', '基辅', '青禾市', '何欣然']) assert.ok(withWords.includes(name), `${name} in ${withWords.join('/')}`);
    assert.ok(analyse(text).includes('泽连斯基'));
    assert.ok(!bare.analyse(text).includes('泽连斯基'));
  });

  test('every demo name in the starter list is one token in a sentence', () => {
    for (const { word } of segmentWords) {
      assert.ok(segment(`据报道${word}今天表示`).includes(word), word);
    }
  });

  test('dictionary words are matched in either script and any case, with or without freq and tag', () => {
    const segmenter = createSegmenter({ words: [{ word: '青禾灣' }, { word: 'XinWen', freq: 5 }, { word: '麦田镇', freq: 2000, tag: 'ns' }] });
    assert.deepEqual(segmenter.analyse('青禾湾的麦田镇'), ['青禾湾', '麦田', '麦田镇']);
    assert.ok(segmenter.analyse('XINWEN报道').includes('xinwen'));
  });

  test('rejects words jieba cannot load, saying which', () => {
    assert.throws(
      () => createSegmenter({ words: [{ word: '基辅' }, { word: '新 闻' }, { word: ' ' }, { word: '乙', freq: 0 }, { word: '丙', tag: 'N R' }] }),
      (error: unknown) => error instanceof ValidationError && error.details.length === 4 && error.details[0]!.includes('新 闻'),
    );
  });

  test('the default segmenter is built once and shared', () => {
    assert.equal(defaultSegmenter(), defaultSegmenter());
    assert.deepEqual(analyse('泽连斯基'), defaultSegmenter().analyse('泽连斯基'));
  });
});

describe('analyse', () => {
  test('Simplified and Traditional give identical tokens', () => {
    const pairs: [string, string][] = [
      ['泽连斯基在基辅会见欧洲国家领导人', '澤連斯基在基輔會見歐洲國家領導人'],
      ['青禾市地铁三号线开通，记者王晓晴报道', '青禾市地鐵三號線開通，記者王曉晴報道'],
      ['台湾电动公交车上路', '臺灣電動公交車上路'],
    ];
    for (const [simplified, traditional] of pairs) assert.deepEqual(analyse(traditional), analyse(simplified), traditional);
    assert.deepEqual(analyse('澤連斯基'), ['连斯基', '泽连斯基']);
  });

  test('search mode keeps the long word and its parts', () => {
    assert.deepEqual(analyse('北京大学'), ['北京', '大学', '北京大学']);
  });

  test('a two-character query meets the document on the same token', () => {
    const document = analyse('青禾市地铁三号线开通');
    const query = analyse('地铁');
    assert.deepEqual(query, ['地铁']);
    assert.ok(document.includes('地铁'), document.join('/'));
    assert.ok(document.includes('青禾市'), document.join('/'));
  });

  test('keeps Latin words and numbers, lower-cased, in mixed text', () => {
    assert.deepEqual(analyse('iPhone 17 发布会'), ['iphone', '17', '发布', '发布会']);
    assert.deepEqual(analyse('G20峰会'), ['g20', '峰会']);
    assert.deepEqual(analyse('COVID-19疫情'), ['covid-19', 'covid', '19', '疫情']);
    assert.deepEqual(analyse('ＩＰＨＯＮＥ　１７'), analyse('iphone 17'), 'full-width folds to the same tokens');
    assert.ok(analyse('增长3.5%').includes('3.5'));
  });

  test('drops punctuation and whitespace', () => {
    const tokens = analyse('“青禾市”——地铁！（试运行）  新闻…… Hello, world!');
    assert.deepEqual(tokens, ['青禾', '青禾市', '地铁', '试运', '运行', '试运行', '新闻', 'hello', 'world']);
    assert.deepEqual(analyse('，。！？、 …'), []);
  });

  test('drops the small stop list and nothing else', () => {
    assert.deepEqual(analyse('政府的政策是和市民有关的'), analyse('政府政策市民有关'));
    assert.deepEqual(analyse('的了和是'), []);
    assert.ok(STOP_WORDS.size <= 20, 'kept small on purpose');
    assert.ok(analyse('和平').includes('和平'), 'only whole tokens are dropped');
  });
});

describe('tagWords', () => {
  test('tags precise-mode words of either script, newsroom words with their own tag, without punctuation', () => {
    const simplified = tagWords('泽连斯基与青禾市官员会谈。COVID-19');
    assert.deepEqual(simplified, [
      { word: '泽连斯基', tag: 'nr' },
      { word: '与', tag: 'p' },
      { word: '青禾市', tag: 'ns' },
      { word: '官员', tag: 'n' },
      { word: '会谈', tag: 'v' },
      { word: 'covid-19', tag: 'eng' },
    ]);
    assert.deepEqual(tagWords('澤連斯基與青禾市官員會談。COVID-19'), simplified);
    assert.deepEqual(tagWords('，。！ …'), []);
  });

  test('a newsroom word is one tagged word only with the dictionary', () => {
    assert.ok(!bare.tag('何欣然报道').some((w) => w.word === '何欣然'));
    assert.deepEqual(tagWords('何欣然报道')[0], { word: '何欣然', tag: 'nr' });
  });
});
