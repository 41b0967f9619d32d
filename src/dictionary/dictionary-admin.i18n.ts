import type { UiLang } from '../newsroom/ui/i18n.js';
import type { ConversionDirection, WordTag } from './model.js';

type Entry = Readonly<Record<UiLang, string>>;
const t = (zhHans: string, zhHant: string, en: string): Entry => ({ 'zh-Hans': zhHans, 'zh-Hant': zhHant, en });

/** The dictionary pages' strings, in the newsroom's three languages (kept with the feature). */
const STRINGS = {
  nav: t('词典', '詞典', 'Dictionary'),
  title: t('繁简转换与分词词典', '繁簡轉換與分詞詞典', 'Conversion and segmentation dictionary'),
  intro: t(
    '另一种文字的版本由 OpenCC 转换而来（台湾标准字形，可选台湾用语），转换词条叠加在 OpenCC 之上，纠正新闻用字的常见错误；分词词语让人名、地名在搜索里保持完整。修改在本进程立即生效，其他进程最多 30 秒内生效。',
    '另一種文字的版本由 OpenCC 轉換而來（臺灣標準字形，可選臺灣用語），轉換詞條疊加在 OpenCC 之上，糾正新聞用字的常見錯誤；分詞詞語讓人名、地名在搜尋裡保持完整。修改在本程序立即生效，其他程序最多 30 秒內生效。',
    'The other edition is converted by OpenCC (Taiwan standard characters, optionally Taiwan phrases); conversion entries sit on top of OpenCC to fix its mistakes in news text; segmentation words keep names and places whole in search. Changes apply at once in this process and within 30 seconds in others.',
  ),
  previewHeading: t('试转换', '試轉換', 'Try a sentence'),
  previewHelp: t('用当前词典把句子转换成繁体和简体，不保存任何内容。', '用目前詞典把句子轉換成繁體和簡體，不儲存任何內容。', 'Converts the sentence both ways with the current dictionary; nothing is saved.'),
  previewButton: t('转换', '轉換', 'Convert'),
  traditional: t('繁体', '繁體', 'Traditional'),
  simplified: t('简体', '簡體', 'Simplified'),
  phrasesHeading: t('台湾用语', '臺灣用語', 'Taiwan phrases'),
  phrasesHelp: t(
    '开启后繁体版除了字形，还换用台湾用语（软件 → 軟體），并启用标为“仅台湾用语”的词条（特朗普 → 川普）。',
    '開啟後繁體版除了字形，還換用臺灣用語（软件 → 軟體），並啟用標為「僅臺灣用語」的詞條（特朗普 → 川普）。',
    'When on, the Traditional edition also uses Taiwan phrases (软件 → 軟體) and the entries marked "Taiwan phrases only" (特朗普 → 川普).',
  ),
  phrasesOn: t('当前：已开启', '目前：已開啟', 'Currently on'),
  phrasesOff: t('当前：未开启', '目前：未開啟', 'Currently off'),
  turnOn: t('开启台湾用语', '開啟臺灣用語', 'Turn Taiwan phrases on'),
  turnOff: t('关闭台湾用语', '關閉臺灣用語', 'Turn Taiwan phrases off'),
  entriesHeading: t('转换词条', '轉換詞條', 'Conversion entries'),
  entriesHelp: t(
    '原文按最长匹配优先替换，结果原样写入、不再经过 OpenCC。s2t：简→繁；t2s：繁→简；both：简→繁，并反向用于繁→简。结果与原文相同的词条用来挡住 OpenCC 的误转（余先生不变成餘先生）。',
    '原文按最長匹配優先替換，結果原樣寫入、不再經過 OpenCC。s2t：簡→繁；t2s：繁→簡；both：簡→繁，並反向用於繁→簡。結果與原文相同的詞條用來擋住 OpenCC 的誤轉（余先生不變成餘先生）。',
    'Sources are replaced longest match first, and the result is written as is, never passed through OpenCC. s2t: Simplified→Traditional; t2s: Traditional→Simplified; both: s2t and also backwards for t2s. An entry whose result equals its source keeps OpenCC away (余先生 does not become 餘先生).',
  ),
  addEntryHeading: t('添加转换词条', '新增轉換詞條', 'Add a conversion entry'),
  source: t('原文', '原文', 'Source'),
  target: t('转换结果', '轉換結果', 'Result'),
  direction: t('方向', '方向', 'Direction'),
  phrasesOnly: t('仅台湾用语', '僅臺灣用語', 'Taiwan phrases only'),
  note: t('备注', '備註', 'Note'),
  wordsHeading: t('分词词语', '分詞詞語', 'Segmentation words'),
  wordsHelp: t(
    '人名、地名、机构名加进来后，搜索和相关新闻会把它当作一个词。词语以简体保存，繁体写法同样生效。修改词语后，已建索引的文章需重建索引（xinwen reindex）才会按新词切分。',
    '人名、地名、機構名加進來後，搜尋和相關新聞會把它當作一個詞。詞語以簡體儲存，繁體寫法同樣生效。修改詞語後，已建索引的文章需重建索引（xinwen reindex）才會按新詞切分。',
    'Names of people, places and organisations added here are one word for search and related news. Words are stored in Simplified; the Traditional spelling works as well. After changing words, run xinwen reindex so indexed articles are cut the new way.',
  ),
  addWordHeading: t('添加分词词语', '新增分詞詞語', 'Add a segmentation word'),
  word: t('词语', '詞語', 'Word'),
  tag: t('词性', '詞性', 'Tag'),
  freq: t('词频（可不填）', '詞頻（可不填）', 'Frequency (optional)'),
  add: t('添加', '新增', 'Add'),
  save: t('保存', '儲存', 'Save'),
  delete: t('删除', '刪除', 'Delete'),
  count: t('共 {n} 条', '共 {n} 條', '{n} in all'),
  version: t('词典版本 {v}', '詞典版本 {v}', 'Dictionary version {v}'),
  entryAdded: t('已添加转换词条。', '已新增轉換詞條。', 'Entry added.'),
  entryChanged: t('已保存转换词条。', '已儲存轉換詞條。', 'Entry saved.'),
  entryDeleted: t('已删除转换词条。', '已刪除轉換詞條。', 'Entry deleted.'),
  wordAdded: t('已添加分词词语。', '已新增分詞詞語。', 'Word added.'),
  wordChanged: t('已保存分词词语。', '已儲存分詞詞語。', 'Word saved.'),
  wordDeleted: t('已删除分词词语。', '已刪除分詞詞語。', 'Word deleted.'),
  phrasesChanged: t('已更改台湾用语设置。', '已更改臺灣用語設定。', 'Taiwan-phrases setting changed.'),
  overridesNav: t('繁简转换例外', '繁簡轉換例外', 'Conversion overrides'),
  overridesTitle: t('本篇的繁简转换例外', '本篇的繁簡轉換例外', "This article's conversion overrides"),
  overridesHelp: t(
    '这里的词条只用于本篇，并且优先于词典。最多 50 条；留空的行会被忽略。保存后已发布的文章会重新生成。',
    '這裡的詞條只用於本篇，並且優先於詞典。最多 50 條；留空的行會被忽略。儲存後已發佈的文章會重新生成。',
    'These entries apply to this article only and win over the dictionary. At most 50; empty rows are ignored. A published article is regenerated after saving.',
  ),
  overridesSaved: t('已保存本篇的转换例外。', '已儲存本篇的轉換例外。', 'Overrides saved.'),
  overridesPreview: t('按本篇规则转换标题和摘要', '按本篇規則轉換標題和摘要', 'Title and summary converted with these rules'),
  backToEditor: t('返回编辑稿件', '返回編輯稿件', 'Back to the editor'),
  saveAll: t('保存全部', '儲存全部', 'Save all'),
} as const;

export type DictionaryUiKey = keyof typeof STRINGS;

/** One string of the dictionary pages, with `{name}` placeholders filled. */
export function dictText(lang: UiLang, key: DictionaryUiKey, values: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

const DIRECTION_LABELS: Record<ConversionDirection, Entry> = {
  s2t: t('s2t 简→繁', 's2t 簡→繁', 's2t Simplified→Traditional'),
  t2s: t('t2s 繁→简', 't2s 繁→簡', 't2s Traditional→Simplified'),
  both: t('both 双向', 'both 雙向', 'both ways'),
};

const TAG_LABELS: Record<WordTag, Entry> = {
  nr: t('nr 人名', 'nr 人名', 'nr person'),
  ns: t('ns 地名', 'ns 地名', 'ns place'),
  nt: t('nt 机构名', 'nt 機構名', 'nt organisation'),
  nz: t('nz 其他专名', 'nz 其他專名', 'nz other name'),
};

export function directionLabel(lang: UiLang, direction: ConversionDirection): string {
  return DIRECTION_LABELS[direction][lang];
}

export function tagLabel(lang: UiLang, tag: WordTag): string {
  return TAG_LABELS[tag][lang];
}
