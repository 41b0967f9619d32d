/**
 * The progress panel of a tip upload: a bar per file and one for everything, a status line,
 * and, when a request fails, the error with 重试 (try the same chunk again) and 放弃.
 */
import { h } from '../../newsroom/ui/client/dom.js';
import type { UploadProgress } from './upload.js';
import { formatBytes } from './upload.js';

/** Thrown into the upload when the reader gives up after a failure. */
export class UploadAbandoned extends Error {
  override name = 'UploadAbandoned';
  constructor() {
    super('已放弃发送。已上传的部分会在一小时内自动删除。');
  }
}

function percent(done: number, total: number): string {
  return `${total === 0 ? 100 : Math.floor((done / total) * 100)}%`;
}

/** Builds the panel (call `panel.element` into the page) and the UploadProgress it shows. */
export function progressPanel(fileNames: string[], describeError: (error: unknown) => string): { element: HTMLElement; progress: UploadProgress } {
  const status = h('p', { class: 'tip-progress-status' }, '正在加密…');
  const overallBar = h('progress', { max: '1', value: '0' });
  const overallText = h('span', { class: 'tip-progress-figure' }, '0%');
  const rows = fileNames.map((name) => {
    const bar = h('progress', { max: '1', value: '0' });
    const text = h('span', { class: 'tip-progress-figure' }, '等待中');
    const li = h('li', { class: 'tip-progress-file' }, h('span', { class: 'tip-progress-name' }, name), bar, text);
    return { li, bar, text };
  });
  const errorText = h('p', { class: 'tip-error', role: 'alert' });
  const retry = h('button', { type: 'button', class: 'tip-button tip-button-primary', 'data-tip-retry': '' }, '重试');
  const abandon = h('button', { type: 'button', class: 'tip-button' }, '放弃');
  const failure = h('div', { class: 'tip-progress-failure', hidden: true }, errorText, h('p', { class: 'tip-actions' }, retry, abandon));
  const element = h(
    'section',
    { class: 'tip-progress', 'aria-labelledby': 'tip-progress-h', 'data-tip-progress': '' },
    h('h2', { id: 'tip-progress-h' }, '正在加密并发送'),
    h('div', { 'aria-live': 'polite' }, status),
    h('p', { class: 'tip-progress-overall' }, h('span', { class: 'tip-progress-name' }, '全部'), overallBar, overallText),
    rows.length > 0 && h('ul', { class: 'tip-progress-files' }, rows.map((r) => r.li)),
    failure,
  );

  let messageBytes = 0;
  let fileBytes: number[] = [];
  const sentBytes = new Map<number, number>();
  const total = () => messageBytes + fileBytes.reduce((a, b) => a + b, 0);

  const progress: UploadProgress = {
    planned(message, files) {
      messageBytes = message;
      fileBytes = files;
      overallBar.max = Math.max(1, total());
      files.forEach((bytes, i) => {
        const row = rows[i];
        if (!row) return;
        row.bar.max = Math.max(1, bytes);
        row.text.textContent = `0 / ${formatBytes(bytes)}`;
      });
    },
    sent(item, bytes) {
      sentBytes.set(item, bytes);
      const all = [...sentBytes.values()].reduce((a, b) => a + b, 0);
      overallBar.value = all;
      overallText.textContent = percent(all, total());
      const row = item >= 0 ? rows[item] : undefined;
      const planned = fileBytes[item] ?? 0;
      if (row) {
        row.bar.value = bytes;
        row.text.textContent = `${formatBytes(bytes)} / ${formatBytes(planned)}（${percent(bytes, planned)}）`;
        if (bytes >= planned) row.li.classList.add('tip-progress-done');
      }
    },
    step(text) {
      status.textContent = text;
    },
    askRetry(error) {
      errorText.textContent = describeError(error);
      failure.hidden = false;
      retry.focus();
      return new Promise<void>((resolve, reject) => {
        const done = () => {
          failure.hidden = true;
          retry.removeEventListener('click', onRetry);
          abandon.removeEventListener('click', onAbandon);
        };
        const onRetry = () => {
          done();
          resolve();
        };
        const onAbandon = () => {
          done();
          reject(new UploadAbandoned());
        };
        retry.addEventListener('click', onRetry);
        abandon.addEventListener('click', onAbandon);
      });
    },
  };
  return { element, progress };
}
