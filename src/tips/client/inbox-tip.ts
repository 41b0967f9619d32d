/**
 * One tip in the inbox: triage (status, assignee, delete), its items decrypted in the browser
 * with the loaded newsroom key (messages shown, attachments streamed into a Blob to download),
 * and the reply form, which encrypts here to the tip's reader recipient AND the newsroom's
 * recipients before anything is posted.
 */
import { h, shortDateTime } from '../../newsroom/ui/client/dom.js';
import { TIP_TRIAGE_STATUSES, TIP_STATUS_LABELS, type AdminTipDetail, type AdminTipItem, type TipMessagePayload, type TipReplyPayload, type TipTriageStatus } from '../tips-protocol.js';
import { decryptStreamToBlob, decryptText, encryptText, TipCryptoError } from './age-tools.js';
import { deleteTip, getTip, itemBytes, itemStream, patchTip, postReply, type InboxUser } from './inbox-api.js';
import { loadedIdentities } from './inbox-key.js';
import { statusBadge } from './inbox-list.js';
import { formatBytes } from './upload.js';

/** Text attachments up to this size get a 预览 button next to 下载. */
const PREVIEW_TEXT_BYTES = 1024 * 1024;

type FileInfo = TipMessagePayload['files'][number];

function problem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isMessagePayload(value: unknown): value is TipMessagePayload {
  const v = value as Partial<TipMessagePayload> | null;
  return typeof v === 'object' && v !== null && typeof v.message === 'string' && Array.isArray(v.files);
}

function isReplyPayload(value: unknown): value is TipReplyPayload {
  const v = value as Partial<TipReplyPayload> | null;
  return typeof v === 'object' && v !== null && typeof v.message === 'string';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Hands a Blob to the browser as a download named `name`, then lets go of it. */
function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function attachmentCard(item: AdminTipItem, info: FileInfo | undefined, n: number, meta: HTMLElement): HTMLElement {
  const name = info?.name ?? `附件-${item.id}`;
  const type = info?.type ?? 'application/octet-stream';
  const status = h('span', { class: 'tip-hint', role: 'status' });
  const preview = h('div', {});
  const decrypt = async (): Promise<Blob | null> => {
    status.textContent = '正在解密…';
    try {
      // Never the type the source claimed: a blob of text/html opened in this origin would run as the newsroom.
      const blob = await decryptStreamToBlob(loadedIdentities(), await itemStream(item.url), 'application/octet-stream');
      status.textContent = `已解密（${formatBytes(blob.size)}）`;
      return blob;
    } catch (error) {
      status.textContent = problem(error);
      return null;
    }
  };
  const save = h('button', { type: 'button', class: 'button', 'data-tip-download': String(item.id) }, '解密并下载');
  save.addEventListener('click', () => void decrypt().then((blob) => blob && download(blob, name)));
  const canPreview = type.startsWith('text/') && (info?.size ?? item.bytes) <= PREVIEW_TEXT_BYTES;
  const show = canPreview ? h('button', { type: 'button', class: 'button', 'data-tip-preview': String(item.id) }, '预览') : null;
  show?.addEventListener('click', () =>
    void decrypt().then(async (blob) => {
      if (blob) preview.replaceChildren(h('pre', { class: 'tip-preview-text', 'data-tip-preview-text': String(item.id) }, await blob.text()));
    }),
  );
  const locked = loadedIdentities().length === 0;
  if (locked) {
    save.disabled = true;
    if (show) show.disabled = true;
  }
  return h(
    'li',
    { class: 'tip-item', 'data-author': 'source', 'data-tip-item': String(item.id) },
    meta,
    h(
      'p',
      { class: 'tip-attachment' },
      h('strong', {}, info ? `附件 ${n}：${name}` : `附件 ${n}`),
      h('span', { class: 'tip-hint' }, `${info ? `${type}，原文件 ${formatBytes(info.size)}，` : ''}密文 ${formatBytes(item.bytes)}`),
      save,
      show,
      status,
    ),
    locked && h('p', { class: 'tip-hint' }, '载入私钥后可解密。'),
    preview,
  );
}

async function messageCard(item: AdminTipItem, meta: HTMLElement): Promise<{ card: HTMLElement; files: FileInfo[] }> {
  const card = h('li', { class: 'tip-item', 'data-author': item.author, 'data-tip-item': String(item.id) }, meta);
  if (loadedIdentities().length === 0) {
    card.append(h('p', { class: 'tip-hint' }, `加密内容（${formatBytes(item.bytes)}）。载入私钥后可阅读。`));
    return { card, files: [] };
  }
  try {
    const text = await decryptText(loadedIdentities(), await itemBytes(item.url));
    const payload = parseJson(text);
    if (item.author === 'source' && isMessagePayload(payload)) {
      card.append(h('div', { class: 'tip-message-text', 'data-tip-message': String(item.id) }, payload.message || '（没有文字，只有附件）'));
      if (payload.contact) card.append(h('p', { class: 'tip-contact' }, h('strong', {}, '联系方式：'), payload.contact));
      if (payload.files.length > 0) card.append(h('p', { class: 'tip-hint' }, `附件 ${payload.files.length} 个，见下。`));
      return { card, files: payload.files };
    }
    card.append(h('div', { class: 'tip-message-text', 'data-tip-message': String(item.id) }, isReplyPayload(payload) ? payload.message : text));
  } catch (error) {
    card.append(h('p', { class: 'tip-error' }, error instanceof TipCryptoError ? error.message : problem(error)));
  }
  return { card, files: [] };
}

/**
 * The items in order. Each source message names its submission's attachments (`batch`), in the
 * order of that batch's file items; the message comes first on the JavaScript path and last on
 * the plain-form path, so messages are decrypted before any attachment is shown.
 */
async function renderItems(list: HTMLElement, tip: AdminTipDetail, timeZone: string): Promise<void> {
  const metaOf = (item: AdminTipItem) => {
    const who = item.author === 'newsroom' ? `编辑部回复 · ${item.authorName ?? ''}` : item.kind === 'message' ? '来源留言' : '来源附件';
    return h('p', { class: 'tip-item-meta' }, `${who} · ${shortDateTime(item.createdAt, timeZone)}`);
  };
  const messages = new Map<number, HTMLElement>();
  const filesOfBatch = new Map<number, FileInfo[]>();
  for (const item of tip.items) {
    if (item.kind !== 'message') continue;
    const { card, files } = await messageCard(item, metaOf(item));
    messages.set(item.id, card);
    if (item.author === 'source' && item.batch !== null) filesOfBatch.set(item.batch, files);
  }
  const shownOfBatch = new Map<number, number>();
  let n = 0;
  for (const item of tip.items) {
    const message = messages.get(item.id);
    if (message) {
      list.append(message);
      continue;
    }
    n += 1;
    const batch = item.batch ?? 0;
    const k = shownOfBatch.get(batch) ?? 0;
    shownOfBatch.set(batch, k + 1);
    list.append(attachmentCard(item, filesOfBatch.get(batch)?.[k], n, metaOf(item)));
  }
}

function triage(tip: AdminTipDetail, me: InboxUser, saved: (tip: AdminTipDetail) => void, back: () => void): HTMLElement {
  const note = h('span', { class: 'tip-hint', role: 'status' });
  const status = h(
    'select',
    { name: 'status', 'data-tip-status': '' },
    TIP_TRIAGE_STATUSES.map((s) => h('option', { value: s, selected: s === tip.status }, TIP_STATUS_LABELS[s])),
  );
  const assignee = h(
    'select',
    { name: 'assignee', 'data-tip-assignee': '' },
    h('option', { value: '' }, '未指派'),
    h('option', { value: String(me.id), selected: tip.assignee?.id === me.id }, `我（${me.name}）`),
    tip.assignee && tip.assignee.id !== me.id && h('option', { value: String(tip.assignee.id), selected: true }, tip.assignee.name),
  );
  const save = (patch: Parameters<typeof patchTip>[1]) => {
    note.textContent = '正在保存…';
    patchTip(tip.id, patch).then(
      (changed) => {
        note.textContent = '已保存。';
        saved(changed);
      },
      (error: unknown) => {
        note.textContent = problem(error);
      },
    );
  };
  status.addEventListener('change', () => save({ status: status.value as TipTriageStatus }));
  assignee.addEventListener('change', () => save({ assigneeId: assignee.value === '' ? null : Number(assignee.value) }));
  const remove = h('button', { type: 'button', class: 'button button-danger' }, '删除线索');
  remove.addEventListener('click', () => {
    if (!confirm(`删除线索 #${tip.id} 及其全部文件？此操作无法撤销。`)) return;
    deleteTip(tip.id).then(back, (error: unknown) => {
      note.textContent = problem(error);
    });
  });
  return h(
    'div',
    { class: 'tip-triage' },
    h('label', { class: 'tip-field' }, h('span', { class: 'tip-field-label' }, '状态'), status),
    h('label', { class: 'tip-field' }, h('span', { class: 'tip-field-label' }, '负责人'), assignee),
    remove,
    note,
  );
}

function replyForm(tip: AdminTipDetail, refresh: () => void): HTMLElement {
  const text = h('textarea', { name: 'reply', rows: '6', maxlength: '20000', 'data-tip-reply-text': '' });
  const note = h('p', { class: 'tip-hint', role: 'status' });
  const send = h('button', { type: 'submit', class: 'button button-primary' }, '加密并发送回复');
  const form = h(
    'form',
    { class: 'tip-reply-form', 'data-tip-reply-form': '' },
    h('h2', {}, '回复来源'),
    h('p', { class: 'tip-hint' }, '回复在本页加密，只有持回执码的来源和编辑部能读。不要在回复里要求对方透露不必要的身份信息。'),
    h('label', { class: 'tip-field' }, h('span', { class: 'tip-field-label' }, '回复内容'), text),
    h('p', { class: 'tip-actions' }, send),
    note,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const message = text.value.trim();
    if (!message) {
      note.textContent = '请填写回复内容。';
      return;
    }
    send.disabled = true;
    note.textContent = '正在加密并发送…';
    const payload: TipReplyPayload = { v: 1, message, sentAt: new Date().toISOString() };
    encryptText([tip.readerRecipient, ...tip.newsroomRecipients], JSON.stringify(payload))
      .then((ciphertext) => postReply(tip.id, new Uint8Array(ciphertext)))
      .then(
        () => {
          text.value = '';
          refresh();
        },
        (error: unknown) => {
          send.disabled = false;
          note.textContent = problem(error);
        },
      );
  });
  return form;
}

/** Renders tip `id` into `view`; `back` returns to the list. */
export async function renderTip(view: HTMLElement, id: number, me: InboxUser, timeZone: string, back: () => void): Promise<void> {
  const refresh = () => void renderTip(view, id, me, timeZone, back).catch((error: unknown) => view.replaceChildren(h('p', { class: 'tip-error' }, problem(error))));
  const tip = await getTip(id);
  const toList = h('a', { href: '/admin/tips' }, '← 返回线索列表');
  toList.addEventListener('click', (event) => {
    event.preventDefault();
    back();
  });
  const items = h('ol', { class: 'tip-items', 'aria-live': 'polite' });
  let badge = statusBadge(tip.status);
  // A triage change updates the page in place (no reload, so the decrypted items stay).
  const saved = (changed: AdminTipDetail) => {
    const next = statusBadge(changed.status);
    badge.replaceWith(next);
    badge = next;
  };
  view.replaceChildren(
    h('p', {}, toList),
    h('h1', { class: 'page-title' }, `线索 #${tip.id} `, badge),
    h(
      'p',
      { class: 'tip-hint' },
      `收到于 ${shortDateTime(tip.createdAt, timeZone)} · 最近活动 ${shortDateTime(tip.updatedAt, timeZone)} · 密文共 ${formatBytes(tip.totalBytes)}，${tip.itemCount} 件`,
    ),
    triage(tip, me, saved, back),
    items,
    replyForm(tip, refresh),
    h('p', { class: 'tip-hint' }, '下载的原始文件可能带有元数据（作者、设备、位置）。发表或转交前，请在离线电脑上用 mat2 清除。'),
  );
  await renderItems(items, tip, timeZone);
}
