/**
 * The receipt, shown once after a tip is sent: large, with a 复制 button and plain words on
 * what it is for and that it cannot be recovered.
 */
import { h } from '../../newsroom/ui/client/dom.js';

/** Copies text with the Clipboard API, falling back to selecting it and execCommand('copy'). */
async function copyText(text: string, fallbackNode: Node): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const selection = getSelection();
    if (!selection) return false;
    const range = document.createRange();
    range.selectNodeContents(fallbackNode);
    selection.removeAllRanges();
    selection.addRange(range);
    // A deprecated API, but the only one left when the Clipboard API is refused.
    const copied = document.execCommand('copy');
    selection.removeAllRanges();
    return copied;
  }
}

/** The tip pages' receipt page: the tip page's address plus /receipt, in the same edition. */
export function receiptPagePath(tipPagePath: string = location.pathname): string {
  return `${tipPagePath.replace(/\/+$/, '').replace(/\/receipt$/, '')}/receipt`;
}

/** The receipt panel that replaces the form once the tip is sent. */
export function receiptPanel(receipt: string, heading = '线索已加密发送'): HTMLElement {
  const code = h('p', { class: 'tip-receipt-code', 'data-tip-receipt-code': '', translate: 'no' }, receipt);
  const copied = h('span', { class: 'tip-copy-status', role: 'status' });
  const copy = h('button', { type: 'button', class: 'tip-button tip-button-primary', 'data-tip-copy': '' }, '复制回执码');
  copy.addEventListener('click', () => {
    void copyText(receipt, code).then((ok) => {
      copied.textContent = ok ? '已复制。请把它保存在安全的地方，然后清空剪贴板。' : '无法自动复制，请手动抄写。';
    });
  });
  const panel = h(
    'section',
    { class: 'tip-receipt', tabindex: '-1', 'aria-labelledby': 'tip-receipt-h', 'data-tip-receipt': '' },
    h('h2', { id: 'tip-receipt-h' }, heading),
    h('p', {}, '这是您的回执码：'),
    code,
    h('p', { class: 'tip-actions' }, copy, copied),
    h(
      'ul',
      { class: 'tip-receipt-rules' },
      h('li', {}, h('strong', {}, '请现在就抄写下来或妥善保存。'), '回执码只显示这一次。'),
      h('li', {}, '回执码无法找回：我们只保存它的加盐慢哈希，任何人（包括编辑部）都无法查出它。'),
      h('li', {}, '凭回执码可以回到', h('a', { href: receiptPagePath() }, '回执页'), '，阅读编辑部的回复，并补充材料。'),
      h('li', {}, '不要把回执码保存在与他人共用的设备或账号里；拿到回执码的人也能读到编辑部给您的回复。'),
    ),
  );
  return panel;
}
