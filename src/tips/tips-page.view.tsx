import { formatDateTime } from '../articles/format.js';
import { Layout } from '../web/layout.js';
import { sitePath, type SiteContext } from '../web/site-context.js';
import { MAX_CONTACT_CHARS, MAX_MESSAGE_CHARS, TIP_STATUS_LABELS, type TipStatus } from './tips-protocol.js';

/** What the tip page says about the channel's limits. */
export interface TipPageSettings {
  /** False while the newsroom has no active key: the page says so and shows no form. */
  available: boolean;
  maxTotalBytes: number;
  maxFiles: number;
  retentionDays: number;
}

const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

/** The tip pages' own stylesheet and script (T2's browser encryption), loaded only here. */
function TipAssets({ site }: { site: SiteContext }) {
  return (
    <>
      <link rel="stylesheet" href={site.assets.tips.css.path} />
      <script src={site.assets.tips.js[site.edition].path} defer />
    </>
  );
}

function TipShell({ site, title, children }: { site: SiteContext; title: string; children: preact.ComponentChildren }) {
  return (
    <Layout site={site} activeSection={null} meta={{ title, robots: 'noindex, nofollow' }}>
      <TipAssets site={site} />
      <article class="tip-page">{children}</article>
    </Layout>
  );
}

/** The attachments and message fields shared by the first submission and the follow-up form. */
function TipFields({ settings, idPrefix, contact }: { settings: TipPageSettings; idPrefix: string; contact: boolean }) {
  return (
    <>
      <p class="tip-field">
        <label class="tip-field-label" for={`${idPrefix}-message`}>
          您要告诉我们的事
        </label>
        <textarea id={`${idPrefix}-message`} name="message" rows={10} maxLength={MAX_MESSAGE_CHARS} />
      </p>
      <p class="tip-field">
        <label class="tip-field-label" for={`${idPrefix}-attachments`}>
          附件（可多选，最多 {settings.maxFiles} 个，合计不超过 {mb(settings.maxTotalBytes)}）
        </label>
        <input id={`${idPrefix}-attachments`} type="file" name="attachments" multiple />
      </p>
      {contact && (
        <p class="tip-field">
          <label class="tip-field-label" for={`${idPrefix}-contact`}>
            联系方式（选填）
          </label>
          <input id={`${idPrefix}-contact`} type="text" name="contact" maxLength={MAX_CONTACT_CHARS} autocomplete="off" />
          <span class="tip-hint">如果希望记者与您联系，请留下一个安全的方式，例如 Signal 号码或专门新注册的邮箱。也可以不留，凭回执码查看我们的回复。</span>
        </p>
      )}
    </>
  );
}

/** What the channel protects and what it cannot; said before anyone sends anything. */
function TipLimits({ settings }: { settings: TipPageSettings }) {
  return (
    <>
      <section class="tip-protects" aria-labelledby="tip-protects-h">
        <h2 id="tip-protects-h">这个通道能做到什么</h2>
        <ul>
          <li>开启 JavaScript 时，您的留言和文件在您自己的浏览器里用编辑部的公钥（age 加密）加密后才上传。服务器只收到密文，只有持有私钥的编辑能够解密。</li>
          <li>本站不记录这个通道访问者的 IP 地址、浏览器信息或来源网页，不在这里设置跟踪 Cookie，也不加载任何第三方内容。</li>
          <li>您不必留下姓名。提交后您会得到一个回执码，凭它查看编辑部的回复、补充材料。</li>
          <li>线索在最后一次往来 {settings.retentionDays} 天后自动删除。</li>
        </ul>
      </section>
      <section class="tip-limits" aria-labelledby="tip-limits-h">
        <h2 id="tip-limits-h">它做不到什么</h2>
        <ul>
          <li>
            <strong>网络能看到您的 IP 地址。</strong>
            您的网络运营商、单位或学校的网络管理员能看到您访问了本站。请使用 Tor 浏览器，或使用一个不属于您、与您无关的网络；不要用单位的网络或设备。
          </li>
          <li>
            <strong>文件带有元数据。</strong>
            照片、文档和 PDF 里可能有作者姓名、设备型号、拍摄地点和修改记录。上传前请先清除（例如用 mat2），或只发送内容的截图。
          </li>
          <li>
            <strong>服务器被攻破时，加密也可能失效。</strong>
            加密代码由本站发给您的浏览器；如果服务器被人控制，对方可能送来有问题的 JavaScript，在加密之前读取您的内容。材料风险极高时，请考虑其他联系方式。
          </li>
          <li>
            <strong>不开启 JavaScript 是较弱的方式。</strong>
            表单会以原文发到服务器，由服务器在内存中加密后再存储，原文从不写入磁盘；但在加密的那一刻，服务器能看到原文。
          </li>
          <li>
            <strong>繁忙时可能要稍后再试。</strong>
            为了不记录任何人的地址，本站只限制整个网站接收线索的总量，所以有时会因为其他人的使用而请您稍等。
          </li>
        </ul>
      </section>
    </>
  );
}

/** `/{edition}/tips`: the explanation and the form (works without JavaScript; the tip script takes it over). */
export function TipsPage({ site, settings }: { site: SiteContext; settings: TipPageSettings }) {
  const outlet = site.outlet.name;
  return (
    <TipShell site={site} title="新闻线索">
      <header class="list-header">
        <h1 class="list-title">向{outlet}提供新闻线索</h1>
        <p class="list-description">如果您掌握值得报道的事实、文件或线索，可以在这里发给{outlet}编辑部。</p>
      </header>
      <TipLimits settings={settings} />
      {settings.available ? (
        <form class="tip-form" data-tip-form method="post" action={sitePath(site, '/tips')} enctype="multipart/form-data">
          <TipFields settings={settings} idPrefix="tip" contact />
          <p class="tip-actions">
            <button type="submit" class="tip-button tip-button-primary">
              加密并发送
            </button>
          </p>
        </form>
      ) : (
        <p class="tip-error" role="status">
          线索通道暂未开放：编辑部还没有设置接收密钥。请稍后再来。
        </p>
      )}
      <p>
        已经有回执码？<a href={sitePath(site, '/tips/receipt')}>查看回复或补充材料</a>
      </p>
    </TipShell>
  );
}

function ReceiptRules() {
  return (
    <ul class="tip-receipt-rules">
      <li>请抄下或记住这个回执码。它只显示这一次，我们无法找回。</li>
      <li>凭它可以回来查看编辑部的回复，或补充材料。</li>
      <li>不要把它存放在别人能看到的地方：拿到回执码的人可以读到编辑部给您的回复。</li>
    </ul>
  );
}

/** The answer to a plain (no-JavaScript) submission: the receipt, shown once. */
export function TipSentPage({ site, receipt, files }: { site: SiteContext; receipt: string; files: number }) {
  return (
    <TipShell site={site} title="线索已收到">
      <section class="tip-receipt" aria-labelledby="tip-receipt-h">
        <h1 id="tip-receipt-h">线索已收到</h1>
        <p>
          您的留言{files > 0 ? `和 ${files} 个附件` : ''}已加密保存。您的回执码是：
        </p>
        <p class="tip-receipt-code" data-tip-receipt-code translate={false}>
          {receipt}
        </p>
        <ReceiptRules />
      </section>
      <p>
        <a href={sitePath(site, '/tips/receipt')}>凭回执码查看回复</a>
      </p>
    </TipShell>
  );
}

/** A reply as the no-JavaScript receipt page shows it (decrypted on the server). */
export interface PlainReply {
  createdAt: string;
  message: string;
}

/** What the receipt opened, for the no-JavaScript receipt page. */
export interface PlainTipView {
  receipt: string;
  status: TipStatus;
  createdAt: string;
  updatedAt: string;
  replies: PlainReply[];
}

function ReceiptForm({ site }: { site: SiteContext }) {
  return (
    <form class="tip-form" data-tip-receipt-form method="post" action={sitePath(site, '/tips/receipt')}>
      <p class="tip-field">
        <label class="tip-field-label" for="tip-receipt">
          回执码（16 位数字）
        </label>
        <input id="tip-receipt" type="text" name="receipt" inputMode="numeric" autocomplete="off" maxLength={40} required />
      </p>
      <p class="tip-actions">
        <button type="submit" class="tip-button tip-button-primary">
          查看
        </button>
      </p>
    </form>
  );
}

/**
 * `/{edition}/tips/receipt`: the receipt form; after a plain POST, the tip's status, the
 * replies and a form to send more. `notice` confirms a follow-up.
 */
export function TipReceiptPage({ site, settings, view, notice }: { site: SiteContext; settings: TipPageSettings; view: PlainTipView | null; notice?: string }) {
  const tz = site.outlet.timezone;
  return (
    <TipShell site={site} title="查看线索回复">
      <header class="list-header">
        <h1 class="list-title">查看线索回复</h1>
        <p class="list-description">输入提交线索时得到的回执码，查看编辑部的回复，或补充材料。</p>
      </header>
      <ReceiptForm site={site} />
      <p class="tip-hint">
        开启 JavaScript 时，回复在您的浏览器中解密。不开启 JavaScript 时（较弱的方式），服务器要用您的回执码在内存中解开回复再显示给您。
      </p>
      {notice && (
        <p class="tip-success" role="status">
          {notice}
        </p>
      )}
      {view && (
        <section class="tip-thread" aria-labelledby="tip-thread-h">
          <h2 id="tip-thread-h">您的线索</h2>
          <p class="tip-thread-meta">
            状态：{TIP_STATUS_LABELS[view.status]}　提交于 {formatDateTime(view.createdAt, tz)}　最近更新 {formatDateTime(view.updatedAt, tz)}
          </p>
          {view.replies.length === 0 ? (
            <p class="tip-empty">编辑部还没有回复。请过些时候再来查看。</p>
          ) : (
            <ol class="tip-replies">
              {view.replies.map((reply) => (
                <li class="tip-reply">
                  <p class="tip-reply-meta">编辑部 · {formatDateTime(reply.createdAt, tz)}</p>
                  <p class="tip-reply-body">{reply.message}</p>
                </li>
              ))}
            </ol>
          )}
          <form class="tip-form tip-followup" method="post" action={sitePath(site, '/tips/receipt/more')} enctype="multipart/form-data">
            <h3>补充材料</h3>
            {/* First in the form, so the server reads the receipt before any file arrives. */}
            <input type="hidden" name="receipt" value={view.receipt} />
            <TipFields settings={settings} idPrefix="tip-more" contact={false} />
            <p class="tip-actions">
              <button type="submit" class="tip-button tip-button-primary">
                发送补充材料
              </button>
            </p>
          </form>
        </section>
      )}
    </TipShell>
  );
}
