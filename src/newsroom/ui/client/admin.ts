/**
 * The newsroom UI's browser script (bundled by esbuild at start-up, see admin-assets.ts):
 * reads the page's boot data and runs the page's code; the top bar's logout forms everywhere.
 */
import { loadSession } from './api.js';
import { readBoot, translator } from './boot.js';
import { initDashboard } from './dashboard.js';
import { initEditor } from './editor.js';
import { initLogin } from './login.js';

/** Logout and "log out everywhere" are plain form posts; the script only asks before the second. */
function initLogout(t: ReturnType<typeof translator>): void {
  document.getElementById('logout-everywhere-form')?.addEventListener('submit', (event) => {
    if (!confirm(t('confirmLogoutEverywhere'))) event.preventDefault();
  });
}

async function main(): Promise<void> {
  const boot = readBoot();
  const t = translator(boot.strings);
  if (boot.page === 'login') return initLogin(t, boot.mustChange ?? false);
  await loadSession();
  initLogout(t);
  if (boot.page === 'dashboard') return initDashboard(t, boot.timeZone, boot.deskScoped ?? false);
  if (boot.page === 'editor') return initEditor(t, boot.articleId ?? null, boot.timeZone);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main(), { once: true });
else void main();
