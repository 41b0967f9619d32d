/**
 * The moderation page's script (/admin/comments): queues, one-key approve (a) / reject (r),
 * bulk decisions, a commenter's history with bans, and the settings form. Everything a reader
 * wrote is put on the page as text nodes, never as HTML.
 */

interface Reason {
  phase: string;
  detail: string;
  score: number;
}

interface Item {
  id: number;
  articleId: number;
  articleTitle: string;
  authorKey: string;
  authorName: string;
  authorKind: 'reader' | 'guest';
  body: string;
  status: string;
  likes: number;
  openReports: number;
  spamScore: number;
  spamAction: string;
  spamReasons: Reason[];
  createdAt: string;
  rejectReason: string | null;
  reports: { reason: string; at: string; resolved: boolean }[];
}

const STATUS_LABELS: Record<string, string> = { pending: '待审核', held: '被拦截', approved: '已通过', rejected: '已拒绝', deleted: '作者已删除' };

let csrfToken = '';

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/admin${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (json.error ?? {}) as { message?: string; details?: string[] };
    throw new Error([error.message ?? `HTTP ${response.status}`, ...(error.details ?? [])].join(' '));
  }
  return json as T;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector);

function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

function main(): void {
  const boot = JSON.parse(document.getElementById('admin-boot')?.textContent ?? '{}') as { timeZone?: string };
  const timeZone = boot.timeZone ?? 'Asia/Shanghai';
  const list = $<HTMLOListElement>('#mod-list');
  const status = $<HTMLElement>('#mod-status');
  const more = $<HTMLButtonElement>('#mod-more');
  if (!list || !status || !more) return;
  let queue = 'pending';
  let article: number | null = null;
  let nextAfter: number | null = null;
  let items: Item[] = [];
  let current = 0;
  let historyKey: string | null = null;

  const say = (text: string) => {
    status.textContent = text;
  };

  const reasonRows = (item: Item) =>
    el(
      'table',
      { class: 'mod-reasons' },
      el('caption', {}, `评分 ${item.spamScore.toFixed(2)}（${item.spamAction}）`),
      ...item.spamReasons.map((r) => el('tr', {}, el('td', {}, r.phase), el('td', {}, r.detail), el('td', { class: 'num' }, r.score.toFixed(2)))),
    );

  const renderItem = (item: Item, index: number) => {
    const checkbox = el('input', { type: 'checkbox', 'data-select': String(item.id), 'aria-label': `选择评论 ${item.id}` });
    const author = el('button', { type: 'button', class: 'link-button', 'data-history': item.authorKey }, `${item.authorName}${item.authorKind === 'guest' ? '（游客）' : ''}`);
    const body = el('p', { class: 'mod-body' }, item.body || '（已删除）');
    const li = el(
      'li',
      { class: 'mod-item', 'data-id': String(item.id), 'data-index': String(index), tabindex: '-1' },
      el(
        'div',
        { class: 'mod-item-head' },
        checkbox,
        author,
        el('a', { href: `/admin/articles/${item.articleId}`, class: 'mod-article' }, item.articleTitle),
        el('time', { datetime: item.createdAt }, formatTime(item.createdAt, timeZone)),
        el('span', { class: `badge badge-${item.status}` }, STATUS_LABELS[item.status] ?? item.status),
      ),
      body,
    );
    if (item.spamReasons.length > 0) li.append(reasonRows(item));
    if (item.reports.length > 0) {
      li.append(el('ul', { class: 'mod-reports', 'aria-label': '举报' }, ...item.reports.map((r) => el('li', {}, `举报：${r.reason}${r.resolved ? '（已处理）' : ''}`))));
    }
    if (item.status !== 'deleted') {
      li.append(
        el(
          'div',
          { class: 'mod-actions' },
          el('button', { type: 'button', class: 'button button-primary', 'data-decide': 'approve' }, '通过 (a)'),
          el('button', { type: 'button', class: 'button', 'data-decide': 'reject' }, '拒绝 (r)'),
        ),
      );
    }
    return li;
  };

  const focusItem = (index: number) => {
    const nodes = list.querySelectorAll<HTMLLIElement>('.mod-item');
    if (nodes.length === 0) return;
    current = Math.max(0, Math.min(index, nodes.length - 1));
    nodes.forEach((n, i) => n.classList.toggle('mod-current', i === current));
    nodes[current]?.focus();
  };

  const loadCounts = async () => {
    const counts = await api<Record<string, number>>('GET', '/comments/counts');
    document.querySelectorAll<HTMLElement>('[data-count]').forEach((node) => {
      const n = counts[node.dataset.count ?? ''];
      node.textContent = n === undefined ? '' : `(${n})`;
    });
  };

  const load = async (append = false) => {
    const params = new URLSearchParams({ queue });
    if (article) params.set('article', String(article));
    if (append && nextAfter) params.set('after', String(nextAfter));
    const page = await api<{ items: Item[]; nextAfter: number | null }>('GET', `/comments?${params}`);
    items = append ? [...items, ...page.items] : page.items;
    nextAfter = page.nextAfter;
    list.replaceChildren(...items.map(renderItem));
    if (items.length === 0) list.append(el('li', { class: 'mod-empty' }, '此队列中没有评论。'));
    more.hidden = nextAfter === null;
    focusItem(append ? current : 0);
    void loadCounts();
  };

  const decide = async (decision: 'approve' | 'reject', ids: number[]) => {
    if (ids.length === 0) return say('请先选择评论。');
    const reason = $<HTMLSelectElement>('#mod-reject-reason')?.value ?? 'spam';
    try {
      const result = await api<{ decided: number[] }>('POST', `/comments/${decision}`, { ids, ...(decision === 'reject' && { reason }) });
      say(`${decision === 'approve' ? '已通过' : '已拒绝'} ${result.decided.length} 条评论。`);
      const index = current;
      await load();
      focusItem(index);
      if (historyKey) await showHistory(historyKey);
    } catch (error) {
      say((error as Error).message);
    }
  };

  const selectedIds = () => [...list.querySelectorAll<HTMLInputElement>('[data-select]:checked')].map((c) => Number(c.dataset.select));

  const showHistory = async (authorKey: string) => {
    historyKey = authorKey;
    const panel = $<HTMLElement>('#mod-history');
    const h = await api<{ authorName: string | null; counts: Record<string, number>; ban: { id: number; reason: string } | null; items: Item[] }>(
      'GET',
      `/comments/history?author=${encodeURIComponent(authorKey)}`,
    );
    if (!panel) return;
    panel.hidden = false;
    panel.dataset.author = authorKey;
    const counts = Object.entries(h.counts).map(([s, n]) => `${STATUS_LABELS[s] ?? s} ${n}`).join('，');
    $<HTMLElement>('#mod-history-summary')!.textContent = `${h.authorName ?? authorKey}：${counts || '没有评论'}`;
    const banNote = $<HTMLElement>('#mod-history-ban')!;
    banNote.hidden = !h.ban;
    banNote.textContent = h.ban ? `已封禁：${h.ban.reason}` : '';
    const unban = $<HTMLButtonElement>('#mod-unban')!;
    unban.hidden = !h.ban;
    unban.dataset.banId = h.ban ? String(h.ban.id) : '';
    $<HTMLFormElement>('#mod-ban-form')!.hidden = Boolean(h.ban);
    $<HTMLOListElement>('#mod-history-list')!.replaceChildren(
      ...h.items.map((i) => el('li', {}, el('span', { class: `badge badge-${i.status}` }, STATUS_LABELS[i.status] ?? i.status), ' ', el('span', {}, i.body || '（已删除）'))),
    );
  };

  document.querySelectorAll<HTMLButtonElement>('.mod-tab').forEach((tab) =>
    tab.addEventListener('click', () => {
      queue = tab.dataset.queue ?? 'pending';
      document.querySelectorAll('.mod-tab').forEach((t) => t.setAttribute('aria-selected', t === tab ? 'true' : 'false'));
      void load();
    }),
  );
  $<HTMLFormElement>('#mod-filters')?.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = Number(new FormData(event.target as HTMLFormElement).get('article'));
    article = Number.isInteger(value) && value > 0 ? value : null;
    void load();
  });
  more.addEventListener('click', () => void load(true));
  $<HTMLInputElement>('#mod-select-all')?.addEventListener('change', (event) => {
    const on = (event.target as HTMLInputElement).checked;
    list.querySelectorAll<HTMLInputElement>('[data-select]').forEach((c) => (c.checked = on));
  });
  document.querySelectorAll<HTMLButtonElement>('[data-bulk]').forEach((button) =>
    button.addEventListener('click', () => void decide(button.dataset.bulk === 'approve' ? 'approve' : 'reject', selectedIds())),
  );
  list.addEventListener('click', (event) => {
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLLIElement>('.mod-item');
    if (item) current = Number(item.dataset.index);
    const decision = target.closest<HTMLButtonElement>('[data-decide]')?.dataset.decide;
    if (decision && item) void decide(decision === 'approve' ? 'approve' : 'reject', [Number(item.dataset.id)]);
    const history = target.closest<HTMLButtonElement>('[data-history]')?.dataset.history;
    if (history) void showHistory(history).catch((e: Error) => say(e.message));
  });
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.ctrlKey || event.metaKey || event.altKey || target.closest('input, textarea, select')) return;
    const item = items[current];
    if (event.key === 'j') focusItem(current + 1);
    else if (event.key === 'k') focusItem(current - 1);
    else if (event.key === 'a' && item) void decide('approve', [item.id]);
    else if (event.key === 'r' && item) void decide('reject', [item.id]);
    else if (event.key === 'x' && item) {
      const box = list.querySelector<HTMLInputElement>(`[data-select="${item.id}"]`);
      if (box) box.checked = !box.checked;
    } else if (event.key === 'h' && item) void showHistory(item.authorKey);
    else return;
    event.preventDefault();
  });

  $<HTMLFormElement>('#mod-ban-form')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!historyKey) return;
    const data = new FormData(form);
    try {
      const result = await api<{ rejected: number }>('POST', '/comments/bans', { authorKey: historyKey, reason: String(data.get('reason') ?? ''), rejectAll: data.get('rejectAll') === 'on' });
      say(`已封禁，并拒绝了 ${result.rejected} 条评论。`);
      form.reset();
      await load();
      await showHistory(historyKey);
    } catch (error) {
      say((error as Error).message);
    }
  });
  $<HTMLButtonElement>('#mod-unban')?.addEventListener('click', async (event) => {
    const id = (event.target as HTMLButtonElement).dataset.banId;
    if (!id || !historyKey) return;
    await api('DELETE', `/comments/bans/${id}`);
    say('已解除封禁。');
    await showHistory(historyKey);
  });

  initSettings(say);
  void load().catch((e: Error) => say(e.message));
}

type Overrides = Record<string, string | number | boolean | null>;

/** The settings form: pick a scope, read what it overrides and what applies, save changes. */
function initSettings(say: (text: string) => void): void {
  const form = $<HTMLFormElement>('#mod-settings');
  if (!form) return;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  const scopeTarget = () => {
    const scope = field('scope').value;
    const id = scope === 'section' ? Number(field('section').value) : scope === 'article' ? Number(field('article').value) : 0;
    return { scope, id };
  };
  const showFields = () => {
    const scope = field('scope').value;
    form.querySelectorAll<HTMLElement>('[data-scope-field]').forEach((f) => (f.hidden = f.dataset.scopeField !== scope));
  };
  const fill = (result: { overrides: Overrides; effective: Overrides }) => {
    const o = result.overrides;
    field('mode').value = typeof o.mode === 'string' ? o.mode : 'inherit';
    for (const name of ['holdLinks', 'guestsAllowed', 'closed']) field(name).value = o[name] === null ? 'inherit' : String(o[name]);
    for (const name of ['newCommenterApprovals', 'closeAfterDays']) field(name).value = o[name] === null ? '' : String(o[name]);
    const e = result.effective;
    $<HTMLElement>('#mod-settings-effective')!.textContent =
      `当前生效：${e.mode === 'pre' ? '先审后发' : '先发后审'}；新评论者需通过 ${e.newCommenterApprovals} 条；含链接${e.holdLinks ? '需审核' : '直接发表'}；` +
      `${e.guestsAllowed ? '允许' : '不允许'}游客；${e.closeAfterDays ? `${e.closeAfterDays} 天后关闭` : '不自动关闭'}；${e.closed ? '评论已关闭' : '评论开放'}`;
  };
  const loadSettings = async () => {
    const { scope, id } = scopeTarget();
    if (scope !== 'outlet' && !(id > 0)) return;
    fill(await api('GET', `/comments/settings?scope=${scope}&id=${id}`));
  };
  field('scope').addEventListener('change', () => {
    showFields();
    void loadSettings().catch((e: Error) => say(e.message));
  });
  $<HTMLButtonElement>('#mod-settings-load')?.addEventListener('click', () => void loadSettings().catch((e: Error) => say(e.message)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const tri = (name: string) => (field(name).value === 'inherit' ? null : field(name).value === 'true');
    const num = (name: string) => (field(name).value === '' ? null : Number(field(name).value));
    const mode = field('mode').value;
    const error = form.querySelector<HTMLElement>('.form-error')!;
    try {
      fill(
        await api('PATCH', '/comments/settings', {
          ...scopeTarget(),
          mode: mode === 'inherit' ? null : mode,
          newCommenterApprovals: num('newCommenterApprovals'),
          holdLinks: tri('holdLinks'),
          guestsAllowed: tri('guestsAllowed'),
          closeAfterDays: num('closeAfterDays'),
          closed: tri('closed'),
        }),
      );
      error.hidden = true;
      say('评论设置已保存。');
    } catch (e) {
      error.hidden = false;
      error.textContent = (e as Error).message;
    }
  });
  showFields();
  void loadSettings().catch((e: Error) => say(e.message));
}

async function start(): Promise<void> {
  const session = await api<{ csrfToken: string | null }>('GET', '/session');
  csrfToken = session.csrfToken ?? '';
  main();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start(), { once: true });
else void start();
