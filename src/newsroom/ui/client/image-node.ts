/**
 * The editor's image block: an atom node holding the media id and this article's alt text,
 * caption and credit. It shows the uploaded picture (a JPEG variant from /media, found
 * through GET /api/admin/media/:id) with its text and a button to change the text.
 */
import { Node } from '@tiptap/core';
import { api } from './api.js';
import type { T } from './boot.js';
import { h } from './dom.js';

interface MediaAnswer {
  variants: { width: number; format: string; key: string }[];
}

const previews = new Map<number, Promise<string | null>>();

/** The URL of a mid-size JPEG variant for the editor's preview (cached per media id). */
function previewUrl(mediaId: number): Promise<string | null> {
  let found = previews.get(mediaId);
  if (!found) {
    found = api<MediaAnswer>('GET', `/media/${mediaId}`).then(
      ({ variants }) => {
        const jpegs = variants.filter((v) => v.format === 'jpeg');
        const pick = jpegs.find((v) => v.width >= 640) ?? jpegs[jpegs.length - 1];
        return pick ? `/media/${pick.key}` : null;
      },
      () => null,
    );
    previews.set(mediaId, found);
  }
  return found;
}

/** Asks for the three texts (alt required); null when cancelled. */
export function askImageText(t: T, current: { alt: string; caption: string; credit: string }): { alt: string; caption: string; credit: string } | null {
  const alt = prompt(t('imageAltPrompt'), current.alt);
  if (alt === null || !alt.trim()) return null;
  const caption = prompt(t('imageCaptionPrompt'), current.caption);
  if (caption === null) return null;
  const credit = prompt(t('imageCreditPrompt'), current.credit);
  if (credit === null) return null;
  return { alt: alt.trim(), caption: caption.trim(), credit: credit.trim() };
}

export function imageNode(t: T) {
  return Node.create({
    name: 'image',
    group: 'block',
    atom: true,
    selectable: true,
    draggable: true,
    addAttributes() {
      return {
        mediaId: { default: null, rendered: false },
        alt: { default: '', rendered: false },
        caption: { default: null, rendered: false },
        credit: { default: null, rendered: false },
      };
    },
    // Pasted <img> tags are not ours (no media id): they are dropped, not half-imported.
    parseHTML() {
      return [];
    },
    renderHTML({ node }) {
      return ['figure', { class: 'image-block' }, String(node.attrs.alt ?? '')];
    },
    addNodeView() {
      return ({ node, getPos, editor }) => {
        const a = node.attrs as { mediaId: number; alt: string; caption: string | null; credit: string | null };
        const img = h('img', { alt: a.alt });
        void previewUrl(a.mediaId).then((url) => {
          if (url) img.src = url;
        });
        const edit = h('button', { type: 'button', class: 'link-button' }, t('imageEditText'));
        edit.addEventListener('click', () => {
          const text = askImageText(t, { alt: a.alt, caption: a.caption ?? '', credit: a.credit ?? '' });
          const pos = typeof getPos === 'function' ? getPos() : undefined;
          if (!text || pos === undefined) return;
          editor
            .chain()
            .command(({ tr }) => {
              tr.setNodeMarkup(pos, undefined, { ...a, alt: text.alt, caption: text.caption || null, credit: text.credit || null });
              return true;
            })
            .run();
        });
        const dom = h(
          'figure',
          { class: 'image-block', contenteditable: 'false' },
          img,
          h('figcaption', {}, a.caption ?? '', a.credit ? h('span', { class: 'image-credit' }, `（${a.credit}）`) : null, h('span', { class: 'image-alt' }, a.alt), edit),
        );
        return { dom };
      };
    },
  });
}
