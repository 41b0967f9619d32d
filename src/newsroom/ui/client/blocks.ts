/**
 * Tiptap (ProseMirror) JSON ⇄ our article body blocks. Pure functions, shared by the browser
 * editor and the tests. The editor offers exactly what the model holds: paragraphs,
 * subheadings (h2), quotes with an optional source, and bulleted or numbered lists, all plain
 * text, and images (an uploaded media id with this article's alt text, caption and credit).
 * A quote's source is its last paragraph when that starts with "——".
 */
import type { BodyBlock } from '../../../articles/model.js';

/** The part of Tiptap's JSONContent we read and write. */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: { type: string }[];
}

/**
 * A block the editor has no editing UI for (e.g. an image added through the API) travels
 * through the editor untouched as this atom node.
 */
export const PRESERVED_NODE = 'preservedBlock';

/** Marks a quote's source paragraph (the way Chinese copy sets it: ——某某). */
export const CITE_PREFIX = '——';

const textNode = (text: string): DocNode[] => (text ? [{ type: 'text', text }] : []);
const paragraph = (text: string): DocNode => ({ type: 'paragraph', content: textNode(text) });

/** Our blocks as a Tiptap document. */
export function blocksToDoc(blocks: readonly BodyBlock[]): DocNode {
  const content = blocks.map((block): DocNode => {
    switch (block.type) {
      case 'paragraph':
        return paragraph(block.text);
      case 'subheading':
        return { type: 'heading', attrs: { level: 2 }, content: textNode(block.text) };
      case 'quote':
        return {
          type: 'blockquote',
          content: [...block.text.split('\n').map(paragraph), ...(block.cite ? [paragraph(CITE_PREFIX + block.cite)] : [])],
        };
      case 'list':
        return {
          type: block.ordered ? 'orderedList' : 'bulletList',
          ...(block.ordered && { attrs: { start: 1 } }),
          content: block.items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
        };
      case 'image':
        return { type: 'image', attrs: { mediaId: block.mediaId, alt: block.alt, caption: block.caption, credit: block.credit } };
      default:
        return { type: PRESERVED_NODE, attrs: { block } };
    }
  });
  return { type: 'doc', content: content.length > 0 ? content : [paragraph('')] };
}

/** The text of an inline run; hard breaks become newlines. */
function inlineText(node: DocNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(inlineText).join('');
}

/** Every textblock's text under `node`, in order (for content nested where we keep none). */
function textblocks(node: DocNode): string[] {
  if (node.type === 'paragraph' || node.type === 'heading') return [inlineText(node)];
  return (node.content ?? []).flatMap(textblocks);
}

const clean = (text: string) => text.replace(/[ \t\u00a0\u3000]+$/gm, '').trim();

/** A Tiptap document as our blocks: empty paragraphs and items are dropped, text is trimmed. */
export function docToBlocks(doc: DocNode): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  for (const node of doc.content ?? []) {
    switch (node.type) {
      case 'heading': {
        const text = clean(inlineText(node).replace(/\n+/g, ' '));
        if (text) blocks.push({ type: 'subheading', text });
        break;
      }
      case 'blockquote': {
        const parts = textblocks(node).map(clean).filter(Boolean);
        const last = parts[parts.length - 1];
        const cite = parts.length > 1 && last?.startsWith(CITE_PREFIX) ? clean(last.slice(CITE_PREFIX.length)) : '';
        const text = (cite ? parts.slice(0, -1) : parts).join('\n');
        if (text) blocks.push(cite ? { type: 'quote', text, cite } : { type: 'quote', text });
        break;
      }
      case 'bulletList':
      case 'orderedList': {
        const items = (node.content ?? []).flatMap(textblocks).map(clean).filter(Boolean);
        if (items.length > 0) blocks.push({ type: 'list', ordered: node.type === 'orderedList', items });
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
        for (const text of textblocks(node).map(clean)) if (text) blocks.push({ type: 'paragraph', text });
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
