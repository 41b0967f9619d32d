/**
 * The newsroom identity on the inbox page: read from a file the journalist picks, kept in this
 * page's memory only — never uploaded, never written to localStorage or sessionStorage. It is
 * gone when the page is closed or reloaded; moving between tips keeps the same page.
 */
import { h } from '../../newsroom/ui/client/dom.js';
import { parseIdentityFile, TipCryptoError } from './age-tools.js';

let identities: string[] = [];
const listeners = new Set<() => void>();

/** The loaded secret keys (empty until a file is loaded). */
export function loadedIdentities(): readonly string[] {
  return identities;
}

/** Runs `fn` whenever the loaded identity changes; returns the unsubscribe. */
export function onIdentityChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setIdentities(next: string[]): void {
  identities = next;
  for (const fn of listeners) fn();
}

/** The panel with the file picker, the status and 清除. */
export function identityPanel(): HTMLElement {
  const status = h('span', { class: 'tip-key-status', 'data-tip-key-status': '' }, '未载入私钥');
  const input = h('input', { type: 'file', id: 'tip-identity-file', 'data-tip-identity-file': '' });
  const error = h('p', { class: 'tip-error', role: 'alert', hidden: true });
  const forget = h('button', { type: 'button', class: 'button button-quiet', hidden: true }, '清除私钥');
  const panel = h(
    'section',
    { class: 'tip-key', 'aria-labelledby': 'tip-key-h' },
    h('h2', { id: 'tip-key-h' }, '编辑部私钥'),
    h(
      'p',
      { class: 'tip-hint' },
      '线索在读者的浏览器里加密，服务器只存密文。选择编辑部的私钥文件（xinwen tips keygen 生成的 identity 文件）即可在本页解密阅读。',
      '私钥只在这个页面的内存里，不会上传，也不会存进浏览器；关闭或刷新页面后需要重新选择。',
    ),
    h('p', { class: 'tip-actions' }, h('label', { for: 'tip-identity-file' }, '私钥文件：'), input, forget, status),
    error,
  );
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    error.hidden = true;
    if (!file) return;
    void file
      .text()
      .then((text) => {
        const keys = parseIdentityFile(text);
        // The picker would keep the file selected; the keys now live in memory only.
        input.value = '';
        setIdentities(keys);
        status.textContent = `已载入 ${keys.length} 把私钥（仅在本页内存中）`;
        panel.setAttribute('data-loaded', '');
        forget.hidden = false;
      })
      .catch((e: unknown) => {
        error.textContent = e instanceof TipCryptoError ? e.message : '无法读取这个文件。';
        error.hidden = false;
      });
  });
  forget.addEventListener('click', () => {
    setIdentities([]);
    status.textContent = '未载入私钥';
    panel.removeAttribute('data-loaded');
    forget.hidden = true;
  });
  return panel;
}
