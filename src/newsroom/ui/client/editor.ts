/**
 * The article editor: the form around a Tiptap body, saving with the article's version (a 409
 * shows the other person's change), the workflow actions the API allows, corrections,
 * revisions with compare and restore, and the preview link.
 */
import { Editor, Node } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import type { ArticleStatus, BodyBlock, EditableContent } from '../../../articles/model.js';
import { readingMinutes } from '../../../zh/normalise.js';
import type { UiKey } from '../i18n.js';
import { api, ApiError, sendOnLeave, uploadImage } from './api.js';
import { PRESERVED_NODE, blocksText, blocksToDoc, docToBlocks, type DocNode } from './blocks.js';
import type { T } from './boot.js';
import { stageKey, type ListItem } from './dashboard.js';
import { renderChanges, type Changes } from './diff-view.js';
import { byId, h, shortDateTime } from './dom.js';
import { askImageText, imageNode } from './image-node.js';
import { MARK_OPTIONS, PlainHeadings, inlineMarkControls, linkShortcut, type InlineMarkControls } from './inline-marks.js';
import { cleanPastedHtml } from './paste.js';

interface ArticleView {
  id: number;
  version: number;
  status: ArticleStatus;
  content: EditableContent;
  editor: string | null;
  returnComment: string | null;
  unpublishReason: string | null;
  scheduledAt: string | null;
  url: string | null;
  allowedActions: { action: string; label: string }[];
  /** The spam scorer's warning about this copy (GET, POST and PATCH answers carry it). */
  copyWarning?: string | null;
}
interface RevisionSummary {
  version: number;
  savedBy: { id: number; name: string } | null;
  savedAt: string;
  characterCount: number;
}

/** Workflow actions that get a button (publish with a future time schedules; edit is the form itself). */
const ACTION_BUTTONS = ['submit', 'return', 'publish', 'unschedule', 'unpublish', 'republish'] as const;
type ButtonAction = (typeof ACTION_BUTTONS)[number];

/** Blocks without an editing UI here (see blocks.ts) show as a labelled box that can be moved or deleted. */
const PreservedBlock = Node.create({
  name: PRESERVED_NODE,
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  addAttributes() {
    return { block: { default: null, rendered: false } };
  },
  parseHTML() {
    return [];
  },
  renderHTML({ node }) {
    const block = (node.attrs.block ?? {}) as Record<string, unknown>;
    const label = [block.type, block.alt, block.caption].filter((x) => typeof x === 'string' && x).join(' · ');
    return ['div', { class: 'preserved-block', 'data-kind': String(block.type ?? '') }, label];
  },
});

export function initEditor(t: T, initialId: number | null, timeZone: string): void {
  const form = byId<HTMLFormElement>('editor-form');
  const field = <E extends HTMLElement = HTMLInputElement>(name: string) => form.elements.namedItem(name) as unknown as E;
  const saveState = byId('save-state');
  let article: ArticleView | null = null;
  let tags: string[] = [];
  let related: string[] = [];
  let dirty = false;
  let busy = false;
  let marks: InlineMarkControls | undefined;

  const body = new Editor({
    element: byId('body-editor'),
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        strike: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        underline: false,
        heading: { levels: [2] },
        ...MARK_OPTIONS,
      }),
      PlainHeadings,
      linkShortcut(() => marks?.openLink()),
      PreservedBlock,
      imageNode(t),
    ],
    content: blocksToDoc([]),
    editorProps: {
      transformPastedHTML: cleanPastedHtml,
      attributes: { class: 'body-prose', role: 'textbox', 'aria-multiline': 'true', 'aria-label': t('body') },
    },
    onUpdate: () => {
      markDirty();
      updateCounts();
    },
  });

  const blocks = (): BodyBlock[] => docToBlocks(body.getJSON() as DocNode);
  marks = inlineMarkControls(t, body, byId('toolbar'));

  function markDirty(): void {
    dirty = true;
    saveState.textContent = t('unsaved');
    saveState.className = 'save-state save-state-dirty';
  }

  function updateCounts(): void {
    const text = blocksText(blocks()).replace(/\s/g, '');
    byId('counts').textContent = `${t('chars', { n: text.length })} · ${t('readingTime', { n: readingMinutes(text) })}`;
  }

  function showError(error: unknown): void {
    saveState.textContent = error instanceof ApiError ? error.message : t('error');
    saveState.className = 'save-state save-state-error';
  }

  // ---- Tags: chips; a comma, 、，or Enter ends one.
  const tagBox = byId('tags');
  const tagInput = field('tagInput');
  function renderTags(): void {
    tagBox.querySelectorAll('.chip').forEach((c) => c.remove());
    for (const tag of tags) {
      const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': `${t('removeTag')} ${tag}` }, '×');
      remove.addEventListener('click', () => {
        tags = tags.filter((x) => x !== tag);
        renderTags();
        markDirty();
      });
      tagBox.insertBefore(h('span', { class: 'chip' }, tag, remove), tagInput);
    }
  }
  function addTags(raw: string): void {
    for (const tag of raw.split(/[,，、]/).map((x) => x.trim()).filter(Boolean)) if (!tags.includes(tag)) tags.push(tag);
    tagInput.value = '';
    renderTags();
    markDirty();
  }
  tagInput.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ',' || event.key === '，') && !event.isComposing) {
      event.preventDefault();
      if (tagInput.value.trim()) addTags(tagInput.value);
    } else if (event.key === 'Backspace' && tagInput.value === '' && tags.length > 0) {
      tags.pop();
      renderTags();
      markDirty();
    }
  });
  let tagTimer: ReturnType<typeof setTimeout> | undefined;
  tagInput.addEventListener('input', () => {
    if (/[,，、]/.test(tagInput.value)) return addTags(tagInput.value);
    // Suggestions from the tags already in use.
    clearTimeout(tagTimer);
    const q = tagInput.value.trim();
    if (!q) return;
    tagTimer = setTimeout(async () => {
      const answer = await api<{ tags: string[] }>('GET', `/tags?q=${encodeURIComponent(q)}`).catch(() => ({ tags: [] }));
      byId('tag-options').replaceChildren(...answer.tags.filter((tag) => !tags.includes(tag)).map((tag) => h('option', { value: tag })));
    }, 150);
  });
  tagInput.addEventListener('blur', () => {
    if (tagInput.value.trim()) addTags(tagInput.value);
  });

  // ---- Related headlines: search as you type, Enter adds, up/down reorders.
  const relatedList = byId('related');
  const relatedInput = field('relatedSearch');
  function renderRelated(): void {
    relatedList.replaceChildren(
      ...related.map((headline, i) => {
        const button = (label: string, text: string, disabled: boolean, fn: () => void) => {
          const b = h('button', { type: 'button', class: 'icon-button', 'aria-label': `${label} ${headline}`, title: label, disabled }, text);
          b.addEventListener('click', () => {
            fn();
            renderRelated();
            markDirty();
          });
          return b;
        };
        const swap = (j: number) => {
          const other = related[j] as string;
          related[j] = headline;
          related[i] = other;
        };
        return h(
          'li',
          {},
          h('span', { class: 'related-title' }, headline),
          h(
            'span',
            { class: 'related-buttons' },
            button(t('moveUp'), '↑', i === 0, () => swap(i - 1)),
            button(t('moveDown'), '↓', i === related.length - 1, () => swap(i + 1)),
            button(t('remove'), '×', false, () => related.splice(i, 1)),
          ),
        );
      }),
    );
  }
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  relatedInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    const q = relatedInput.value.trim();
    if (!q) return;
    searchTimer = setTimeout(async () => {
      const answer = await api<{ items: ListItem[] }>('GET', `/articles?q=${encodeURIComponent(q)}`).catch(() => ({ items: [] }));
      byId('related-options').replaceChildren(...answer.items.filter((i) => i.id !== article?.id).map((i) => h('option', { value: i.title })));
    }, 200);
  });
  relatedInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    const headline = relatedInput.value.trim();
    if (headline && !related.includes(headline)) {
      related.push(headline);
      renderRelated();
      markDirty();
    }
    relatedInput.value = '';
  });

  // ---- The form ⇄ EditableContent.
  const optional = (name: string) => field<HTMLInputElement | HTMLTextAreaElement>(name).value.trim() || null;

  function collect(): Partial<EditableContent> & { title: string } {
    const content: Partial<EditableContent> & { title: string } = {
      title: field('title').value.trim(),
      subtitle: optional('subtitle'),
      summary: optional('summary'),
      body: blocks(),
      section: field<HTMLSelectElement>('section').value,
      tags: [...tags],
      related: [...related],
      seoTitle: optional('seoTitle'),
      seoDescription: optional('seoDescription'),
    };
    const source = optional('datelineSource');
    const date = field('datelineDate').value;
    // A new article leaves an empty dateline and byline to the API's defaults.
    if (source && date) content.dateline = { source, date, place: optional('datelinePlace'), kind: field<HTMLSelectElement>('datelineKind').value as '讯' | '电' };
    else if (article) content.dateline = null;
    const reporters = field('reporters').value.split(/[,，、]/).map((x) => x.trim()).filter(Boolean);
    if (reporters.length > 0 || article) content.byline = { reporters, reportType: optional('reportType'), place: optional('bylinePlace') };
    return content;
  }

  function fill(view: ArticleView): void {
    const c = view.content;
    field('title').value = c.title;
    field('subtitle').value = c.subtitle ?? '';
    field<HTMLTextAreaElement>('summary').value = c.summary ?? '';
    field<HTMLSelectElement>('section').value = c.section;
    field('datelineSource').value = c.dateline?.source ?? '';
    field('datelineDate').value = c.dateline?.date ?? '';
    field('datelinePlace').value = c.dateline?.place ?? '';
    field<HTMLSelectElement>('datelineKind').value = c.dateline?.kind ?? '讯';
    field('reporters').value = c.byline.reporters.join('、');
    field<HTMLSelectElement>('reportType').value = c.byline.reportType ?? '';
    field('bylinePlace').value = c.byline.place ?? '';
    field('seoTitle').value = c.seoTitle ?? '';
    field<HTMLTextAreaElement>('seoDescription').value = c.seoDescription ?? '';
    tags = [...c.tags];
    related = [...c.related];
    renderTags();
    renderRelated();
    body.commands.setContent(blocksToDoc(c.body), { emitUpdate: false });
    dirty = false;
    showMeta(view);
    updateCounts();
  }

  /** Everything that follows the article's state: stage, version, buttons, links, cards. */
  function showMeta(view: ArticleView): void {
    article = view;
    const badge = byId('stage-badge');
    badge.hidden = false;
    badge.className = `badge badge-${view.status}`;
    badge.textContent = t(stageKey(view.status));
    byId('version-info').textContent = t('version', { n: view.version });
    const returned = byId('return-comment');
    returned.hidden = !(view.status === 'returned' && view.returnComment);
    returned.textContent = `${t('returnedWith')}${view.returnComment ?? ''}`;
    // Transitions answer without the check; keep the last warning until a save re-checks.
    if (view.copyWarning !== undefined) {
      const warning = byId('copy-warning');
      warning.hidden = !view.copyWarning;
      warning.textContent = view.copyWarning ?? '';
    }
    const allowed = new Set(view.allowedActions.map((a) => a.action));
    byId('workflow-buttons').replaceChildren(
      ...ACTION_BUTTONS.filter((a) => allowed.has(a)).map((action) => {
        const b = h('button', { type: 'button', class: action === 'unpublish' ? 'button button-danger' : 'button', 'data-workflow': action }, t(`action_${action}` as UiKey));
        b.addEventListener('click', () => void runAction(action));
        return b;
      }),
    );
    byId('publish-at-field').hidden = !allowed.has('publish');
    // Reporters lose the pen once they submit: the form is shown read-only then.
    const canEdit = allowed.has('edit');
    byId('save-button').hidden = !canEdit;
    body.setEditable(canEdit, false);
    byId('toolbar').hidden = !canEdit;
    if (!canEdit) marks?.close();
    for (const el of form.querySelectorAll<HTMLInputElement>('.editor-main input, .editor-main textarea, .editor-side select, .editor-side fieldset input, .editor-side fieldset textarea, #tags input, #related ~ input')) el.disabled = !canEdit;
    relatedList.querySelectorAll('button').forEach((b) => b.toggleAttribute('hidden', !canEdit));
    tagBox.querySelectorAll('.chip-remove').forEach((b) => b.toggleAttribute('hidden', !canEdit));
    const preview = byId<HTMLAnchorElement>('preview-link');
    preview.hidden = false;
    preview.href = `/admin/articles/${view.id}/preview`;
    const pub = byId<HTMLAnchorElement>('public-link');
    pub.hidden = !view.url;
    pub.href = view.url ?? '#';
    const eor = byId('editor-of-record');
    eor.hidden = !view.editor;
    eor.textContent = `${t('editorOfRecord')}：${view.editor ?? ''}`;
    byId('corrections-card').hidden = !allowed.has('correct');
    byId('revisions-card').hidden = false;
    if (!dirty) {
      saveState.textContent = t('saved', { n: view.version });
      saveState.className = 'save-state';
    }
    void loadRevisions();
    startPresence();
  }

  // ---- Presence: a heartbeat every 20 s says who else has this article open.
  let presenceTimer: ReturnType<typeof setInterval> | undefined;
  async function beat(): Promise<void> {
    if (!article) return;
    const { editors } = await api<{ editors: { name: string }[] }>('POST', `/articles/${article.id}/presence`).catch(() => ({ editors: [] }));
    const el = byId('presence');
    el.hidden = editors.length === 0;
    el.textContent = t('alsoEditing', { names: editors.map((e) => e.name).join('、') });
  }
  function startPresence(): void {
    if (presenceTimer !== undefined) return;
    void beat();
    presenceTimer = setInterval(() => void beat(), 20_000);
  }
  window.addEventListener('pagehide', () => {
    if (article) sendOnLeave('DELETE', `/articles/${article.id}/presence`);
  });

  // ---- Saving.
  async function save(): Promise<boolean> {
    if (busy) return false;
    if (!form.reportValidity()) return false;
    busy = true;
    saveState.textContent = t('saving');
    try {
      const content = collect();
      const view = article
        ? await api<ArticleView>('PATCH', `/articles/${article.id}`, { ...content, version: article.version })
        : await api<ArticleView>('POST', '/articles', content);
      const created = !article;
      dirty = false;
      if (created) {
        history.replaceState(null, '', `/admin/articles/${view.id}`);
        fill(view);
      } else showMeta(view);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') showConflict(error);
      else showError(error);
      return false;
    } finally {
      busy = false;
    }
  }

  async function runAction(action: ButtonAction): Promise<void> {
    if (!article) return;
    if (dirty && !(await save())) return;
    const payload: Record<string, unknown> = { version: article.version };
    if (action === 'return') {
      const comment = prompt(t('returnPrompt'));
      if (!comment?.trim()) return;
      payload.comment = comment.trim();
    }
    if (action === 'unpublish') {
      const reason = prompt(t('unpublishPrompt'));
      if (!reason?.trim()) return;
      payload.reason = reason.trim();
    }
    const publishAt = field('publishAt').value;
    if (action === 'publish' && publishAt) payload.publishAt = new Date(publishAt).toISOString();
    try {
      const view = await api<ArticleView>('POST', `/articles/${article.id}/${action}`, payload);
      field('publishAt').value = '';
      showMeta(view);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') showConflict(error);
      else showError(error);
    }
  }

  // ---- Conflicts, comparisons: one dialog.
  const dialog = byId<HTMLDialogElement>('diff-dialog');
  const reload = byId<HTMLButtonElement>('diff-reload');
  function openDiff(title: string, help: string, content: HTMLElement, offerReload: boolean): void {
    byId('diff-title').textContent = title;
    byId('diff-help').textContent = help;
    byId('diff-body').replaceChildren(content);
    reload.hidden = !offerReload;
    dialog.showModal();
  }
  function showConflict(error: ApiError): void {
    const conflict = error.body.conflict as { changes: Changes | null } | undefined;
    saveState.textContent = error.message;
    saveState.className = 'save-state save-state-error';
    const changes = conflict?.changes ? renderChanges(t, conflict.changes) : h('p', {}, error.message);
    openDiff(t('conflictTitle'), t('conflictHelp'), changes, true);
  }
  reload.addEventListener('click', async () => {
    if (!article) return;
    fill(await api<ArticleView>('GET', `/articles/${article.id}`));
    dialog.close();
  });
  byId('diff-close').addEventListener('click', () => dialog.close());

  // ---- Revisions.
  async function loadRevisions(): Promise<void> {
    if (!article) return;
    const current = article;
    const { revisions } = await api<{ revisions: RevisionSummary[] }>('GET', `/articles/${current.id}/revisions`);
    byId('revisions').replaceChildren(
      ...revisions.map((r) => {
        const isCurrent = r.version === current.version;
        const compare = h('button', { type: 'button', class: 'link-button' }, t('compare'));
        compare.addEventListener('click', async () => {
          const result = await api<{ fields: Changes }>('GET', `/articles/${current.id}/revisions/compare?from=${r.version}&to=${current.version}`);
          openDiff(`${t('version', { n: r.version })} → ${t('version', { n: current.version })}`, '', renderChanges(t, result.fields), false);
        });
        const restore = h('button', { type: 'button', class: 'link-button' }, t('restore'));
        restore.addEventListener('click', async () => {
          if (!confirm(t('confirmRestore', { n: r.version }))) return;
          try {
            fill(await api<ArticleView>('POST', `/articles/${current.id}/revisions/${r.version}/restore`, { version: current.version }));
          } catch (error) {
            if (error instanceof ApiError && error.code === 'version_conflict') showConflict(error);
            else showError(error);
          }
        });
        return h(
          'li',
          {},
          h('span', { class: 'rev-version' }, t('version', { n: r.version })),
          h('span', { class: 'rev-meta' }, `${r.savedBy?.name ?? '—'} · ${shortDateTime(r.savedAt, timeZone)} · ${t('chars', { n: r.characterCount })}`),
          !isCurrent && h('span', { class: 'rev-buttons' }, compare, restore),
        );
      }),
    );
  }

  // ---- Corrections.
  byId('add-correction').addEventListener('click', async () => {
    const box = field<HTMLTextAreaElement>('correction');
    if (!article || !box.value.trim()) return;
    try {
      showMeta(await api<ArticleView>('POST', `/articles/${article.id}/corrections`, { text: box.value.trim() }));
      box.value = '';
    } catch (error) {
      showError(error);
    }
  });

  // ---- Toolbar and keys.
  byId('toolbar').addEventListener('click', (event) => {
    const cmd = (event.target as HTMLElement).closest<HTMLButtonElement>('button')?.dataset.cmd;
    if (marks?.command(cmd)) return;
    const chain = body.chain().focus();
    if (cmd === 'paragraph') chain.setParagraph().run();
    else if (cmd === 'subheading') chain.toggleHeading({ level: 2 }).run();
    else if (cmd === 'quote') chain.toggleBlockquote().run();
    else if (cmd === 'bulletList') chain.toggleBulletList().run();
    else if (cmd === 'orderedList') chain.toggleOrderedList().run();
    else if (cmd === 'image') byId<HTMLInputElement>('image-file').click();
    else if (cmd === 'undo') chain.undo().run();
    else if (cmd === 'redo') chain.redo().run();
  });
  // Images: choose a file, give its text, upload, insert at the cursor.
  const imageFile = byId<HTMLInputElement>('image-file');
  imageFile.addEventListener('change', async () => {
    const file = imageFile.files?.[0];
    imageFile.value = '';
    if (!file) return;
    const text = askImageText(t, { alt: '', caption: '', credit: '' });
    if (!text) return;
    saveState.textContent = t('uploading');
    try {
      const media = await uploadImage(file, text);
      body
        .chain()
        .focus()
        .insertContent({ type: 'image', attrs: { mediaId: media.id, alt: text.alt, caption: text.caption || null, credit: text.credit || null } })
        .run();
    } catch (error) {
      showError(error);
    }
  });

  // On every transaction, not only selection changes: Ctrl+B with nothing selected changes no selection.
  body.on('transaction', () => {
    const active: Record<string, boolean> = {
      paragraph: body.isActive('paragraph') && !body.isActive('blockquote') && !body.isActive('listItem'),
      subheading: body.isActive('heading', { level: 2 }),
      quote: body.isActive('blockquote'),
      bulletList: body.isActive('bulletList'),
      orderedList: body.isActive('orderedList'),
      ...marks?.active(),
    };
    byId('toolbar').querySelectorAll<HTMLButtonElement>('button[data-cmd]').forEach((b) => {
      const on = active[b.dataset.cmd ?? ''];
      if (on !== undefined) b.setAttribute('aria-pressed', String(on));
    });
  });
  form.addEventListener('input', (event) => {
    const target = event.target as HTMLElement;
    if (target.closest('.body-editor') || target === tagInput || target === relatedInput || target === field('publishAt')) return;
    markDirty();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    if (event.key === 's' || event.key === 'S') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Enter' && article?.allowedActions.some((a) => a.action === 'submit')) {
      event.preventDefault();
      void runAction('submit');
    }
  });
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });

  if (initialId !== null) {
    api<ArticleView>('GET', `/articles/${initialId}`).then(fill, showError);
  } else {
    updateCounts();
    field('title').focus();
  }
}
