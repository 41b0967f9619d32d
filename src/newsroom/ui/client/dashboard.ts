import type { NewsroomListItem } from '../../../articles/article-editing.service.js';
import type { ArticleStatus } from '../../../articles/model.js';
import type { UiKey } from '../i18n.js';
import { api, ApiError } from './api.js';
import type { T } from './boot.js';
import { byId, h, shortDateTime } from './dom.js';

/** One row of GET /api/admin/articles. */
export type ListItem = NewsroomListItem;
interface ListAnswer {
  items: ListItem[];
  total: number;
  page: number;
  pageSize: number;
}

export const stageKey = (status: ArticleStatus): UiKey => `stage_${status}`;

function table(t: T, items: ListItem[], compact: boolean, timeZone: string): HTMLElement {
  if (items.length === 0) return h('p', { class: 'empty' }, t('nothingHere'));
  const when = (item: ListItem) =>
    shortDateTime(item.status === 'scheduled' ? item.scheduledAt : item.status === 'published' ? item.publishedAt : item.updatedAt, timeZone);
  return h(
    'table',
    { class: compact ? 'list-table compact' : 'list-table' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, t('colTitle')), h('th', {}, t('colStatus')), !compact && h('th', {}, t('colSection')), !compact && h('th', {}, t('colAuthor')), h('th', {}, t('colUpdated'))),
    ),
    h(
      'tbody',
      {},
      items.map((item) =>
        h(
          'tr',
          {},
          h('td', { class: 'col-title' }, h('a', { href: `/admin/articles/${item.id}` }, item.title)),
          h('td', {}, h('span', { class: `badge badge-${item.status}` }, t(stageKey(item.status)))),
          !compact && h('td', {}, item.section.name),
          !compact && h('td', {}, item.author ?? ''),
          h('td', { class: 'col-time' }, when(item)),
        ),
      ),
    ),
  );
}

async function fill(t: T, timeZone: string, target: HTMLElement, query: string, compact: boolean, limit?: number): Promise<ListAnswer | null> {
  target.replaceChildren(h('p', { class: 'empty' }, t('loading')));
  try {
    const answer = await api<ListAnswer>('GET', `/articles?${query}`);
    target.replaceChildren(table(t, limit ? answer.items.slice(0, limit) : answer.items, compact, timeZone));
    return answer;
  } catch (error) {
    target.replaceChildren(h('p', { class: 'notice notice-error' }, error instanceof ApiError ? error.message : t('error')));
    return null;
  }
}

/**
 * The queue of submitted copy. A desk-scoped user starts with their own desks (`desk=mine`)
 * and may switch to every desk with the toggle above the list.
 */
function initQueue(t: T, timeZone: string, deskScoped: boolean): void {
  const target = byId('list-queue');
  if (!deskScoped) {
    void fill(t, timeZone, target, 'status=submitted', true, 10);
    return;
  }
  const toggle = byId('queue-desk');
  const show = (desk: string) => {
    for (const button of toggle.querySelectorAll<HTMLButtonElement>('button[data-desk]')) button.setAttribute('aria-pressed', String(button.dataset.desk === desk));
    void fill(t, timeZone, target, `status=submitted&desk=${desk}`, true, 10);
  };
  toggle.addEventListener('click', (event) => {
    const desk = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-desk]')?.dataset.desk;
    if (desk) show(desk);
  });
  toggle.hidden = false;
  show('mine');
}

/** The dashboard: four work queues and the filterable list of every article. */
export function initDashboard(t: T, timeZone: string, deskScoped: boolean): void {
  void fill(t, timeZone, byId('list-mine'), 'mine=1&status=draft,returned', true, 10);
  initQueue(t, timeZone, deskScoped);
  void fill(t, timeZone, byId('list-scheduled'), 'status=scheduled', true, 10);
  void fill(t, timeZone, byId('list-published'), 'status=published', true, 10);

  const form = byId<HTMLFormElement>('filters');
  const pager = byId('pager');
  let page = 1;
  const load = async () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value.trim()) params.set(key, value.trim());
    params.set('page', String(page));
    const answer = await fill(t, timeZone, byId('list-all'), params.toString(), false);
    if (!answer) return;
    const pages = Math.max(1, Math.ceil(answer.total / answer.pageSize));
    pager.hidden = pages <= 1;
    byId('pager-info').textContent = `${page} / ${pages} · ${t('totalCount', { n: answer.total })}`;
    pager.querySelector<HTMLButtonElement>('[data-page=prev]')!.disabled = page <= 1;
    pager.querySelector<HTMLButtonElement>('[data-page=next]')!.disabled = page >= pages;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    page = 1;
    void load();
  });
  pager.addEventListener('click', (event) => {
    const which = (event.target as HTMLElement).closest('button')?.dataset.page;
    if (!which) return;
    page += which === 'next' ? 1 : -1;
    void load();
  });
  void load();
}
