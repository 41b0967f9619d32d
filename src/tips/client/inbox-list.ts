/**
 * The inbox list: what the server knows of each tip (times, sizes, item count, status,
 * assignee) — never an address, none is stored. A status filter and pages.
 */
import { h, shortDateTime } from '../../newsroom/ui/client/dom.js';
import { TIP_STATUS_LABELS, TIP_STATUSES, type AdminTipSummary } from '../tips-protocol.js';
import { listTips } from './inbox-api.js';
import { formatBytes } from './upload.js';

export interface ListState {
  status: string;
  page: number;
}

/** A status as a small label (`data-status` for its colour). */
export function statusBadge(status: AdminTipSummary['status']): HTMLElement {
  return h('span', { class: 'tip-status', 'data-status': status }, TIP_STATUS_LABELS[status]);
}

/**
 * Renders the list into `view`. `open(id)` shows a tip without leaving the page (so the loaded
 * key stays); the links still work as links.
 */
export async function renderList(view: HTMLElement, state: ListState, timeZone: string, open: (id: number) => void, change: (next: ListState) => void): Promise<void> {
  const filter = h(
    'select',
    { name: 'status', 'data-tip-filter': '' },
    h('option', { value: '' }, '全部状态'),
    TIP_STATUSES.map((s) => h('option', { value: s, selected: s === state.status }, TIP_STATUS_LABELS[s])),
  );
  filter.addEventListener('change', () => change({ status: filter.value, page: 1 }));
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'tip-hint' }, '正在载入…'));
  view.replaceChildren(
    h('h1', { class: 'page-title' }, '新闻线索'),
    h('p', { class: 'filters' }, h('label', {}, '状态 ', filter)),
    body,
  );
  const data = await listTips(state.status, state.page);
  if (data.tips.length === 0) {
    body.replaceChildren(h('p', { class: 'tip-empty' }, '没有线索。'));
    return;
  }
  const rows = data.tips.map((tip) => {
    const link = h('a', { href: `/admin/tips/${tip.id}`, 'data-tip-open': String(tip.id) }, `#${tip.id}`);
    link.addEventListener('click', (event) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      open(tip.id);
    });
    return h(
      'tr',
      { 'data-tip-row': String(tip.id) },
      h('td', {}, link),
      h('td', {}, shortDateTime(tip.createdAt, timeZone)),
      h('td', {}, shortDateTime(tip.updatedAt, timeZone)),
      h('td', { class: 'tip-num' }, formatBytes(tip.totalBytes)),
      h('td', { class: 'tip-num' }, String(tip.itemCount)),
      h('td', {}, statusBadge(tip.status)),
      h('td', {}, tip.assignee?.name ?? '—'),
    );
  });
  const pager = h('p', { class: 'tip-actions' });
  if (data.page > 1) {
    const prev = h('button', { type: 'button', class: 'button' }, '上一页');
    prev.addEventListener('click', () => change({ ...state, page: data.page - 1 }));
    pager.append(prev);
  }
  pager.append(h('span', {}, `第 ${data.page} / ${Math.max(1, data.pageCount)} 页，共 ${data.total} 条`));
  if (data.page < data.pageCount) {
    const next = h('button', { type: 'button', class: 'button' }, '下一页');
    next.addEventListener('click', () => change({ ...state, page: data.page + 1 }));
    pager.append(next);
  }
  body.replaceChildren(
    h(
      'table',
      { class: 'tip-table' },
      h(
        'thead',
        {},
        h('tr', {}, ['编号', '收到时间', '最近活动', '密文大小', '件数', '状态', '负责人'].map((t) => h('th', { scope: 'col' }, t))),
      ),
      h('tbody', {}, rows),
    ),
    pager,
  );
}
