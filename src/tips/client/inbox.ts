/**
 * The newsroom's tips inbox (/admin/tips and /admin/tips/:id), loaded after the admin bundle on
 * those pages only. One page for the list and the tips, moving with history.pushState, so the
 * newsroom key loaded from a file stays in memory while a journalist goes through the inbox.
 * It fills `[data-tip-inbox]` (the page's shell).
 */
import { h } from '../../newsroom/ui/client/dom.js';
import { readBoot } from '../../newsroom/ui/client/boot.js';
import { loadInboxSession, type InboxUser } from './inbox-api.js';
import { identityPanel, onIdentityChange } from './inbox-key.js';
import { renderList, type ListState } from './inbox-list.js';
import { renderTip } from './inbox-tip.js';

function tipIdOf(path: string): number | null {
  const match = /^\/admin\/tips\/(\d{1,12})\/?$/.exec(path);
  return match?.[1] ? Number(match[1]) : null;
}

function listStateOf(search: string): ListState {
  const query = new URLSearchParams(search);
  const page = Number(query.get('page') ?? '1');
  return { status: query.get('status') ?? '', page: Number.isInteger(page) && page > 0 ? page : 1 };
}

function start(root: HTMLElement, me: InboxUser, timeZone: string): void {
  const view = h('div', { class: 'tip-view', 'data-tip-view': '' });
  root.replaceChildren(identityPanel(), view);

  const show = () => {
    const id = tipIdOf(location.pathname);
    const failed = (error: unknown) => view.replaceChildren(h('p', { class: 'tip-error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
    if (id !== null) return void renderTip(view, id, me, timeZone, () => go('/admin/tips')).catch(failed);
    return void renderList(view, listStateOf(location.search), timeZone, (tip) => go(`/admin/tips/${tip}`), (next) => {
      const query = new URLSearchParams();
      if (next.status) query.set('status', next.status);
      if (next.page > 1) query.set('page', String(next.page));
      const q = query.toString();
      go(q ? `/admin/tips?${q}` : '/admin/tips');
    }).catch(failed);
  };
  const go = (url: string) => {
    history.pushState(null, '', url);
    show();
    scrollTo(0, 0);
  };
  addEventListener('popstate', show);
  // A key loaded or cleared: show the same view again, decrypted or not.
  onIdentityChange(show);
  show();
}

async function main(): Promise<void> {
  const root = document.querySelector<HTMLElement>('[data-tip-inbox]');
  if (!root) return;
  const boot = readBoot();
  const me = await loadInboxSession();
  start(root, me, boot.timeZone);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main(), { once: true });
else void main();
