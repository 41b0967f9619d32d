/**
 * Bold, italic and links in the body editor: the Tiptap options that switch them on (links
 * limited to the targets the model accepts, subheadings kept plain), the toolbar's B / I /
 * 链接 buttons, Ctrl/Cmd+K, and a small bar in the toolbar to set, change or remove a link.
 */
import { Extension, type Editor } from '@tiptap/core';
import { isSafeHref } from '../../../articles/inline-spans.js';
import type { T } from './boot.js';
import { h } from './dom.js';

/** StarterKit options for the marks the model holds; underline, strike and code stay off. */
export const MARK_OPTIONS = {
  link: {
    openOnClick: false,
    autolink: false,
    // Pasting a URL over selected text links it; the URL is still checked by isAllowedUri.
    linkOnPaste: true,
    defaultProtocol: 'https',
    isAllowedUri: (url: string) => typeof url === 'string' && isSafeHref(url),
    // The editor's own rendering: links are not followed from the editor.
    HTMLAttributes: { target: null, rel: null },
  },
} as const;

/** Subheadings are plain text in the model, so the editor allows no marks in them either. */
export const PlainHeadings = Extension.create({
  name: 'plainHeadings',
  extendNodeSchema(extension) {
    return extension.name === 'heading' ? { marks: '' } : {};
  },
});

/** The inline-mark controls wired to `editor`: the toolbar commands and the link bar. */
export interface InlineMarkControls {
  /** Runs a toolbar command if it is one of ours (bold, italic, link); false otherwise. */
  command(cmd: string | undefined): boolean;
  /** Opens the link bar for the selection (or the link at the cursor). */
  openLink(): void;
  /** Which of our toolbar buttons are pressed at the cursor. */
  active(): Record<string, boolean>;
  /** Hides the link bar (when the editor becomes read-only). */
  close(): void;
}

/** Ctrl/Cmd+K opens the link bar (`open` is called when the key is pressed, so it may be wired later). */
export function linkShortcut(open: () => void) {
  return Extension.create({
    name: 'linkShortcut',
    addKeyboardShortcuts() {
      return {
        'Mod-k': () => {
          open();
          return true;
        },
      };
    },
  });
}

/** The controls for `editor`; the link bar opens at the end of `toolbar`. */
export function inlineMarkControls(t: T, editor: Editor, toolbar: HTMLElement): InlineMarkControls {
  const input = h('input', { type: 'text', id: 'link-href', inputmode: 'url', autocomplete: 'off', spellcheck: 'false', placeholder: 'https://', 'aria-describedby': 'link-error' });
  const apply = h('button', { type: 'button', class: 'button', 'data-link': 'apply' }, t('linkApply'));
  const remove = h('button', { type: 'button', class: 'button', 'data-link': 'remove' }, t('linkRemove'));
  const cancel = h('button', { type: 'button', class: 'button button-quiet', 'data-link': 'cancel' }, t('linkCancel'));
  const error = h('span', { class: 'form-error', id: 'link-error', role: 'alert' });
  const bar = h(
    'div',
    { class: 'link-bar', id: 'link-bar', role: 'group', 'aria-label': t('link') },
    h('label', { for: 'link-href', class: 'field-label' }, t('linkAddress')),
    input,
    apply,
    remove,
    cancel,
    error,
  );

  function open(): void {
    if (!editor.isEditable) return;
    const current = editor.getAttributes('link').href;
    input.value = typeof current === 'string' ? current : '';
    remove.hidden = !editor.isActive('link');
    error.textContent = '';
    // In the toolbar, so it stays in view with it (the toolbar is sticky) however far down the
    // cursor is; attached only while open, so the toolbar holds just its buttons otherwise.
    toolbar.append(bar);
    input.focus();
    input.select();
  }

  function close(): void {
    bar.remove();
    editor.commands.focus();
  }

  function setLink(): void {
    const href = input.value.trim();
    if (href === '') return unsetLink();
    if (!isSafeHref(href)) {
      error.textContent = t('linkInvalid');
      input.focus();
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive('link')) {
      // Nothing selected: the address itself becomes the linked text.
      editor.chain().focus().insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
    bar.remove();
  }

  function unsetLink(): void {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    bar.remove();
  }

  apply.addEventListener('click', setLink);
  remove.addEventListener('click', unsetLink);
  cancel.addEventListener('click', close);
  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    // Enter must not submit the article form around the bar.
    if (event.key === 'Enter') {
      event.preventDefault();
      setLink();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
  // Typing an address is not an edit of the article.
  input.addEventListener('input', (event) => event.stopPropagation());

  return {
    command(cmd) {
      if (cmd === 'bold') editor.chain().focus().toggleBold().run();
      else if (cmd === 'italic') editor.chain().focus().toggleItalic().run();
      else if (cmd === 'link') open();
      else return false;
      return true;
    },
    openLink: open,
    active: () => ({ bold: editor.isActive('bold'), italic: editor.isActive('italic'), link: editor.isActive('link') }),
    close: () => bar.remove(),
  };
}
