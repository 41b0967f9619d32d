/**
 * The tip form with JavaScript (`form[data-tip-form]`, rendered by the server and working
 * without JavaScript too): on submit the message, contact and files are encrypted here, in the
 * browser, and only ciphertext is uploaded. Then the receipt is shown once.
 * Nothing about the tip is written to localStorage, sessionStorage, cookies or the URL.
 */
import { h } from '../../newsroom/ui/client/dom.js';
import { TipCryptoError } from './age-tools.js';
import { progressPanel, UploadAbandoned } from './progress-view.js';
import { receiptPanel } from './receipt-view.js';
import { getConfig, problemText, startTip } from './tips-api.js';
import { checkDraft, seal, uploadSealed, type TipDraft } from './upload.js';

/** The form's fields as a draft: every file of every file input, in order. */
export function readDraft(form: HTMLFormElement): TipDraft {
  const text = (name: string) => {
    const field = form.elements.namedItem(name);
    return field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement ? field.value : '';
  };
  const files = [...form.querySelectorAll<HTMLInputElement>('input[type=file]')].flatMap((input) => [...(input.files ?? [])]);
  return { message: text('message'), contact: text('contact'), files };
}

/** An alert box right before the form's submit button, created on first use. */
export function formAlert(form: HTMLFormElement): HTMLElement {
  const existing = form.querySelector<HTMLElement>('[data-tip-alert]');
  if (existing) return existing;
  const alert = h('p', { class: 'tip-error', role: 'alert', 'data-tip-alert': '', hidden: true });
  const submit = form.querySelector('[type=submit]');
  if (submit) submit.before(alert);
  else form.append(alert);
  return alert;
}

/** Shows or clears the form's alert. */
export function showAlert(alert: HTMLElement, message: string | null): void {
  alert.textContent = message ?? '';
  alert.hidden = message === null;
  if (message) alert.scrollIntoView({ block: 'nearest' });
}

/** Disables or re-enables every control of a form while it is being sent. */
export function setBusy(form: HTMLFormElement, busy: boolean): void {
  for (const el of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLButtonElement>('input, textarea, button, select')) el.disabled = busy;
  form.setAttribute('aria-busy', busy ? 'true' : 'false');
}

/** While a tip is being sent, leaving the page asks first; returns the function that stops asking. */
export function guardUnload(): () => void {
  const ask = (event: BeforeUnloadEvent) => event.preventDefault();
  addEventListener('beforeunload', ask);
  return () => removeEventListener('beforeunload', ask);
}

/**
 * What sending a new tip and sending more share: the form's fields sealed for the newsroom,
 * an upload opened with `start`, every chunk sent while the progress panel (which `place`
 * puts on the page) shows how far it got, leaving the page guarded meanwhile. Problems are
 * shown in `alert` and re-enable the form; returns `start`'s answer once everything is sent
 * (the form still busy, for the caller to finish), or null after a problem.
 */
export async function sealAndUpload<T extends { uploadId: string }>(
  form: HTMLFormElement,
  alert: HTMLElement,
  start: () => Promise<T>,
  place: (panel: HTMLElement) => void,
): Promise<T | null> {
  showAlert(alert, null);
  const draft = readDraft(form);
  setBusy(form, true);
  let panel: HTMLElement | null = null;
  const unguard = guardUnload();
  try {
    const config = await getConfig();
    checkDraft(draft, config, true);
    const sealed = await seal(draft, config);
    const started = await start();
    const built = progressPanel(
      draft.files.map((f) => f.name),
      problemText,
    );
    panel = built.element;
    place(panel);
    await uploadSealed(started.uploadId, sealed, config, built.progress);
    panel.remove();
    return started;
  } catch (error) {
    panel?.remove();
    setBusy(form, false);
    showAlert(alert, error instanceof TipCryptoError || error instanceof UploadAbandoned ? error.message : problemText(error));
    return null;
  } finally {
    unguard();
  }
}

async function send(form: HTMLFormElement, alert: HTMLElement): Promise<void> {
  const sent = await sealAndUpload(form, alert, startTip, (panel) => {
    form.after(panel);
    panel.scrollIntoView({ block: 'nearest' });
  });
  if (!sent) return;
  // Sent: the plaintext leaves the page (the form is emptied) and the receipt takes its place.
  form.reset();
  form.hidden = true;
  const shown = receiptPanel(sent.receipt);
  form.after(shown);
  shown.focus();
}

/** Takes over the submit of `form[data-tip-form]`. */
export function initSendForm(form: HTMLFormElement): void {
  const alert = formAlert(form);
  form.classList.add('tip-form-encrypting');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(form, alert);
  });
}
