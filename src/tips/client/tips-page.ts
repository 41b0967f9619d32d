/**
 * The tip pages' browser script, a bundle of its own (it carries age encryption; no other page
 * loads it, and it loads nothing else): the tip form (`form[data-tip-form]`) and the receipt
 * page (`form[data-tip-receipt-form]`). Bundled by esbuild at start-up (src/web/assets.ts).
 */
import { initReceiptPage } from './receipt-page.js';
import { formAlert, initSendForm, showAlert } from './send-form.js';

const INSECURE = '这个页面不是通过安全连接（HTTPS）打开的：浏览器因此不提供加密所需的功能，网络上的人也可能看到或篡改您发送的内容。请改用 https:// 开头的地址访问本页。';

/** Over plain HTTP (other than localhost) browsers withhold Web Crypto, and nothing sent is safe: refuse to send. */
function refuseInsecure(form: HTMLFormElement): void {
  const alert = formAlert(form);
  showAlert(alert, INSECURE);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showAlert(alert, INSECURE);
  });
}

function main(): void {
  const tipForm = document.querySelector<HTMLFormElement>('form[data-tip-form]');
  const receiptForm = document.querySelector<HTMLFormElement>('form[data-tip-receipt-form]');
  if (!isSecureContext) {
    for (const form of [tipForm, receiptForm]) if (form) refuseInsecure(form);
    return;
  }
  if (tipForm) initSendForm(tipForm);
  if (receiptForm) initReceiptPage(receiptForm);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main, { once: true });
else main();
