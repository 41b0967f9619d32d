import { api, ApiError } from './api.js';
import type { T } from './boot.js';
import { byId } from './dom.js';

/** Only paths inside the newsroom (never another site). */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';
}

export function initLogin(t: T): void {
  const form = byId<HTMLFormElement>('login-form');
  const error = form.querySelector<HTMLElement>('.form-error');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    if (button) {
      button.disabled = true;
      button.textContent = t('loggingIn');
    }
    try {
      await api('POST', '/session', { email: String(data.get('email') ?? ''), password: String(data.get('password') ?? '') });
      location.assign(nextPath());
    } catch (e) {
      if (error) {
        error.textContent = e instanceof ApiError ? e.message : t('error');
        error.hidden = false;
      }
      if (button) {
        button.disabled = false;
        button.textContent = t('login');
      }
    }
  });
}
