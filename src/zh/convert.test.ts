import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createConverter, openccConverter, type DictionaryEntry } from './convert.js';
import { loadCorpus } from './fixtures/convert-corpus.js';
import { newsroomDictionary } from './fixtures/newsroom-dictionary.js';

describe('createConverter', () => {
  test('uses Taiwan standard characters by default, and Taiwan phrases as an option', () => {
    const plain = createConverter();
    assert.equal(plain.toTraditional('台湾的软件公司'), '臺灣的軟件公司');
    assert.equal(createConverter({ phrases: true }).toTraditional('台湾的软件公司'), '臺灣的軟體公司');
    assert.equal(plain.toSimplified('臺灣的軟件公司'), '台湾的软件公司');
    assert.equal(createConverter({ phrases: true }).toSimplified('臺灣的軟體公司'), '台湾的软件公司');
  });

  test('the dictionary beats OpenCC', () => {
    assert.equal(createConverter().toTraditional('余先生说'), '餘先生說', 'OpenCC alone misreads the surname');
    const converter = createConverter({ dictionary: [{ source: '余先生', target: '余先生', direction: 's2t' }] });
    assert.equal(converter.toTraditional('余先生说'), '余先生說');
  });

  test('the longest match wins, wherever the entries are in the list', () => {
    const dictionary: DictionaryEntry[] = [
      { source: '发布', target: '發布', direction: 's2t' },
      { source: '新闻发布会', target: '記者會', direction: 's2t' },
      { source: '新闻', target: 'X', direction: 's2t' },
    ];
    const converter = createConverter({ dictionary });
    assert.equal(converter.toTraditional('新闻发布会后发布'), '記者會後發布');
  });

  test('replaced spans are not re-converted by OpenCC', () => {
    // The target is in Simplified on purpose: OpenCC would turn 发 into 發 if it saw it again.
    const converter = createConverter({ dictionary: [{ source: '头发', target: '头发', direction: 's2t' }] });
    assert.equal(converter.toTraditional('头发发白'), '头发發白');
    const back = createConverter({ dictionary: [{ source: '乾隆', target: '乾隆', direction: 't2s' }] });
    assert.equal(back.toSimplified('乾隆乾杯'), '乾隆干杯');
  });

  test('per-article overrides beat the dictionary, even a longer overlapping entry', () => {
    const dictionary: DictionaryEntry[] = [
      { source: '特朗普', target: '特朗普', direction: 's2t' },
      { source: '特朗普政府', target: '特朗普政府', direction: 's2t' },
    ];
    const overrides: DictionaryEntry[] = [{ source: '特朗普', target: '川普', direction: 's2t' }];
    const converter = createConverter({ dictionary, overrides });
    assert.equal(converter.toTraditional('特朗普政府说'), '川普政府說');
    assert.equal(createConverter({ dictionary }).toTraditional('特朗普政府说'), '特朗普政府說');
  });

  test('directions: s2t entries only go forward, t2s only back, both go both ways', () => {
    const dictionary: DictionaryEntry[] = [
      { source: '台积电', target: '台積電', direction: 's2t' },
      { source: '想像', target: '想象', direction: 't2s' },
      { source: '于海峰', target: '于海峰', direction: 's2t' },
      { source: '特朗普', target: '川普', direction: 'both' },
    ];
    const converter = createConverter({ dictionary });
    assert.equal(converter.toTraditional('台积电想象特朗普'), '台積電想像川普');
    assert.equal(converter.toSimplified('台積電想像川普'), '台积电想象特朗普');
    assert.equal(createConverter().toSimplified('想像'), '想像', 'OpenCC alone keeps 想像');
  });

  test('phrasesOnly entries apply only with Taiwan phrases', () => {
    const dictionary: DictionaryEntry[] = [{ source: '特朗普', target: '川普', direction: 'both', phrasesOnly: true }];
    assert.equal(createConverter({ dictionary }).toTraditional('特朗普说'), '特朗普說');
    assert.equal(createConverter({ dictionary, phrases: true }).toTraditional('特朗普说'), '川普說');
    assert.equal(createConverter({ dictionary, phrases: true }).toSimplified('川普說'), '特朗普说');
    assert.equal(createConverter({ dictionary }).toSimplified('川普說'), '川普说');
  });

  test('empty sources are ignored and later entries win for the same source', () => {
    const converter = createConverter({
      dictionary: [
        { source: '', target: '!', direction: 'both' },
        { source: '发布', target: '發佈', direction: 's2t' },
        { source: '发布', target: '發布', direction: 's2t' },
      ],
    });
    assert.equal(converter.toTraditional('被发布'), '被發布');
  });

  test('OpenCC converters are built once and shared', () => {
    assert.equal(openccConverter('cn', 'tw'), openccConverter('cn', 'tw'));
    assert.notEqual(openccConverter('cn', 'tw'), openccConverter('cn', 'twp'));
  });
});

describe('starter newsroom dictionary', () => {
  const chars = createConverter({ dictionary: newsroomDictionary });
  const phrases = createConverter({ phrases: true, dictionary: newsroomDictionary });

  test('fixes the known OpenCC mistakes in news text', () => {
    assert.equal(createConverter().toTraditional('该消息被发布'), '該消息被髮布', 'OpenCC alone');
    assert.equal(chars.toTraditional('该消息被发布'), '該消息被發布');
    assert.equal(createConverter({ phrases: true }).toTraditional('新闻发布会'), '新聞釋出會', 'OpenCC alone');
    assert.equal(phrases.toTraditional('新闻发布会'), '新聞發布會');
    assert.equal(chars.toTraditional('余先生和于女士'), '余先生和于女士');
    assert.equal(chars.toTraditional('关于女士们的待遇'), '關於女士們的待遇');
    assert.equal(phrases.toTraditional('特朗普'), '川普');
    assert.equal(chars.toTraditional('特朗普'), '特朗普');
  });

  for (const [name, converter, file] of [
    ['Taiwan characters', chars, 'convert-corpus.tsv'],
    ['Taiwan phrases', phrases, 'convert-corpus-phrases.tsv'],
  ] as const) {
    test(`converts every ${file} sentence in both directions (${name})`, () => {
      const corpus = loadCorpus(file);
      assert.ok(corpus.length >= (file === 'convert-corpus.tsv' ? 60 : 5));
      for (const pair of corpus) {
        assert.equal(converter.toTraditional(pair.simplified), pair.traditional, `${file}:${pair.line} S→T`);
        assert.equal(converter.toSimplified(pair.traditional), pair.simplified, `${file}:${pair.line} T→S`);
      }
    });
  }
});
