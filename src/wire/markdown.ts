import { Lexer, type MarkedToken, type Token } from 'marked';
import {
  isSafeHref,
  joinSpans,
  normaliseSpans,
  replaceInSpans,
  sliceSpans,
  spansText,
  splitSpans,
  storedSpans,
  textSpans,
  trimSpans,
} from '../articles/inline-spans.js';
import type { BodyBlock, Dateline, InlineSpan } from '../articles/model.js';
import { detectScript } from '../zh/script.js';
import { matchBylineAt, matchDateline } from './dateline.js';
import { LineError } from './errors.js';
import { parseFrontMatter, splitFrontMatter, type FrontMatter } from './front-matter.js';
import { splitEditorTail } from './line-kinds.js';
import { reportFromArticle, type ParsedWire, type ParseOptions } from './report.js';
import { contentSourceKey } from './source-key.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Marked leaves character references in text as written; the body holds characters. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Soft line breaks inside a paragraph: none between Chinese characters, a space between words. */
function joinSoftBreaks(spans: readonly InlineSpan[]): InlineSpan[] {
  return replaceInSpans(spans, /[ \t]*\n[ \t]*/g, (match, offset, all) =>
    /[A-Za-z0-9,.;:!?]/.test(all[offset - 1] ?? '') && /[A-Za-z0-9]/.test(all[offset + match.length] ?? '') ? ' ' : '',
  );
}

interface Flattening {
  inlineHtml: boolean;
  images: number;
  /** Targets of [text](url) links refused by isSafeHref; their text is kept. */
  unsafeLinks: string[];
}

type Marks = Omit<InlineSpan, 'text'>;

/**
 * Inline Markdown as spans: **bold**, *italic* / _italic_ and [text](url) or <url> links
 * (safe targets only) become marks; code, strikethrough and bare URLs are flattened to their
 * text. Bare URLs stay text because GFM's autolinks run on into Chinese text with no space.
 */
function inline(tokens: readonly Token[] | undefined, state: Flattening, marks: Marks = {}): InlineSpan[] {
  const out: InlineSpan[] = [];
  const text = (value: string) => out.push({ text: value, ...marks });
  for (const token of tokens ?? []) {
    const t = token as MarkedToken;
    switch (t.type) {
      case 'html':
        state.inlineHtml = true;
        break;
      case 'image':
        state.images++;
        break;
      case 'br':
        text('\n');
        break;
      case 'codespan':
        text(decodeEntities(t.text));
        break;
      case 'strong':
        out.push(...inline(t.tokens, state, { ...marks, bold: true }));
        break;
      case 'em':
        out.push(...inline(t.tokens, state, { ...marks, italic: true }));
        break;
      case 'link': {
        const explicit = t.raw.startsWith('[') || t.raw.startsWith('<');
        const href = decodeEntities(t.href).trim();
        if (explicit && !isSafeHref(href)) state.unsafeLinks.push(href);
        out.push(...inline(t.tokens, state, explicit && isSafeHref(href) ? { ...marks, href } : marks));
        break;
      }
      case 'text':
      case 'escape':
        if ('tokens' in t && t.tokens?.length) out.push(...inline(t.tokens, state, marks));
        else text(decodeEntities(t.text));
        break;
      case 'list':
        out.push(...joinSpans(t.items.map((item) => inline(item.tokens, state, marks)), '\n'));
        break;
      case 'checkbox':
      case 'space':
      case 'def':
        break;
      default:
        if ('tokens' in t && t.tokens) out.push(...inline(t.tokens, state, marks));
        else if ('text' in t) text(decodeEntities(t.text));
    }
  }
  return normaliseSpans(out);
}

function plain(tokens: readonly Token[] | undefined, state: Flattening): InlineSpan[] {
  return trimSpans(joinSoftBreaks(inline(tokens, state)));
}

/** `text` from the spans, and the spans themselves only when something is marked. */
function withSpans(spans: readonly InlineSpan[]): { text: string; spans?: InlineSpan[] } {
  const stored = storedSpans(spans);
  return stored ? { text: spansText(spans), spans: stored } : { text: spansText(spans) };
}

/** Sets a paragraph's text and spans after an edit of its spans. */
function setParagraph(block: Extract<BodyBlock, { type: 'paragraph' }>, spans: readonly InlineSpan[]): void {
  const { text, spans: stored } = withSpans(spans);
  block.text = text;
  if (stored) block.spans = stored;
  else delete block.spans;
}

/** A quote's last line `—— 某人` is its attribution. */
function quoteBlock(spans: InlineSpan[]): BodyBlock {
  const lines = splitSpans(spans, '\n');
  const last = spansText(lines[lines.length - 1] ?? []).trim();
  const cite = /^(?:——|—|--|－－)\s*(.+)$/.exec(last)?.[1];
  if (cite && lines.length > 1) return { type: 'quote', ...withSpans(trimSpans(joinSoftBreaks(joinSpans(lines.slice(0, -1), '\n')))), cite: cite.trim() };
  return { type: 'quote', ...withSpans(joinSoftBreaks(spans)) };
}

/** Maps Markdown block tokens to body blocks; raw HTML is dropped with a warning. */
function toBlocks(markdown: string, firstLine: number, dropped: string[], warnings: string[]): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  const state: Flattening = { inlineHtml: false, images: 0, unsafeLinks: [] };
  let line = firstLine;
  for (const token of new Lexer({ gfm: true }).lex(markdown)) {
    const t = token as MarkedToken;
    const at = line + (/^\s*/.exec(t.raw)?.[0].match(/\n/g)?.length ?? 0);
    line += (t.raw.match(/\n/g) ?? []).length;
    switch (t.type) {
      case 'heading': {
        const text = spansText(plain(t.tokens, state));
        if (text) blocks.push({ type: 'subheading', text });
        break;
      }
      case 'paragraph': {
        const spans = plain(t.tokens, state);
        if (spans.length > 0) blocks.push({ type: 'paragraph', ...withSpans(spans) });
        break;
      }
      case 'blockquote': {
        // Lines are kept apart until the attribution (—— 某人) is found on the last one.
        const lines = t.tokens.map((inner) => trimSpans(inline([inner], state))).filter((line) => line.length > 0);
        if (lines.length > 0) blocks.push(quoteBlock(joinSpans(lines, '\n')));
        break;
      }
      case 'list': {
        const items = t.items.map((item) => plain(item.tokens, state)).filter((item) => item.length > 0);
        const marked = items.map((item) => storedSpans(item) ?? null);
        if (items.length) {
          blocks.push({ type: 'list', ordered: t.ordered, items: items.map(spansText), ...(marked.some((m) => m !== null) && { itemSpans: marked }) });
        }
        break;
      }
      case 'html':
        dropped.push(t.raw.trim());
        warnings.push(`line ${at}: 原始 HTML 已丢弃 (raw HTML block dropped)`);
        break;
      case 'code':
        if (t.text.trim()) blocks.push({ type: 'paragraph', text: t.text.trim() });
        warnings.push(`line ${at}: 代码块按普通段落导入 (code block imported as a plain paragraph)`);
        break;
      case 'table':
        for (const row of [t.header, ...t.rows]) {
          const text = row.map((cell) => spansText(plain(cell.tokens, state))).join(' | ');
          if (text.trim()) blocks.push({ type: 'paragraph', text });
        }
        warnings.push(`line ${at}: 表格按段落导入，每行一段 (table imported as one paragraph per row)`);
        break;
      default:
        break; // space, hr, link definitions
    }
  }
  if (state.inlineHtml) warnings.push('正文中的 HTML 标签已去除 (inline HTML tags removed)');
  if (state.images) warnings.push(`图片未导入 (${state.images} image(s) not imported)`);
  for (const href of state.unsafeLinks) warnings.push(`链接地址不安全，按纯文本导入 (unsafe link target kept as text: ${href})`);
  return blocks;
}

/** Copy pasted in with its printed dateline and byline: take what the front matter lacks. */
function takePrintedDateline(
  blocks: BodyBlock[],
  fm: FrontMatter,
  bodyLine: number,
  referenceDate: string,
  warnings: string[],
): { dateline: Dateline | null; byline: { reporters: string[]; reportType: string | null; place: string | null } | null } {
  const first = blocks.find((b) => b.type !== 'subheading');
  if (first?.type !== 'paragraph') return { dateline: null, byline: null };
  const found = matchDateline(first.text, bodyLine, referenceDate);
  if (!found) return { dateline: null, byline: null };
  const rest = first.text.slice(found.length);
  const inline = matchBylineAt(rest, bodyLine, found.place);
  setParagraph(first, trimSpans(sliceSpans(textSpans(first), found.length + (inline?.length ?? 0))));
  if (!first.text) blocks.splice(blocks.indexOf(first), 1);
  if (fm.dateline) warnings.push(`line ${bodyLine}: 正文重复了电头，已删去 (printed dateline removed; front matter has one)`);
  else warnings.push(...found.warnings);
  return {
    dateline: found.date ? { source: found.source, date: found.date, place: found.place, kind: found.kind } : null,
    byline: inline?.byline ?? null,
  };
}

/**
 * Parses Markdown with YAML front matter (see src/wire/fixtures/README.md for the fields).
 * Headings become subheadings, `>` quotes, lists lists; bold, italic and links become spans
 * (a link with an unsafe target keeps its text, with a warning), other inline markup is
 * flattened to text and raw HTML dropped. Throws a LineError for bad front matter or a
 * missing title.
 */
export function parseMarkdown(text: string, options: ParseOptions): ParsedWire {
  if (text.trim() === '') throw new LineError(1, '文件为空 (empty file)');
  const dropped: string[] = [];
  const warnings: string[] = [];
  const split = splitFrontMatter(text);
  let fm: FrontMatter | null = null;
  let fieldLines: Record<string, number> = {};
  if (split.yaml !== null) {
    const parsed = parseFrontMatter(split.yaml, split.yamlLine);
    fm = parsed.data;
    fieldLines = parsed.lines;
    warnings.push(...parsed.warnings);
  }
  const blocks = toBlocks(split.body, split.bodyLine, dropped, warnings);
  if (!fm) {
    // Without front matter, a leading heading is the title.
    const first = blocks[0];
    if (first?.type !== 'subheading') throw new LineError(1, '缺少标题 (no title: add front matter with title:, or start with a # heading)');
    blocks.shift();
    fm = parseFrontMatter(`title: ${JSON.stringify(first.text)}`, 1).data;
    warnings.push('没有 front matter，以第一个标题为题 (no front matter; the first heading is the title)');
  } else if (blocks[0]?.type === 'subheading' && blocks[0].text === fm.title) {
    blocks.shift(); // the title repeated as a # heading
  }
  const printed = takePrintedDateline(blocks, fm, split.bodyLine, options.referenceDate, warnings);
  const dateline = fm.dateline ?? printed.dateline;
  const lastBlock = blocks[blocks.length - 1];
  let editor = fm.editor;
  if (lastBlock?.type === 'paragraph') {
    const tail = splitEditorTail(lastBlock.text);
    if (tail) {
      editor ??= tail.editor;
      // The tail is cut from the end, so what is left is a prefix of the (trimmed) text.
      setParagraph(lastBlock, trimSpans(sliceSpans(textSpans(lastBlock), 0, tail.text.length)));
      if (!tail.text) blocks.pop();
    }
  }
  const printedByline = fm.reporters.length ? null : printed.byline;
  const article = {
    sourceKey: fm.source ?? contentSourceKey('md', fm.title, dateline?.date ?? null),
    title: fm.title,
    subtitle: fm.subtitle,
    summary: fm.summary,
    body: blocks,
    section: options.section ?? fm.section,
    tags: fm.tags,
    dateline,
    byline: printedByline
      ? { reporters: printedByline.reporters, reportType: printedByline.reportType, place: printedByline.place }
      : { reporters: fm.reporters, reportType: fm.reportType, place: fm.bylinePlace },
    editor,
    status: options.status === 'draft' ? ('draft' as const) : fm.status,
    publishedAt: fm.publishedAt,
    updatedAt: fm.updatedAt,
    sourceScript: fm.script ?? detectScript(`${fm.title}\n${split.body}`),
    related: fm.related.filter((h) => h !== fm.title),
  };
  if (!fm.source) warnings.push('没有 source，按标题和日期生成 (no source: key made from title and date)');
  if (!article.body.some((b) => b.type === 'paragraph')) warnings.push('没有正文段落 (no body paragraphs)');
  return { article, report: reportFromArticle(article, { dropped, warnings }), fieldLines };
}
