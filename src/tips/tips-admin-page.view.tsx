import { AdminLayout, type AdminPageContext } from '../newsroom/ui/admin-pages.view.js';

/**
 * /admin/tips and /admin/tips/:id: one shell that the inbox script (src/tips/client/inbox.ts)
 * fills — the list, a tip, the key panel. Everything the page reads is decrypted in the browser.
 */
export function TipsInboxPage({ ctx }: { ctx: AdminPageContext }) {
  return (
    <AdminLayout
      ctx={ctx}
      title="新闻线索"
      page="tips"
      extraAssets={{ css: ctx.assets.tipsInbox.css.path, js: ctx.assets.tipsInbox.js.path }}
    >
      <div class="tip-inbox" data-tip-inbox>
        <h1 class="page-title">新闻线索</h1>
        <p class="tip-hint">正在载入…</p>
      </div>
      <p class="tip-hint">
        也可以离线解密：用 Debian 的 age（age -d -i 私钥文件）或 xinwen tips decrypt --identity 私钥文件 --out 目录。
      </p>
    </AdminLayout>
  );
}
