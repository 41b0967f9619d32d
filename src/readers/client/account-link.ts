/** Must match READER_HINT_COOKIE in src/readers/reader-auth.ts. */
const HINT_COOKIE = 'xw_reader_in';

/**
 * The masthead's account link is rendered as 登录 on every (cached) page; where this browser
 * holds a reader session it is relabelled 我的账户. The hint cookie carries no secret and the
 * link goes to /account either way, so a stale hint costs one redirect to the login form.
 */
export function initAccountLink(doc: Document): void {
  if (!new RegExp(`(?:^|;\\s*)${HINT_COOKIE}=`).test(doc.cookie)) return;
  for (const link of doc.querySelectorAll<HTMLAnchorElement>('a[data-account-link]')) {
    link.textContent = '我的账户';
  }
}
