import { splitEditionPath } from './editions.js';

/**
 * Query parameters that sharing apps and ad platforms add to links and that no reader page
 * reads: WeChat's `from=timeline|singlemessage|groupmessage`, `isappinstalled`, `scene`,
 * `clicktime` and `enterid`; Weibo's `from`; Alibaba's `spm`; click ids of Google, Microsoft,
 * Meta, Yandex and Instagram; Mailchimp's; and every `utm_*`. A breaking story's readers arrive
 * on such links: left in, each variant would be a page cache entry and a render of its own,
 * and the edition switch's `next=` would carry one reader's parameters.
 */
const TRACKING_NAMES = new Set(['from', 'isappinstalled', 'scene', 'clicktime', 'enterid', 'spm', 'gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid', 'fbclid', 'yclid', 'igshid', 'mc_cid', 'mc_eid']);

/** The search page's `from` is the first day of its date range, not a tracking parameter. */
const READS_FROM = /^\/search\/?$/;

function parameterName(pair: string): string {
  const equals = pair.indexOf('=');
  const name = (equals === -1 ? pair : pair.slice(0, equals)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

/**
 * A reader page's address without the tracking parameters, the others kept as sent and in
 * order; any other address as it is. Both the page cache's key and Fastify's routing use it
 * (`rewriteUrl`), so a page never depends on them.
 * @example withoutTrackingParams('/zh-hans/2025/03/18/7.html?from=timeline&isappinstalled=0') === '/zh-hans/2025/03/18/7.html'
 */
export function withoutTrackingParams(url: string): string {
  const question = url.indexOf('?');
  if (question === -1) return url;
  const path = url.slice(0, question);
  const inEdition = splitEditionPath(path);
  if (inEdition === null) return url;
  const keepFrom = READS_FROM.test(inEdition.path);
  const pairs = url.slice(question + 1).split('&');
  const kept = pairs.filter((pair) => {
    const name = parameterName(pair);
    return !(name.startsWith('utm_') || (TRACKING_NAMES.has(name) && !(keepFrom && name === 'from')));
  });
  if (kept.length === pairs.length) return url;
  return kept.length === 0 ? path : `${path}?${kept.join('&')}`;
}
