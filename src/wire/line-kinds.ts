/**
 * What a single line of plain-text copy is, apart from page chrome (chrome.ts) and the
 * dateline and byline (dateline.ts).
 */

/** Lines up to this many characters, without sentence punctuation, are subheadings. */
export const SUBHEADING_MAX = 25;

const EDITOR_LABEL = '(?:责任编辑|責任編輯|责编|責編)\\s*[:：]?|(?:编辑|編輯)\\s*[:：]';
const EDITOR_NAME = '([^()（）【】\\[\\]:：,，。、\\s][^()（）【】\\[\\]:：,，。]{0,19}?)';
const EDITOR_LINE = new RegExp(`^[(（【\\[]?\\s*(?:${EDITOR_LABEL})\\s*${EDITOR_NAME}\\s*[)）】\\]]?$`);
const EDITOR_TAIL = new RegExp(`[(（【\\[]\\s*(?:${EDITOR_LABEL})\\s*${EDITOR_NAME}\\s*[)）】\\]]$`);

/** The editor named by a 责任编辑 line (`责任编辑：王五`, `（責任編輯:王五）`), or null. */
export function matchEditorLine(line: string): string | null {
  return EDITOR_LINE.exec(line)?.[1]?.trim() ?? null;
}

/** A paragraph that ends with `（责任编辑：王五）`: the text before it and the editor. */
export function splitEditorTail(text: string): { text: string; editor: string } | null {
  const m = EDITOR_TAIL.exec(text);
  if (!m?.[1]) return null;
  return { text: text.slice(0, m.index).trim(), editor: m[1].trim() };
}

const END_MARK = /^[(（【\[—\-\s]*(?:完|全文完|END)[)）】\]—\-\s]*$/i;
const END_TAIL = /[(（]\s*(?:完|全文完)\s*[)）]$/;

/** The end-of-copy mark: `（完）`, `【完】`, `—完—`. */
export function isEndMark(line: string): boolean {
  return END_MARK.test(line);
}

/** A paragraph ending with `（完）`: the text without it, and the mark. */
export function splitEndTail(text: string): { text: string; mark: string } | null {
  const m = END_TAIL.exec(text);
  return m ? { text: text.slice(0, m.index).trim(), mark: m[0] } : null;
}

const RELATED_HEADING =
  /^[【\[]?\s*(?:相关新闻|相關新聞|相关报道|相關報導|相关报导|相關報道|相关阅读|相關閱讀|延伸阅读|延伸閱讀)\s*[】\]]?\s*(?:[:：]\s*(.*))?$/;

/** A 相关新闻 heading; `inline` is a headline on the same line (`相关新闻：标题`), else ''. */
export function matchRelatedHeading(line: string): { inline: string } | null {
  const m = RELATED_HEADING.exec(line);
  return m ? { inline: stripBullet(m[1] ?? '') } : null;
}

const BULLET = /^(?:[·•・▪■◆●○◇►▶*\-－—–]+|\d{1,2}\s*[.、)）．]|[(（]\s*\d{1,2}\s*[)）]|[①-⑳])\s*/;

/** A related headline without its bullet or number. */
export function stripBullet(line: string): string {
  return line.replace(BULLET, '').trim();
}

/** A 【…】 line: its inside, for a subheading (the caller has ruled out a dateline). */
export function matchBracketHeading(line: string): string | null {
  const m = /^[【\[]\s*([^【】\[\]]{1,40}?)\s*[】\]]$/.exec(line);
  return m?.[1] ?? null;
}

/** Punctuation that ends a sentence; a line holding any is prose, not a heading. */
const SENTENCE_PUNCT = /[。！？；…!?;]/;
/** Punctuation a line can end on without the sentence having ended: it was wrapped. */
const OPEN_END = /[，、,：:（(“「『]$/;
/** Punctuation that closes a paragraph. */
const CLOSED_END = /[。！？；…!?;”」』）)】\]"'’]$/;

/**
 * A short standalone line without sentence punctuation: `一、会议背景`, `现场直击`.
 * Quotes and parenthesised notes are prose, whatever their length.
 */
export function isShortHeading(line: string): boolean {
  return (
    line.length <= SUBHEADING_MAX &&
    !SENTENCE_PUNCT.test(line) &&
    !OPEN_END.test(line) &&
    !/^[“「『"(（]/.test(line) &&
    !/^[\d\s.,:%-]+$/.test(line)
  );
}

/**
 * Whether a paragraph line goes on in the next line: hard-wrapped copy breaks lines
 * mid-sentence. A line continues when it ends on a comma or colon, or when it is longer
 * than a heading and ends without closing punctuation.
 */
export function continuesOnNextLine(line: string): boolean {
  if (OPEN_END.test(line)) return true;
  return line.length > SUBHEADING_MAX && !CLOSED_END.test(line);
}

/** Whether a line ends a paragraph with closing punctuation (。！？ or a closing quote). */
export function endsClosed(line: string): boolean {
  return CLOSED_END.test(line);
}

/** Joins wrapped lines: no space between Chinese characters, one between Latin words. */
export function joinWrapped(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : `${a}${b}`;
}
