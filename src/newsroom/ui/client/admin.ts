/**
 * The newsroom UI's browser script (bundled by esbuild at start-up, see admin-assets.ts):
 * reads the page's boot data and runs the page's code; the top bar's logout buttons everywhere.
 */
import { api, loadSession } from './api.js';
import { readBoot, translator } from './boot.js';
import { initDashboard } from './dashboard.js';
import { initEditor } from './editor.js';
import { initLogin } from './login.js';

function initLogout(t: ReturnType<typeof translator>): void {
  document.querySelector('[data-action="logout"]')?.addEventListener('click', async () => {
    await api('DELETE', '/session');
    location.assign('/admin/login');
  });
  document.querySelector('[data-action="logout-everywhere"]')?.addEventListener('click', async () => {
    if (!confirm(t('confirmLogoutEverywhere'))) return;
    await api('POST', '/session/logout-everywhere');
    location.assign('/admin/login');
  });
}

async function main(): Promise<void> {
  const boot = readBoot();
  const t = translator(boot.strings);
  if (boot.page === 'login') return initLogin(t, boot.mustChange ?? false);
  await loadSession();
  initLogout(t);
  if (boot.page === 'dashboard') return initDashboard(t, boot.timeZone);
  if (boot.page === 'editor') return initEditor(t, boot.articleId ?? null, boot.timeZone);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main(), { once: true });
else void main();
