import type { BodyBlock, Byline, Dateline } from '../articles/model.js';
import { stripInvisible } from '../zh/normalise.js';
import { detectScript } from '../zh/script.js';
import { isChrome } from './chrome.js';
import { matchBylineAt, matchBylineLine, matchDateline, type FoundByline, type FoundDateline } from './dateline.js';
import { LineError } from './errors.js';
import {
  continuesOnNextLine,
  endsClosed,
  isEndMark,
  isShortHeading,
  joinWrapped,
  matchBracketHeading,
  matchEditorLine,
  matchRelatedHeading,
  splitEditorTail,
  splitEndTail,
  stripBullet,
} from './line-kinds.js';
import { reportFromArticle, type ParsedWire, type ParseOptions } from './report.js';
import { contentSourceKey } from './source-key.js';

interface Line {
  no: number;
  text: string;
  /** The rest of the dateline's line: always prose, and wrapped if it ends open. */
  lead?: boolean;
  /** Page chrome, blanked out. */
  chrome?: boolean;
}

/** How many lines after the headline may hold a subtitle or byline before the dateline. */
const HEAD_LINES = 3;

/** The dateline, byline and subtitle found between the headline and the body. */
interface Head {
  dateline: FoundDateline | null;
  byline: FoundByline | null;
  subtitle: string | null;
  /** Where the body starts: index into the lines, and a first line cut after the dateline. */
  bodyFrom: number;
  firstLine: Line | null;
  lines: { dateline?: number; byline?: number };
}

/** Finds the dateline among the first lines after the headline (see HEAD_LINES). */
function readHead(lines: Line[], from: number, referenceDate: string, warnings: string[]): Head {
  const head: Head = { dateline: null, byline: null, subtitle: null, bodyFrom: from, firstLine: null, lines: {} };
  const seen: { index: number; byline: FoundByline | null }[] = [];
  for (let i = from; i < lines.length && seen.length < HEAD_LINES; i++) {
    const line = lines[i];
    if (!line || line.text === '') continue;
    const dateline = matchDateline(line.text, line.no, referenceDate);
    if (dateline) {
      head.dateline = dateline;
      head.lines.dateline = line.no;
      warnings.push(...dateline.warnings);
      for (const s of seen) {
        const before = lines[s.index];
        if (s.byline && !head.byline) {
          head.byline = s.byline;
          head.lines.byline = before?.no;
        } else if (!s.byline && before) head.subtitle = before.text;
      }
      let rest = line.text.slice(dateline.length);
      const inline = matchBylineAt(rest, line.no, dateline.place);
      if (inline) {
        head.byline ??= inline.byline;
        head.lines.byline ??= line.no;
        rest = rest.slice(inline.length);
      }
      rest = rest.trim();
      head.bodyFrom = i + 1;
      if (rest) head.firstLine = { no: line.no, text: rest, lead: true };
      else if (!head.byline) readBylineOnOwnLine(lines, head, dateline.place);
      return head;
    }
    const byline = matchBylineLine(line.text, line.no, null);
    // Before a dateline there may be bylines and one subtitle; anything more is body.
    if (!byline && seen.some((s) => !s.byline)) break;
    seen.push({ index: i, byline });
  }
  warnings.push('没有电头 (no dateline found; copy is keyed by its title alone, so any copy with this title updates the same article)');
  const first = lines.findIndex((l, i) => i >= from && l.text !== '');
  const line = lines[first];
  if (!line) return head;
  const own = matchBylineLine(line.text, line.no, null);
  if (own) {
    head.byline = own;
    head.lines.byline = line.no;
    head.bodyFrom = first + 1;
    return head;
  }
  const inline = matchBylineAt(line.text, line.no, null);
  head.bodyFrom = first + 1;
  if (inline) {
    head.byline = inline.byline;
    head.lines.byline = line.no;
    const rest = line.text.slice(inline.length).trim();
    if (rest) head.firstLine = { no: line.no, text: rest, lead: true };
  } else head.firstLine = line;
  return head;
}

/** A dateline alone on its line may have its byline on the next line. */
function readBylineOnOwnLine(lines: Line[], head: Head, place: string | null): void {
  const next = lines.findIndex((l, i) => i >= head.bodyFrom && l.text !== '');
  const line = lines[next];
  if (!line) return;
  const byline = matchBylineLine(line.text, line.no, place);
  if (byline) {
    head.byline = byline;
    head.lines.byline = line.no;
    head.bodyFrom = next + 1;
  }
}

/** The body: paragraphs, subheadings, the 责任编辑 line and the 相关新闻 block. */
interface Body {
  blocks: BodyBlock[];
  related: string[];
  editor: string | null;
  editorLine?: number;
}

function readBody(lines: Line[], dropped: Line[], warnings: string[]): Body {
  const body: Body = { blocks: [], related: [], editor: null };
  const setEditor = (name: string, no: number) => {
    if (body.editor && body.editor !== name) {
      warnings.push(`line ${no}: 重复的责任编辑，保留“${body.editor}” (second editor line "${name}" ignored)`);
      return;
    }
    body.editor = name;
    body.editorLine = no;
  };
  const isProse = (text: string) =>
    text !== '' && !matchEditorLine(text) && !isEndMark(text) && !matchRelatedHeading(text) && matchBracketHeading(text) === null;

  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (!line || line.text === '') continue;
    const t = line.text;
    const editor = matchEditorLine(t);
    if (editor) {
      setEditor(editor, line.no);
      continue;
    }
    if (isEndMark(t)) {
      dropped.push(line);
      continue;
    }
    const relatedHeading = matchRelatedHeading(t);
    if (relatedHeading) {
      if (relatedHeading.inline) body.related.push(relatedHeading.inline);
      k = readRelated(lines, k + 1, body, setEditor, dropped);
      if (body.related.length === 0) warnings.push(`line ${line.no}: 相关新闻下没有标题 (related-news heading without headlines)`);
      continue;
    }
    const bracketed = line.lead ? null : matchBracketHeading(t);
    if (bracketed !== null || (!line.lead && isShortHeading(t))) {
      body.blocks.push({ type: 'subheading', text: bracketed ?? t });
      continue;
    }
    let text = t;
    let last = t;
    const goesOn = (text: string) => (line.lead && text === t ? !endsClosed(text) : continuesOnNextLine(text));
    while (goesOn(last) && isProse(lines[k + 1]?.text ?? '')) {
      k++;
      last = lines[k]?.text ?? '';
      text = joinWrapped(text, last);
    }
    // A paragraph may close the copy with （完） and （责任编辑：王五）, in either order.
    for (let round = 0; round < 2; round++) {
      const end = splitEndTail(text);
      if (end) {
        dropped.push({ no: lines[k]?.no ?? line.no, text: end.mark });
        text = end.text;
      }
      const tail = splitEditorTail(text);
      if (tail) {
        setEditor(tail.editor, lines[k]?.no ?? line.no);
        text = tail.text;
      }
    }
    if (text) body.blocks.push({ type: 'paragraph', text });
  }
  return body;
}

/** Reads headlines after a 相关新闻 heading until a blank line; returns the last index read. */
function readRelated(
  lines: Line[],
  from: number,
  body: Body,
  setEditor: (name: string, no: number) => void,
  dropped: Line[],
): number {
  let k = from;
  // Blank lines between the heading and its first headline are allowed.
  if (body.related.length === 0) while (lines[k]?.text === '') k++;
  for (; k < lines.length; k++) {
    const line = lines[k];
    if (line?.chrome) continue; // a 更多新闻 label inside the list does not end it
    if (!line || line.text === '') break;
    const editor = matchEditorLine(line.text);
    if (editor) setEditor(editor, line.no);
    else if (isEndMark(line.text)) dropped.push(line);
    else {
      const headline = stripBullet(line.text);
      if (headline) body.related.push(headline);
    }
  }
  return k;
}

/**
 * Parses plain-text wire copy: headline, dateline (讯 or 电), byline, body paragraphs and
 * subheadings, 责任编辑, 相关新闻; page chrome is dropped and listed. Throws a LineError for
 * an empty file or an impossible dateline date.
 */
export function parsePlainText(text: string, options: ParseOptions): ParsedWire {
  const dropped: Line[] = [];
  const warnings: string[] = [];
  const lines: Line[] = text.split('\n').map((t, i) => ({ no: i + 1, text: stripInvisible(t).trim() }));
  if (lines.every((l) => l.text === '')) throw new LineError(1, '文件为空 (empty file)');
  for (const line of lines) {
    if (isChrome(line.text)) {
      dropped.push({ ...line });
      // A blank keeps the paragraphs around it apart, as the chrome line did.
      line.text = '';
      line.chrome = true;
    }
  }
  const titleIndex = lines.findIndex((l) => l.text !== '');
  const titleLine = lines[titleIndex];
  if (!titleLine) throw new LineError(1, '没有标题，只有网页杂项 (no headline: the file holds only page chrome)');
  const title = titleLine.text;
  if (title.length > 200) throw new LineError(titleLine.no, `标题过长 (headline is ${title.length} characters; at most 200)`);
  if (matchDateline(title, titleLine.no, options.referenceDate)) {
    warnings.push(`line ${titleLine.no}: 第一行是电头，标题可能缺失 (the first line is a dateline: is the headline missing?)`);
  }

  const head = readHead(lines, titleIndex + 1, options.referenceDate, warnings);
  if (head.byline) warnings.push(...head.byline.warnings);
  else warnings.push('没有署名 (no byline found)');
  const bodyLines = head.firstLine ? [head.firstLine, ...lines.slice(head.bodyFrom)] : lines.slice(head.bodyFrom);
  const body = readBody(bodyLines, dropped, warnings);
  if (!body.editor) warnings.push('没有责任编辑 (no 责任编辑 editor line)');
  if (!body.blocks.some((b) => b.type === 'paragraph')) warnings.push('没有正文段落 (no body paragraphs)');

  const found = head.dateline;
  const dateline: Dateline | null =
    found?.date ? { source: found.source, date: found.date, place: found.place, kind: found.kind } : null;
  const byline: Byline = head.byline
    ? { reporters: head.byline.reporters, reportType: head.byline.reportType, place: head.byline.place }
    : { reporters: [], reportType: null, place: null };
  const article = {
    sourceKey: contentSourceKey('text', title, dateline?.date ?? null),
    title,
    subtitle: head.subtitle,
    summary: null,
    body: body.blocks,
    section: options.section,
    tags: [],
    dateline,
    byline,
    editor: body.editor,
    status: options.status,
    publishedAt: null,
    updatedAt: null,
    sourceScript: detectScript(text),
    related: body.related.filter((h) => h !== title),
  };
  const fieldLines: Record<string, number> = { title: titleLine.no, subtitle: titleLine.no + 1, body: head.lines.dateline ?? titleLine.no + 1 };
  if (head.lines.dateline) fieldLines.dateline = head.lines.dateline;
  if (head.lines.byline) fieldLines.byline = head.lines.byline;
  if (body.editorLine) fieldLines.editor = body.editorLine;
  return {
    article,
    report: reportFromArticle(article, {
      dropped: dropped.sort((a, b) => a.no - b.no).map((d) => d.text),
      warnings, outlet: found?.source ?? null, kind: found?.kind ?? null }),
    fieldLines,
  };
}
