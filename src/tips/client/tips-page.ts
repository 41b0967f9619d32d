/**
 * The tip pages' browser script, a bundle of its own (it carries age encryption; no other page
 * loads it, and it loads nothing else): the tip form (`form[data-tip-form]`) and the receipt
 * page (`form[data-tip-receipt-form]`). Bundled by esbuild at start-up (src/web/assets.ts).
 */
import { initReceiptPage } from './receipt-page.js';
import { initSendForm } from './send-form.js';

function main(): void {
  const tipForm = document.querySelector<HTMLFormElement>('form[data-tip-form]');
  if (tipForm) initSendForm(tipForm);
  const receiptForm = document.querySelector<HTMLFormElement>('form[data-tip-receipt-form]');
  if (receiptForm) initReceiptPage(receiptForm);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main, { once: true });
else main();
