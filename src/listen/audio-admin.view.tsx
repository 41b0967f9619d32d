import { formatDateTime } from '../articles/format.js';
import { AdminLayout, type AdminPageContext } from '../newsroom/ui/admin-pages.view.js';
import { CsrfField, FormNotices, type FormProblem } from '../newsroom/ui/form-parts.view.js';
import { AUDIO_STATUSES, type AudioListRow, type AudioStatus } from './audio.store.js';
import { audioPath } from './audio.service.js';

/** Each status as the newsroom reads it; 'none' is a published article without a row yet. */
export const STATUS_LABELS: Record<AudioStatus | 'none', string> = {
  none: '未排队',
  queued: '排队中',
  rendering: '生成中',
  ready: '已生成',
  failed: '失败',
  unavailable: '无法生成（未安装 espeak-ng）',
};

export const STATUS_FILTERS = ['none', ...AUDIO_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** Seconds as m:ss. */
function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export interface AudioAdminPageProps {
  ctx: AdminPageContext;
  rows: AudioListRow[];
  total: number;
  page: number;
  pages: number;
  status: StatusFilter | null;
  canRender: boolean;
  notice: string | null;
  problem: FormProblem | null;
}

function pageHref(page: number, status: StatusFilter | null): string {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/admin/audio?${text}` : '/admin/audio';
}

/** /admin/audio: every published article's audio (status, length, when rendered, error), 重新生成 and a player for ready ones. Plain forms. */
export function AudioAdminPage({ ctx, rows, total, page, pages, status, canRender, notice, problem }: AudioAdminPageProps) {
  return (
    <AdminLayout ctx={ctx} title="收听音频" page="audio" needsJs={false}>
      <h1 class="page-title">收听音频</h1>
      <p class="hint">
        每篇签发的稿件由服务器用 espeak-ng 朗读成 MP3（文章页的“收听”和播客使用）。稿件改动后自动重新生成；内容未变的稿件不会重复生成。没有音频时，读者的浏览器用自带的语音朗读。
      </p>
      <FormNotices notice={notice} problem={problem} />
      <form method="get" action="/admin/audio" class="filters">
        <label class="field">
          <span class="field-label">状态</span>
          <select name="status">
            <option value="" selected={status === null}>
              全部
            </option>
            {STATUS_FILTERS.map((s) => (
              <option value={s} selected={s === status}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button">
          筛选
        </button>
      </form>
      <section class="panel panel-wide" aria-labelledby="audio-h">
        <h2 id="audio-h">已签发的稿件（{total}）</h2>
        {rows.length === 0 ? (
          <p class="empty">没有符合条件的稿件。</p>
        ) : (
          <table class="list-table" id="audio-list">
            <thead>
              <tr>
                <th>稿件</th>
                <th>状态</th>
                <th>时长</th>
                <th>生成时间</th>
                <th>音频</th>
                {canRender && <th>操作</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr id={`audio-row-${r.articleId}`}>
                  <td>
                    <a href={`/admin/articles/${r.articleId}`}>{r.title}</a>
                  </td>
                  <td>
                    <span class={`badge badge-audio-${r.status ?? 'none'}`}>{STATUS_LABELS[r.status ?? 'none']}</span>
                    {r.error && <p class="hint error-text">{r.error}</p>}
                    {r.attempts > 1 && <p class="hint">已尝试 {r.attempts} 次</p>}
                  </td>
                  <td>{r.durationMs !== null ? clock(r.durationMs) : '—'}</td>
                  <td class="col-time">{r.renderedAt ? formatDateTime(r.renderedAt, ctx.timeZone) : '—'}</td>
                  <td>{r.fileKey && r.status === 'ready' ? <audio controls preload="none" src={audioPath(r.fileKey)} /> : '—'}</td>
                  {canRender && (
                    <td>
                      <form method="post" action={`/admin/audio/${r.articleId}/render`}>
                        <CsrfField token={ctx.csrfToken} />
                        <input type="hidden" name="back" value={pageHref(page, status)} />
                        <button type="submit" class="button">
                          重新生成
                        </button>
                      </form>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 && (
          <nav class="pager" aria-label="分页">
            {page > 1 && <a href={pageHref(page - 1, status)}>← 上一页</a>}
            <span>
              第 {page} / {pages} 页
            </span>
            {page < pages && <a href={pageHref(page + 1, status)}>下一页 →</a>}
          </nav>
        )}
      </section>
    </AdminLayout>
  );
}
