import type { UiLang } from '../newsroom/ui/i18n.js';
import type { SpamAction, TermAction, TermCategory } from './model.js';

type Entry = Readonly<Record<UiLang, string>>;
const t = (zhHans: string, zhHant: string, en: string): Entry => ({ 'zh-Hans': zhHans, 'zh-Hant': zhHant, en });

/** The spam page's strings, in the newsroom's three languages (kept with the feature). */
const STRINGS = {
  nav: t('垃圾信息', '垃圾訊息', 'Spam'),
  title: t('垃圾信息过滤', '垃圾訊息過濾', 'Spam filter'),
  intro: t(
    '评论、导入稿件和爆料都经过同一套打分：先规范化（全角、零宽字符、繁简、变体写法、中文数字），再按词条、联系方式、贝叶斯模型、重复内容和发帖频率加分。新闻用词单独出现从不会让评论被拦下。',
    '評論、匯入稿件和爆料都經過同一套評分：先規範化（全形、零寬字元、繁簡、變體寫法、中文數字），再按詞條、聯絡方式、貝氏模型、重複內容和發文頻率加分。新聞用詞單獨出現從不會讓評論被攔下。',
    'Comments, imported copy and tips share one scorer: text is normalised (full-width, zero-width, Traditional, variant spellings, Chinese numerals), then terms, contacts, a Bayes model, near-duplicates and posting rates add scores. News words alone never hold a comment.',
  ),
  checkHeading: t('检查一段文字', '檢查一段文字', 'Check a text'),
  checkHelp: t('只打分，不记录、不学习。', '只評分，不記錄、不學習。', 'Scores only: nothing is recorded or learnt.'),
  checkButton: t('检查', '檢查', 'Check'),
  verdict: t('结论', '結論', 'Verdict'),
  score: t('分数', '分數', 'Score'),
  phase: t('环节', '環節', 'Phase'),
  signal: t('信号', '訊號', 'Signal'),
  noSignals: t('没有发现任何信号。', '沒有發現任何訊號。', 'No signals.'),
  termsHeading: t('词条', '詞條', 'Terms'),
  termsHelp: t(
    '词条在规范化后的文字上匹配，不看词的边界（“博彩”也能在“欢迎来博彩网站”里找到）。动作：flag 只加权重，由总分决定（权重低于 3 的博彩词是新闻也用的词，单独出现永远不会拦下评论）；hold 一出现就拦下待审；block 一出现就拒绝。',
    '詞條在規範化後的文字上匹配，不看詞的邊界（「博彩」也能在「歡迎來博彩網站」裡找到）。動作：flag 只加權重，由總分決定（權重低於 3 的博彩詞是新聞也用的詞，單獨出現永遠不會攔下評論）；hold 一出現就攔下待審；block 一出現就拒絕。',
    'Terms match normalised text without word boundaries (博彩 is found inside 欢迎来博彩网站). Action: flag adds its weight and the total decides (gambling words lighter than 3 are words news uses too and never hold a comment on their own); hold holds any text with it; block refuses it.',
  ),
  addHeading: t('添加词条', '新增詞條', 'Add a term'),
  term: t('词条', '詞條', 'Term'),
  normalised: t('匹配形式', '匹配形式', 'Matched as'),
  category: t('类别', '類別', 'Category'),
  weight: t('权重', '權重', 'Weight'),
  action: t('动作', '動作', 'Action'),
  add: t('添加', '新增', 'Add'),
  save: t('保存', '儲存', 'Save'),
  delete: t('删除', '刪除', 'Delete'),
  all: t('全部', '全部', 'All'),
  filter: t('筛选', '篩選', 'Filter'),
  count: t('共 {n} 条，版本 {v}', '共 {n} 條，版本 {v}', '{n} terms, version {v}'),
  added: t('已添加词条。', '已新增詞條。', 'Term added.'),
  changed: t('已保存修改。', '已儲存修改。', 'Change saved.'),
  deleted: t('已删除词条。', '已刪除詞條。', 'Term deleted.'),
} as const;

export type SpamUiKey = keyof typeof STRINGS;

/** One string of the spam page, with `{name}` placeholders filled. */
export function spamText(lang: UiLang, key: SpamUiKey, values: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

const CATEGORY_LABELS: Record<TermCategory, Entry> = {
  gambling: t('博彩', '博彩', 'gambling'),
  cta: t('招揽', '招攬', 'call to action'),
  'contact-lure': t('引流', '引流', 'contact lure'),
  porn: t('色情', '色情', 'porn'),
  scam: t('诈骗', '詐騙', 'scam'),
  abuse: t('辱骂', '辱罵', 'abuse'),
  other: t('其他', '其他', 'other'),
};

const ACTION_LABELS: Record<SpamAction, Entry> = {
  allow: t('放行', '放行', 'allow'),
  flag: t('标记', '標記', 'flag'),
  hold: t('拦下待审', '攔下待審', 'hold'),
  block: t('拒绝', '拒絕', 'block'),
};

export function categoryLabel(lang: UiLang, category: TermCategory): string {
  return CATEGORY_LABELS[category][lang];
}

export function actionLabel(lang: UiLang, action: SpamAction | TermAction): string {
  return ACTION_LABELS[action][lang];
}
