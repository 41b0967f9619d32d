import type { Section } from '../articles/model.js';
import { AdminLayout, type AdminPageContext } from '../newsroom/ui/admin-pages.view.js';

const QUEUE_TABS: [string, string][] = [
  ['pending', '待审核'],
  ['held', '被拦截'],
  ['reported', '被举报'],
  ['approved', '已通过'],
  ['rejected', '已拒绝'],
];

function TriState({ name, label }: { name: string; label: string }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <select name={name}>
        <option value="inherit">继承上级</option>
        <option value="true">是</option>
        <option value="false">否</option>
      </select>
    </label>
  );
}

/**
 * /admin/comments: the queues, one-key and bulk decisions, a commenter's history with bans,
 * and the comment settings form. A shell that the moderation script fills from the JSON API.
 */
export function ModerationPage({ ctx, sections, assets }: { ctx: AdminPageContext; sections: Section[]; assets: { css: string; js: string } }) {
  return (
    <AdminLayout ctx={ctx} title="评论审核" page="comments" data={{ sections }} extraAssets={assets}>
      <h1 class="page-title">评论审核</h1>
      <div class="mod-layout">
        <section class="panel mod-queue" aria-labelledby="mod-queue-h">
          <h2 id="mod-queue-h" class="visually-hidden">
            审核队列
          </h2>
          <nav class="mod-tabs" role="tablist" aria-label="审核队列">
            {QUEUE_TABS.map(([queue, label]) => (
              <button type="button" role="tab" class="mod-tab" data-queue={queue} aria-selected={queue === 'pending' ? 'true' : 'false'}>
                {label} <span class="mod-count" data-count={queue} />
              </button>
            ))}
          </nav>
          <form class="filters mod-filters" id="mod-filters">
            <label>
              稿件编号
              <input type="number" name="article" min={1} inputMode="numeric" />
            </label>
            <button type="submit" class="button">
              筛选
            </button>
          </form>
          <div class="mod-bulk" id="mod-bulk">
            <label>
              <input type="checkbox" id="mod-select-all" /> 全选
            </label>
            <button type="button" class="button button-primary" data-bulk="approve">
              通过所选
            </button>
            <label>
              拒绝理由
              <select id="mod-reject-reason">
                <option value="spam">垃圾广告</option>
                <option value="abuse">辱骂攻击</option>
                <option value="off_topic">离题</option>
                <option value="other">其他</option>
              </select>
            </label>
            <button type="button" class="button" data-bulk="reject">
              拒绝所选
            </button>
            <span id="mod-status" role="status" aria-live="polite" />
          </div>
          <p class="hint">键盘：j / k 上下移动，a 通过，r 拒绝，x 选中或取消，h 查看评论者历史。</p>
          <ol class="mod-list" id="mod-list" aria-live="polite" />
          <button type="button" class="button" id="mod-more" hidden>
            加载更多
          </button>
        </section>
        <aside class="mod-side">
          <section class="card" id="mod-history" aria-labelledby="mod-history-h" hidden>
            <h2 id="mod-history-h">评论者历史</h2>
            <p id="mod-history-summary" />
            <p id="mod-history-ban" class="notice notice-warn" hidden />
            <form id="mod-ban-form" class="mod-ban">
              <label class="field">
                <span class="field-label">封禁理由</span>
                <input name="reason" required maxLength={300} />
              </label>
              <label>
                <input type="checkbox" name="rejectAll" /> 同时拒绝其全部评论
              </label>
              <button type="submit" class="button">
                封禁
              </button>
            </form>
            <button type="button" class="button" id="mod-unban" hidden>
              解除封禁
            </button>
            <ol class="mod-history-list" id="mod-history-list" />
          </section>
          <form class="card mod-settings" id="mod-settings">
            <h2>评论设置</h2>
            <div class="row">
              <label class="field">
                <span class="field-label">范围</span>
                <select name="scope">
                  <option value="outlet">全站</option>
                  <option value="section">栏目</option>
                  <option value="article">稿件</option>
                </select>
              </label>
              <label class="field" data-scope-field="section" hidden>
                <span class="field-label">栏目</span>
                <select name="section">
                  {sections.map((s) => (
                    <option value={String(s.id)}>{s.name}</option>
                  ))}
                </select>
              </label>
              <label class="field" data-scope-field="article" hidden>
                <span class="field-label">稿件编号</span>
                <input type="number" name="article" min={1} />
              </label>
            </div>
            <button type="button" class="button" id="mod-settings-load">
              读取
            </button>
            <label class="field">
              <span class="field-label">审核模式</span>
              <select name="mode">
                <option value="inherit">继承上级</option>
                <option value="post">先发后审</option>
                <option value="pre">先审后发</option>
              </select>
            </label>
            <label class="field">
              <span class="field-label">新评论者需先通过几条（0 为不限；空为继承）</span>
              <input type="number" name="newCommenterApprovals" min={0} max={100} />
            </label>
            <TriState name="holdLinks" label="含链接的评论需审核" />
            <TriState name="guestsAllowed" label="允许游客评论" />
            <label class="field">
              <span class="field-label">发布多少天后关闭评论（0 为不关闭；空为继承）</span>
              <input type="number" name="closeAfterDays" min={0} max={3650} />
            </label>
            <TriState name="closed" label="关闭评论" />
            <p class="hint" id="mod-settings-effective" />
            <p class="form-error" role="alert" hidden />
            <button type="submit" class="button button-primary">
              保存设置
            </button>
          </form>
        </aside>
      </div>
    </AdminLayout>
  );
}
