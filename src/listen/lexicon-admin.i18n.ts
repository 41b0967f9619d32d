import type { UiLang } from '../newsroom/ui/i18n.js';

type Entry = Readonly<Record<UiLang, string>>;
const t = (zhHans: string, zhHant: string, en: string): Entry => ({ 'zh-Hans': zhHans, 'zh-Hant': zhHant, en });

/** The pronunciation-lexicon page's strings, in the newsroom's three languages (kept with the feature). */
const STRINGS = {
  nav: t('读音', '讀音', 'Pronunciation'),
  title: t('读音词典', '讀音詞典', 'Pronunciation lexicon'),
  intro: t(
    '收听音频由 espeak-ng 按拼音朗读。拼音先按分词逐词取读音（银行行长、重庆这类多音字大多已读对），这里的词条优先于自动读音，用于人名、地名和读错的多音字。修改后，含有该词的文章会重新生成音频；其他进程最多 30 秒内生效。',
    '收聽音訊由 espeak-ng 按拼音朗讀。拼音先按分詞逐詞取讀音（银行行长、重庆這類多音字大多已讀對），這裡的詞條優先於自動讀音，用於人名、地名和讀錯的多音字。修改後，含有該詞的文章會重新生成音訊；其他程序最多 30 秒內生效。',
    'Listen audio is read by espeak-ng from pinyin, looked up word by word after segmentation (polyphones such as 银行行长 and 重庆 are mostly right already). Entries here win over the automatic reading: use them for names, places and misread polyphones. After a change, articles containing the term get new audio; other processes follow within 30 seconds.',
  ),
  tryHeading: t('试读', '試讀', 'Try a reading'),
  tryHelp: t(
    '输入词语或句子，看它现在会怎样读：数字怎样念，拼音是什么。不保存任何内容。',
    '輸入詞語或句子，看它現在會怎樣讀：數字怎樣唸，拼音是什麼。不儲存任何內容。',
    'Type a term or a sentence to see how it would be read now: how numbers are said and which pinyin is used. Nothing is saved.',
  ),
  tryButton: t('试读', '試讀', 'Try'),
  shown: t('原文', '原文', 'As shown'),
  spoken: t('读作', '讀作', 'Said as'),
  pinyin: t('拼音', '拼音', 'Pinyin'),
  nothingToRead: t('这段文字没有可读的内容。', '這段文字沒有可讀的內容。', 'There is nothing to read in this text.'),
  addHeading: t('添加读音', '新增讀音', 'Add a pronunciation'),
  term: t('词语', '詞語', 'Term'),
  note: t('备注', '備註', 'Note'),
  pinyinHelp: t(
    '每个汉字一个带声调数字的音节，用空格隔开，如「朴槿惠」写 piao2 jin3 hui4；轻声写 5；ü 写 ü 或 v（lü4、lv4）。词语中的字母不注音，按字母读。',
    '每個漢字一個帶聲調數字的音節，用空格隔開，如「朴槿惠」寫 piao2 jin3 hui4；輕聲寫 5；ü 寫 ü 或 v（lü4、lv4）。詞語中的字母不注音，按字母讀。',
    'One syllable with a tone number per Chinese character, separated by spaces: 朴槿惠 is piao2 jin3 hui4; the neutral tone is 5; ü is ü or v (lü4, lv4). Letters in a term are read as letters and take no syllable.',
  ),
  entriesHeading: t('读音词条', '讀音詞條', 'Entries'),
  empty: t('还没有词条。', '還沒有詞條。', 'No entries yet.'),
  count: t('共 {n} 条', '共 {n} 條', '{n} in all'),
  add: t('添加', '新增', 'Add'),
  save: t('保存', '儲存', 'Save'),
  delete: t('删除', '刪除', 'Delete'),
  added: t('已添加读音。', '已新增讀音。', 'Pronunciation added.'),
  changed: t('已保存读音。', '已儲存讀音。', 'Pronunciation saved.'),
  deleted: t('已删除读音。', '已刪除讀音。', 'Pronunciation deleted.'),
} as const;

export type LexiconUiKey = keyof typeof STRINGS;

/** One string of the lexicon page, with `{name}` placeholders filled. */
export function lexiconText(lang: UiLang, key: LexiconUiKey, values: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
