import QRCode from 'qrcode';

/** Share targets that take a URL (and a title) in a query string. */
const TARGETS = [
  { id: 'facebook', label: 'Facebook', href: (u: string) => `https://www.facebook.com/sharer/sharer.php?u=${u}` },
  { id: 'x', label: 'X', href: (u: string, t: string) => `https://x.com/intent/tweet?url=${u}&text=${t}` },
  { id: 'line', label: 'LINE', href: (u: string) => `https://social-plugins.line.me/lineit/share?url=${u}` },
  { id: 'telegram', label: 'Telegram', href: (u: string, t: string) => `https://t.me/share/url?url=${u}&text=${t}` },
  { id: 'weibo', label: '微博', href: (u: string, t: string) => `https://service.weibo.com/share/share.php?url=${u}&title=${t}` },
] as const;

/** Recently drawn QR codes by URL; an article's URL never changes its code. */
const qrCache = new Map<string, string>();
const QR_CACHE_SIZE = 2_000;

/**
 * A QR code for `url` as SVG, generated locally (no third-party service sees the reader or the
 * link). WeChat readers scan it to open the article. Drawing one takes about 0.4 ms, so the
 * most recent 2,000 are kept.
 */
export async function qrCodeSvg(url: string): Promise<string> {
  const cached = qrCache.get(url);
  if (cached) return cached;
  const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  if (qrCache.size >= QR_CACHE_SIZE) qrCache.delete(qrCache.keys().next().value as string);
  qrCache.set(url, svg);
  return svg;
}

/** The QR code for `url` as an SVG data URI, for a page that has no address of its own yet (a draft's preview). */
export async function qrCodeDataUri(url: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await qrCodeSvg(url)).toString('base64')}`;
}

/** Where a published article's QR code is served (reader.routes), under the page's edition. */
export const articleQrPath = (articleId: number): string => `/article/${articleId}/qr.svg`;

export interface ShareLinksProps {
  url: string;
  title: string;
  /** The QR code image: its own address for a published article, a data URI for a preview. */
  qrSrc: string;
}

/** Share links, plus WeChat through a QR code that opens without JavaScript. */
export function ShareLinks({ url, title, qrSrc }: ShareLinksProps) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  return (
    <section class="share" aria-label="分享">
      <h2 class="share-title">分享</h2>
      <ul class="share-list">
        {TARGETS.map((target) => (
          <li>
            <a class={`share-link share-${target.id}`} href={target.href(u, t)} target="_blank" rel="noopener noreferrer">
              {target.label}
            </a>
          </li>
        ))}
        <li>
          <details class="share-wechat">
            <summary class="share-link">微信</summary>
            <figure class="share-qr">
              {/* Lazy: drawn and fetched only when a reader opens 微信, not with every page. */}
              <img src={qrSrc} width={160} height={160} alt="本文链接的二维码" loading="lazy" />
              <figcaption>用微信扫一扫，分享到朋友圈</figcaption>
            </figure>
          </details>
        </li>
      </ul>
    </section>
  );
}
