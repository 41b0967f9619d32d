/**
 * The article page's 评论 widget. The page HTML is the same for every reader (cacheable); this
 * script asks /api/articles/:id/comments who the reader is and what to show. Comment text is
 * put on the page as text nodes, and links only as the server's checked http(s) hrefs.
 */

type Segment = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

interface Comment {
  id: number;
  parentId: number | null;
  displayDepth: number;
  replyTo: string | null;
  authorName: string;
  authorKind: 'reader' | 'guest';
  segments: Segment[];
  body: string;
  status: string;
  likes: number;
  createdAt: string;
  editedAt: string | null;
  mine: boolean;
  liked: boolean;
  editableUntil: string | null;
}

interface Thread extends Comment {
  replies: Comment[];
  moreReplies: number;
  repliesCursor: string | null;
}

interface Page {
  total: number;
  sort: string;
  threads: Thread[];
  nextCursor: string | null;
  awaiting: Comment[];
  settings: { guestsAllowed: boolean; mode: 'post' | 'pre' };
  closed: string | null;
  viewer: { kind: 'reader' | 'guest' | 'anonymous'; name: string | null; verified: boolean };
}

const SORTS: [string, string][] = [
  ['newest', '最新'],
  ['oldest', '最早'],
  ['liked', '最热'],
];

const REPORT_REASONS = ['垃圾广告', '辱骂或人身攻击', '违法或不实信息', '其他'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Text with line breaks, and anchors only for http(s) links (checked again here). */
function renderSegments(segments: Segment[]): Node[] {
  const nodes: Node[] = [];
  for (const s of segments) {
    if (s.type === 'link' && /^https?:\/\//i.test(s.href)) {
      nodes.push(el('a', { href: s.href, rel: 'nofollow ugc noopener', target: '_blank' }, s.text));
    } else {
      s.text.split('\n').forEach((line, i) => {
        if (i > 0) nodes.push(el('br'));
        nodes.push(document.createTextNode(line));
      });
    }
  }
  return nodes;
}

/** Times as the server prints them (2025年03月18日 09:30), in the outlet's timezone. */
function timeFormatter(timeZone: string | undefined): (iso: string) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  } catch {
    format = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  }
  return (iso) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return `${parts.year}年${parts.month}月${parts.day}日 ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
  };
}

class ApiError extends Error {
  constructor(message: string, readonly details: string[]) {
    super(message);
  }
}

/** Starts the widget in every `[data-comments]` section of the page. */
export function initComments(doc: Document): void {
  doc.querySelectorAll<HTMLElement>('[data-comments]').forEach((section) => void mount(section));
}

async function readerCsrf(): Promise<string | null> {
  // The reader hint cookie says a reader session may exist; guests never make this request.
  if (!/(?:^|;\s*)xw_reader_in=/.test(document.cookie)) return null;
  const response = await fetch('/api/readers/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) return null;
  const json = (await response.json()) as { csrfToken?: string };
  return json.csrfToken ?? null;
}

async function mount(section: HTMLElement): Promise<void> {
  const articleId = section.dataset.articleId;
  const app = section.querySelector<HTMLElement>('[data-comments-app]');
  const countNode = section.querySelector<HTMLElement>('[data-comments-count]');
  if (!articleId || !app) return;
  const formatTime = timeFormatter(section.dataset.timeZone);
  const csrf = await readerCsrf().catch(() => null);
  let sort = 'newest';
  let page: Page | null = null;
  let threads: Thread[] = [];
  let nextCursor: string | null = null;
  let notice: { kind: 'ok' | 'error'; text: string; details?: string[] } | null = null;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    const response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
    if (response.status === 204) return null as T;
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const error = (json.error ?? {}) as { message?: string; details?: string[] };
      throw new ApiError(error.message ?? '操作失败，请稍后再试。', (error.details ?? []).map((d) => d.replace(/^[^:]+: /, '')));
    }
    return json as T;
  };

  const load = async (append = false) => {
    const params = new URLSearchParams({ sort });
    if (append && nextCursor) params.set('cursor', nextCursor);
    const result = await call<Page>('GET', `/api/articles/${articleId}/comments?${params}`);
    page = append && page ? { ...result, awaiting: page.awaiting } : result;
    threads = append ? [...threads, ...result.threads] : result.threads;
    nextCursor = result.nextCursor;
    render();
  };

  const showError = (error: unknown) => {
    notice = error instanceof ApiError ? { kind: 'error', text: error.message, details: error.details } : { kind: 'error', text: '网络错误，请稍后再试。' };
    render();
  };

  const form = (parentId: number | null, onDone?: () => void): HTMLElement => {
    if (!page) return el('div');
    if (page.closed) return el('p', { class: 'comments-closed' }, page.closed);
    const reader = page.viewer.kind === 'reader';
    if (!reader && !page.settings.guestsAllowed) {
      const next = encodeURIComponent(location.pathname + '#comments');
      return el('p', { class: 'comments-login' }, '本文仅限注册读者评论。', el('a', { href: `/account/login?next=${next}` }, '登录'), '或', el('a', { href: '/account/register' }, '注册'), '后即可发表评论。');
    }
    const textarea = el('textarea', { name: 'body', rows: parentId ? '3' : '4', maxlength: '2000', required: '', 'aria-label': parentId ? '回复内容' : '评论内容', placeholder: parentId ? '写下你的回复…' : '写下你的评论…' });
    const nameInput = el('input', { name: 'guestName', required: '', minlength: '2', maxlength: '24', autocomplete: 'nickname', 'aria-label': '昵称', placeholder: '昵称' });
    nameInput.value = localStorage.getItem('xinwen:comment-name') ?? '';
    const submit = el('button', { type: 'submit', class: 'comment-submit' }, parentId ? '回复' : '发表');
    const f = el('form', { class: 'comment-form' }, ...(reader ? [el('p', { class: 'comment-as' }, `以「${page.viewer.name ?? ''}」的身份发表`)] : [nameInput]), textarea, submit);
    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        if (!reader) localStorage.setItem('xinwen:comment-name', nameInput.value);
        const result = await call<{ message: string }>('POST', `/api/articles/${articleId}/comments`, {
          body: textarea.value,
          ...(parentId && { parentId }),
          ...(!reader && { guestName: nameInput.value }),
        });
        notice = { kind: 'ok', text: result.message };
        onDone?.();
        await load();
      } catch (error) {
        submit.disabled = false;
        showError(error);
      }
    });
    return f;
  };

  const commentNode = (c: Comment, thread: Thread | null): HTMLElement => {
    const deleted = c.status === 'deleted';
    const meta = el('header', { class: 'comment-meta' }, el('span', { class: 'comment-author' }, deleted ? '（已删除）' : c.authorName));
    if (c.replyTo) meta.append(el('span', { class: 'comment-reply-to' }, `回复 ${c.replyTo}`));
    meta.append(el('time', { datetime: c.createdAt }, formatTime(c.createdAt)));
    if (c.editedAt) meta.append(el('span', { class: 'comment-edited' }, '已编辑'));
    if (c.status === 'pending' || c.status === 'held') meta.append(el('span', { class: 'comment-awaiting' }, '等待审核'));
    const body = el('div', { class: 'comment-body' }, deleted ? el('p', { class: 'comment-deleted' }, '此评论已删除') : el('p', {}, ...renderSegments(c.segments)));
    const node = el('article', { class: `comment depth-${c.displayDepth}`, id: `c${c.id}`, 'data-comment-id': String(c.id) }, meta, body);
    if (deleted) return node;
    const actions = el('footer', { class: 'comment-actions' });
    const slot = el('div', { class: 'comment-slot' });
    if (c.status === 'approved') {
      const like = el('button', { type: 'button', class: 'comment-like', 'aria-pressed': String(c.liked) }, `赞 ${c.likes}`);
      like.disabled = c.liked;
      like.addEventListener('click', async () => {
        try {
          const r = await call<{ likes: number }>('POST', `/api/comments/${c.id}/like`);
          like.textContent = `赞 ${r.likes}`;
          like.setAttribute('aria-pressed', 'true');
          like.disabled = true;
        } catch (error) {
          showError(error);
        }
      });
      actions.append(like);
      if (page && !page.closed) {
        const reply = el('button', { type: 'button', class: 'comment-reply' }, '回复');
        reply.addEventListener('click', () => slot.replaceChildren(form(c.id, () => slot.replaceChildren())));
        actions.append(reply);
      }
      if (!c.mine) {
        const report = el('button', { type: 'button', class: 'comment-report' }, '举报');
        report.addEventListener('click', () => slot.replaceChildren(reportForm(c.id, slot)));
        actions.append(report);
      }
    }
    if (c.editableUntil && Date.parse(c.editableUntil) > Date.now()) {
      const edit = el('button', { type: 'button', class: 'comment-edit' }, '编辑');
      edit.addEventListener('click', () => slot.replaceChildren(editForm(c, slot)));
      actions.append(edit);
    }
    if (c.mine) {
      const remove = el('button', { type: 'button', class: 'comment-delete' }, '删除');
      remove.addEventListener('click', async () => {
        if (!confirm('确定删除这条评论吗？')) return;
        try {
          await call('DELETE', `/api/comments/${c.id}`);
          notice = { kind: 'ok', text: '评论已删除。' };
          await load();
        } catch (error) {
          showError(error);
        }
      });
      actions.append(remove);
    }
    node.append(actions, slot);
    void thread;
    return node;
  };

  const reportForm = (id: number, slot: HTMLElement): HTMLElement => {
    const select = el('select', { name: 'reason', 'aria-label': '举报理由' }, ...REPORT_REASONS.map((r) => el('option', { value: r }, r)));
    const detail = el('input', { name: 'detail', maxlength: '200', placeholder: '补充说明（可选）', 'aria-label': '补充说明' });
    const f = el('form', { class: 'comment-report-form' }, select, detail, el('button', { type: 'submit' }, '提交举报'));
    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        await call('POST', `/api/comments/${id}/report`, { reason: detail.value.trim() ? `${select.value}：${detail.value}` : select.value });
        slot.replaceChildren(el('p', { class: 'comment-reported', role: 'status' }, '已举报，感谢你的反馈。'));
      } catch (error) {
        showError(error);
      }
    });
    return f;
  };

  const editForm = (c: Comment, slot: HTMLElement): HTMLElement => {
    const textarea = el('textarea', { rows: '3', maxlength: '2000', 'aria-label': '修改评论' });
    textarea.value = c.body;
    const cancel = el('button', { type: 'button' }, '取消');
    cancel.addEventListener('click', () => slot.replaceChildren());
    const f = el('form', { class: 'comment-edit-form' }, textarea, el('button', { type: 'submit' }, '保存'), cancel);
    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const r = await call<{ message: string }>('PATCH', `/api/comments/${c.id}`, { body: textarea.value });
        notice = { kind: 'ok', text: r.message };
        await load();
      } catch (error) {
        showError(error);
      }
    });
    return f;
  };

  const threadNode = (t: Thread): HTMLElement => {
    const li = el('li', { class: 'comment-thread' }, commentNode(t, t), ...t.replies.map((r) => commentNode(r, t)));
    if (t.moreReplies > 0 && t.repliesCursor) {
      const more = el('button', { type: 'button', class: 'comment-more' }, `更多回复（${t.moreReplies}）`);
      more.addEventListener('click', async () => {
        try {
          const r = await call<{ replies: Comment[]; nextCursor: string | null }>('GET', `/api/comments/${t.id}/replies?cursor=${encodeURIComponent(t.repliesCursor ?? '')}`);
          t.replies = [...t.replies, ...r.replies];
          t.moreReplies = r.nextCursor ? Math.max(0, t.moreReplies - r.replies.length) : 0;
          t.repliesCursor = r.nextCursor;
          li.replaceWith(threadNode(t));
        } catch (error) {
          showError(error);
        }
      });
      li.append(more);
    }
    return li;
  };

  const render = () => {
    if (!page) return;
    if (countNode) countNode.textContent = `（${page.total}）`;
    const parts: Node[] = [];
    if (notice) {
      const box = el('div', { class: `comments-notice comments-notice-${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' }, el('p', {}, notice.text));
      if (notice.details?.length) box.append(el('ul', {}, ...notice.details.map((d) => el('li', {}, d))));
      parts.push(box);
    }
    parts.push(form(null));
    const sorts = el('div', { class: 'comment-sorts', role: 'group', 'aria-label': '排序' });
    for (const [value, label] of SORTS) {
      const b = el('button', { type: 'button', 'aria-pressed': String(value === sort) }, label);
      b.addEventListener('click', () => {
        sort = value;
        void load().catch(showError);
      });
      sorts.append(b);
    }
    parts.push(sorts);
    if (page.awaiting.length > 0) parts.push(el('div', { class: 'comments-awaiting' }, ...page.awaiting.map((c) => commentNode(c, null))));
    parts.push(threads.length ? el('ol', { class: 'comment-list' }, ...threads.map(threadNode)) : el('p', { class: 'comments-empty' }, '还没有评论，来说两句吧。'));
    if (nextCursor) {
      const more = el('button', { type: 'button', class: 'comment-next' }, '加载更多评论');
      more.addEventListener('click', () => void load(true).catch(showError));
      parts.push(more);
    }
    app.replaceChildren(...parts);
  };

  try {
    await load();
    section.querySelector<HTMLElement>('[data-comments-fallback]')?.setAttribute('hidden', '');
    app.hidden = false;
  } catch {
    // The plain link to /comments/:id stays: it works without this script.
  }
}
