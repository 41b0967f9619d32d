import { api, ApiError, loadSession } from './api.js';
import type { T } from './boot.js';
import { byId } from './dom.js';

/** Only paths inside the newsroom (never another site). */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

/** Runs `action` for a form: button busy meanwhile, an API error shown in the form's alert. */
function handle(form: HTMLFormElement, t: T, action: (data: FormData) => Promise<void>): void {
  const error = form.querySelector<HTMLElement>('.form-error');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button) button.disabled = true;
    if (error) error.hidden = true;
    try {
      await action(new FormData(form));
    } catch (e) {
      if (error) {
        error.textContent = e instanceof ApiError || e instanceof RangeError ? e.message : t('error');
        error.hidden = false;
      }
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/** Shows the password change (after a login with a one-time password, or on arrival when one is due). */
async function askForNewPassword(currentPassword: string | null): Promise<void> {
  await loadSession();
  const form = byId<HTMLFormElement>('password-form');
  byId('login-form').hidden = true;
  form.hidden = false;
  const current = form.elements.namedItem('currentPassword') as HTMLInputElement;
  if (currentPassword) {
    current.value = currentPassword;
    current.closest('label')?.setAttribute('hidden', '');
    (form.elements.namedItem('newPassword') as HTMLInputElement).focus();
  } else current.focus();
}

export function initLogin(t: T, mustChange: boolean): void {
  handle(byId<HTMLFormElement>('login-form'), t, async (data) => {
    const password = String(data.get('password') ?? '');
    const answer = await api<{ csrfToken: string; mustChangePassword: boolean }>('POST', '/session', { email: String(data.get('email') ?? ''), password });
    if (answer.mustChangePassword) return askForNewPassword(password);
    location.assign(nextPath());
  });
  handle(byId<HTMLFormElement>('password-form'), t, async (data) => {
    const newPassword = String(data.get('newPassword') ?? '');
    if (newPassword !== String(data.get('newPassword2') ?? '')) throw new RangeError(t('passwordsDiffer'));
    await api('PUT', '/me/password', { currentPassword: String(data.get('currentPassword') ?? ''), newPassword });
    location.assign(nextPath());
  });
  if (mustChange) void askForNewPassword(null);
}
