/**
 * The receipt page with JavaScript (`form[data-tip-receipt-form]`): the receipt unlocks the
 * tip's own age identity here, in the browser (scrypt), which decrypts the newsroom's replies;
 * the reader can then send more (the same encrypted, chunked upload as the first time).
 * The receipt stays in this page's memory only.
 */
import { h } from '../../newsroom/ui/client/dom.js';
import { normaliseReceipt, TIP_STATUS_LABELS, type TipReplyPayload, type TipStatusResponse } from '../tips-protocol.js';
import { decryptText, decryptWithPassphrase, TipCryptoError } from './age-tools.js';
import { formAlert, sealAndUpload, setBusy, showAlert } from './send-form.js';
import { fetchReply, problemText, startFollowUp, tipStatus } from './tips-api.js';

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** 2025-03-18 09:30 in the reader's own clock (the page is not tied to the outlet's zone). */
function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function isReplyPayload(value: unknown): value is TipReplyPayload {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** Lets the browser paint a status line before a synchronous scrypt holds the thread. */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

async function readReplies(receipt: string, status: TipStatusResponse): Promise<HTMLElement[]> {
  const identity = (await decryptWithPassphrase(receipt, base64Bytes(status.lockedIdentity))).trim();
  const items: HTMLElement[] = [];
  for (const reply of status.replies) {
    const text = await decryptText([identity], await fetchReply(reply.url, receipt));
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
    const message = isReplyPayload(payload) ? payload.message : text;
    items.push(
      h(
        'li',
        { class: 'tip-reply', 'data-tip-reply': String(reply.id) },
        h('p', { class: 'tip-reply-meta' }, `编辑部 · ${localTime(reply.createdAt)}`),
        h('div', { class: 'tip-reply-body' }, message),
      ),
    );
  }
  return items;
}

/** The form to send more, built once the receipt has opened the tip. */
function followUpForm(receipt: string): HTMLFormElement {
  const form = h(
    'form',
    { class: 'tip-form tip-followup', 'data-tip-followup': '' },
    h('h2', {}, '补充材料'),
    h('p', { class: 'tip-hint' }, '补充的内容同样在您的浏览器里加密后才发送，只有编辑部能解密。'),
    h('label', { class: 'tip-field' }, h('span', { class: 'tip-field-label' }, '补充说明'), h('textarea', { name: 'message', rows: '6' })),
    h('label', { class: 'tip-field' }, h('span', { class: 'tip-field-label' }, '附件（可多选）'), h('input', { type: 'file', name: 'files', multiple: true })),
    h('p', { class: 'tip-actions' }, h('button', { type: 'submit', class: 'tip-button tip-button-primary' }, '加密并发送')),
  );
  const alert = formAlert(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const sent = await sealAndUpload(form, alert, () => startFollowUp(receipt), (panel) => form.append(panel));
      if (!sent) return;
      form.reset();
      setBusy(form, false);
      const done = h('p', { class: 'tip-success', role: 'status', 'data-tip-followup-sent': '' }, '补充材料已加密发送。回执码不变。');
      form.querySelector('[data-tip-followup-sent]')?.remove();
      form.append(done);
    })();
  });
  return form;
}

async function open(form: HTMLFormElement, alert: HTMLElement, result: HTMLElement): Promise<void> {
  showAlert(alert, null);
  const field = form.elements.namedItem('receipt');
  const receipt = normaliseReceipt(field instanceof HTMLInputElement ? field.value : '');
  if (!receipt) return showAlert(alert, '回执码应是 16 位数字（可以带空格）。');
  setBusy(form, true);
  result.replaceChildren(h('p', { class: 'tip-progress-status', role: 'status' }, '正在用回执码解锁，可能需要几秒钟…'));
  try {
    const status = await tipStatus(receipt);
    await nextFrame();
    const replies = await readReplies(receipt, status);
    form.hidden = true;
    result.replaceChildren(
      h(
        'section',
        { class: 'tip-thread', 'aria-labelledby': 'tip-thread-h' },
        h('h2', { id: 'tip-thread-h' }, '您的线索'),
        h('p', { class: 'tip-thread-meta' }, `发送于 ${localTime(status.createdAt)} · 状态：${TIP_STATUS_LABELS[status.status]}`),
        h('h3', {}, '编辑部的回复'),
        replies.length > 0 ? h('ol', { class: 'tip-replies' }, replies) : h('p', { class: 'tip-empty', 'data-tip-no-replies': '' }, '编辑部还没有回复。请过些时候再来查看。'),
      ),
      followUpForm(receipt),
    );
  } catch (error) {
    result.replaceChildren();
    setBusy(form, false);
    showAlert(alert, error instanceof TipCryptoError ? error.message : problemText(error));
  }
}

/** Takes over `form[data-tip-receipt-form]`: its `receipt` field opens the tip in the browser. */
export function initReceiptPage(form: HTMLFormElement): void {
  const alert = formAlert(form);
  const result = h('div', { class: 'tip-receipt-result', 'aria-live': 'polite', 'data-tip-receipt-result': '' });
  form.after(result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void open(form, alert, result);
  });
}
