/**
 * Tiptap (ProseMirror) JSON ⇄ our article body blocks. Pure functions, shared by the browser
 * editor and the tests. The editor offers exactly what the model holds: paragraphs,
 * subheadings (h2, plain text), quotes with an optional source, and bulleted or numbered
 * lists, with bold, italic and links inside paragraphs, quotes and list items; and images (an
 * uploaded media id with this article's alt text, caption and credit).
 * A quote's source is its last paragraph when that starts with "——".
 */
import { itemSpans, joinSpans, plainSpans, replaceInSpans, spansText, splitSpans, storedSpans, textSpans, trimSpans } from '../../../articles/inline-spans.js';
import type { BodyBlock, InlineSpan } from '../../../articles/model.js';

/** A mark on a text node: bold, italic, or link with its href. */
export interface DocMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** The part of Tiptap's JSONContent we read and write. */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: DocMark[];
}

/**
 * A block the editor has no editing UI for (e.g. an image added through the API) travels
 * through the editor untouched as this atom node.
 */
export const PRESERVED_NODE = 'preservedBlock';

/** Marks a quote's source paragraph (the way Chinese copy sets it: ——某某). */
export const CITE_PREFIX = '——';

function marksFor(span: InlineSpan): DocMark[] {
  return [
    ...(span.bold ? [{ type: 'bold' }] : []),
    ...(span.italic ? [{ type: 'italic' }] : []),
    ...(span.href !== undefined ? [{ type: 'link', attrs: { href: span.href } }] : []),
  ];
}

/** Spans as inline nodes: marked text nodes, and a hard break for each line break. */
function inlineNodes(spans: readonly InlineSpan[]): DocNode[] {
  return spans.flatMap((span) => {
    const marks = marksFor(span);
    return span.text.split('\n').flatMap((part, i): DocNode[] => [
      ...(i > 0 ? [{ type: 'hardBreak' }] : []),
      ...(part ? [{ type: 'text', text: part, ...(marks.length > 0 && { marks }) }] : []),
    ]);
  });
}

const paragraph = (spans: readonly InlineSpan[]): DocNode => ({ type: 'paragraph', content: inlineNodes(spans) });

/** Our blocks as a Tiptap document. */
export function blocksToDoc(blocks: readonly BodyBlock[]): DocNode {
  const content = blocks.map((block): DocNode => {
    switch (block.type) {
      case 'paragraph':
        return paragraph(textSpans(block));
      case 'subheading':
        return { type: 'heading', attrs: { level: 2 }, content: inlineNodes(plainSpans(block.text)) };
      case 'quote':
        return {
          type: 'blockquote',
          content: [...splitSpans(textSpans(block), '\n').map(paragraph), ...(block.cite ? [paragraph(plainSpans(CITE_PREFIX + block.cite))] : [])],
        };
      case 'list':
        return {
          type: block.ordered ? 'orderedList' : 'bulletList',
          ...(block.ordered && { attrs: { start: 1 } }),
          content: itemSpans(block).map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
        };
      case 'image':
        return { type: 'image', attrs: { mediaId: block.mediaId, alt: block.alt, caption: block.caption, credit: block.credit } };
      default:
        return { type: PRESERVED_NODE, attrs: { block } };
    }
  });
  return { type: 'doc', content: content.length > 0 ? content : [paragraph([])] };
}

/** The marks of a text node as a span's; marks the model has no room for are ignored. */
function spanOf(text: string, marks: readonly DocMark[] | undefined): InlineSpan {
  const span: InlineSpan = { text };
  for (const mark of marks ?? []) {
    if (mark.type === 'bold') span.bold = true;
    else if (mark.type === 'italic') span.italic = true;
    else if (mark.type === 'link' && typeof mark.attrs?.href === 'string' && mark.attrs.href) span.href = mark.attrs.href;
  }
  return span;
}

/** The spans of an inline run; hard breaks become newlines. */
function inlineSpans(node: DocNode): InlineSpan[] {
  if (node.type === 'text') return [spanOf(node.text ?? '', node.marks)];
  if (node.type === 'hardBreak') return [{ text: '\n' }];
  return (node.content ?? []).flatMap(inlineSpans);
}

/** Every textblock's spans under `node`, in order (for content nested where we keep none). */
function textblocks(node: DocNode): InlineSpan[][] {
  if (node.type === 'paragraph' || node.type === 'heading') return [inlineSpans(node)];
  return (node.content ?? []).flatMap(textblocks);
}

/** Spaces at line ends and at both ends removed, marks kept. */
const clean = (spans: readonly InlineSpan[]) => trimSpans(replaceInSpans(spans, /[ \t\u00a0\u3000]+$/gm, () => ''));

/** `spans` on a block only when something is marked. */
function withSpans<B extends { text: string }>(block: B, spans: readonly InlineSpan[]): B & { spans?: InlineSpan[] } {
  const stored = storedSpans(spans);
  return stored ? { ...block, spans: stored } : block;
}

/** A Tiptap document as our blocks: empty paragraphs and items are dropped, text is trimmed. */
export function docToBlocks(doc: DocNode): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const node of doc.content ?? []) {
    switch (node.type) {
      case 'heading': {
        // Subheadings are plain text (the editor's schema allows no marks there either).
        const text = spansText(clean(replaceInSpans(inlineSpans(node), /\n+/g, () => ' ')));
        if (text) blocks.push({ type: 'subheading', text });
        break;
      }
      case 'blockquote': {
        const parts = textblocks(node).map(clean).filter((p) => p.length > 0);
        const last = parts[parts.length - 1];
        const lastText = last ? spansText(last) : '';
        const cite = parts.length > 1 && lastText.startsWith(CITE_PREFIX) ? lastText.slice(CITE_PREFIX.length).trim() : '';
        const spans = joinSpans(cite ? parts.slice(0, -1) : parts, '\n');
        const text = spansText(spans);
        if (text) blocks.push(withSpans(cite ? { type: 'quote' as const, text, cite } : { type: 'quote' as const, text }, spans));
        break;
      }
      case 'bulletList':
      case 'orderedList': {
        const items = (node.content ?? []).flatMap(textblocks).map(clean).filter((p) => p.length > 0);
        if (items.length === 0) break;
        const marked = items.map((item) => storedSpans(item) ?? null);
        blocks.push({
          type: 'list',
          ordered: node.type === 'orderedList',
          items: items.map(spansText),
          ...(marked.some((s) => s !== null) && { itemSpans: marked }),
        });
        break;
      }
      case 'image': {
        const a = node.attrs ?? {};
        const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
        if (typeof a.mediaId === 'number') blocks.push({ type: 'image', mediaId: a.mediaId, alt: text(a.alt) ?? '', caption: text(a.caption), credit: text(a.credit) });
        break;
      }
      case PRESERVED_NODE: {
        const block = node.attrs?.block as BodyBlock | undefined;
        if (block) blocks.push(block);
        break;
      }
      default: {
        for (const spans of textblocks(node).map(clean)) if (spans.length > 0) blocks.push(withSpans({ type: 'paragraph' as const, text: spansText(spans) }, spans));
      }
    }
  }
  return blocks;
}

/** The body's readable text, one block or item a line (for counts). */
export function blocksText(blocks: readonly BodyBlock[]): string {
  return blocks
    .map((b) => {
      if (b.type === 'list') return b.items.join('\n');
      if (b.type === 'quote') return [b.text, b.cite ?? ''].join('\n');
      return 'text' in b ? b.text : '';
    })
    .join('\n');
}
