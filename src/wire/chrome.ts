/**
 * Page chrome: the labels that ride along when copy is pasted from a web page.
 *
 * The rule: a line is chrome only when it is short (at most 40 characters) and the WHOLE
 * line is made of chrome items, each matching one of the anchored patterns below from its
 * first character to its last. Items may be joined by | · • or runs of spaces
 * (`分享到：微信 微博 | 评论 (3)`). A sentence that merely contains 人气, 评论 or 爆料
 * (`这位人气歌手…`, `他向媒体爆料称…。`) never matches, because the patterns allow nothing
 * but the label, a count, a time, a contact, or share targets.
 */

const MAX_CHROME_LENGTH = 40;

const COUNT = '[\\d,，.]+\\s*(?:万|萬|次|人|K|k)?';
const PATTERNS: RegExp[] = [
  // view counters: 人气 1234, 人气：1,234, 閱讀 1234, 浏览次数：56, 1234 人阅读
  new RegExp(`^(?:人气|人氣|阅读|閱讀|阅读量|閱讀量|阅读数|閱讀數|浏览|瀏覽|浏览量|瀏覽量|浏览次数|瀏覽次數|点击|點擊|点击量|點擊量|热度|熱度|Views?)\\s*[:：]?\\s*(?:${COUNT})?$`, 'i'),
  new RegExp(`^${COUNT}\\s*(?:人气|人氣|次浏览|次瀏覽|次阅读|次閱讀|人阅读|人閱讀|views?)$`, 'i'),
  // audio player: 收听, 播放, Play, Listen, 朗读本文, optionally with a time; or a bare 00:00 / 03:21
  // (a lone 10:30 is left alone: chronologies print times on their own lines)
  /^(?:[▶►▷⏵🔊🎧]\s*)?(?:收听|收聽|收听本文|收聽本文|播放|暂停|暫停|Play|Pause|Listen|Listen to this article|朗读本文|朗讀本文|听新闻|聽新聞|语音播报|語音播報|点击收听|點擊收聽)\s*(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:\/\s*\d{1,2}:\d{2}(?::\d{2})?)?)?$/iu,
  /^(?:[▶►▷⏵🔊🎧]\s*)?\d{1,2}:\d{2}(?::\d{2})?\s*\/\s*\d{1,2}:\d{2}(?::\d{2})?$/u,
  /^[▶►▷⏵🔊🎧]$/u,
  // "more news"
  /^(?:更多新闻|更多新聞|查看更多|阅读更多|閱讀更多|更多|更多内容|更多內容|点击查看更多|點擊查看更多|More|Read more)\s*[>»›…]*$/i,
  // comments: 评论, 发表评论, 評論 (12), 0 条评论
  /^(?:评论|評論|发表评论|發表評論|我要评论|我要評論|查看评论|查看評論|网友评论|網友評論|留言|Comments?)\s*[:：]?\s*(?:[(（]\s*\d+\s*[)）]|\d+)?$/i,
  /^\d+\s*(?:条|條|则|則)?\s*(?:评论|評論|留言|comments?)$/i,
  // share: 分享到：, 分享到：微信 微博 QQ
  /^(?:分享到|分享至|分享|Share)\s*[:：]?\s*(?:(?:微信|微博|朋友圈|QQ空间|QQ空間|QQ|Facebook|Twitter|X|LINE|Line|WhatsApp|Telegram|复制链接|複製連結|复制|複製)[\s、,，/]*)*$/i,
];

/** The tip-line call, as one or more comma-joined parts: 欢迎提供新闻线索，报料电话：010-12345678. */
const TIP_PART =
  /^(?:欢迎|歡迎|请|請|如有)?(?:您)?(?:向本网|向本報|向本报|向我们|向我們)?(?:提供|投递|投遞)?(?:新闻线索|新聞線索|报料|報料|爆料)(?:热线|熱線|电话|電話|邮箱|郵箱|信箱|微信|平台|平臺)?\s*(?:[:：]\s*[\w@.+\-()（） ]+)?[。!！]?$/;

function isChromeItem(item: string): boolean {
  return PATTERNS.some((p) => p.test(item));
}

/**
 * Whether `line` (trimmed) is page chrome to drop: a view counter, audio-player label,
 * "more news", comment or share label, or the tip-line call. See the rule above.
 */
export function isChrome(line: string): boolean {
  const text = line.trim();
  if (text === '' || text.length > MAX_CHROME_LENGTH) return false;
  if (text.split(/[，,；;]/).every((part) => TIP_PART.test(part.trim()))) return true;
  const items = text
    .split(/[|｜•·]|\s{2,}/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 && items.every(isChromeItem);
}
