import { GUEST_COOKIE } from './commenter.js';

let networks = 0;

/**
 * One simulated browser for the comment API: keeps the guest cookie it is given (or a reader's
 * session cookie and CSRF token), and comes from its own address (X-Forwarded-For) so the spam
 * filter's per-network limits see separate networks unless told otherwise.
 */
export function commentBrowser(baseUrl: string, options: { ip?: string; reader?: { cookie: string; csrfToken: string } } = {}) {
  networks += 1;
  const ip = options.ip ?? `203.0.113.${networks % 250}`;
  let guestCookie: string | null = null;
  const cookies = () => [guestCookie, options.reader?.cookie].filter(Boolean).join('; ');

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const h: Record<string, string> = { 'x-forwarded-for': ip, ...headers };
    const cookie = cookies();
    if (cookie) h.cookie = cookie;
    if (options.reader && method !== 'GET') h['x-csrf-token'] = options.reader.csrfToken;
    if (body !== undefined) h['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers: h, redirect: 'manual', ...(body !== undefined && { body: JSON.stringify(body) }) });
    const set = response.headers.getSetCookie().find((c) => c.startsWith(`${GUEST_COOKIE}=`));
    if (set) guestCookie = set.split(';')[0] ?? null;
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = {};
    }
    return { status: response.status, json, text, response };
  };

  /** Posts a plain HTML form (application/x-www-form-urlencoded), as a browser without JavaScript. */
  const form = async (path: string, fields: Record<string, string>) => {
    const h: Record<string, string> = { 'x-forwarded-for': ip, 'content-type': 'application/x-www-form-urlencoded' };
    const cookie = cookies();
    if (cookie) h.cookie = cookie;
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: h, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
    const set = response.headers.getSetCookie().find((c) => c.startsWith(`${GUEST_COOKIE}=`));
    if (set) guestCookie = set.split(';')[0] ?? null;
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  };

  const post = (articleId: number, body: Record<string, unknown>) => call('POST', `/api/articles/${articleId}/comments`, body);
  const list = (articleId: number, query = '') => call('GET', `/api/articles/${articleId}/comments${query}`);
  return { call, form, post, list, ip, hasGuestCookie: () => guestCookie !== null };
}

export type CommentBrowser = ReturnType<typeof commentBrowser>;

/** The `comment` of a post answer. */
export function postedComment(json: Record<string, unknown>): { id: number; status: string; body: string } {
  return json.comment as { id: number; status: string; body: string };
}

/**
 * Approves every pending and held comment on an article through the moderation API, for
 * tests about what pages show rather than about what the spam filter thinks of a text.
 */
export async function approveWaiting(baseUrl: string, session: { cookie: string; csrfToken: string }, articleId: number): Promise<number[]> {
  const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
  const ids: number[] = [];
  for (const queue of ['pending', 'held']) {
    const response = await fetch(`${baseUrl}/api/admin/comments?queue=${queue}&article=${articleId}`, { headers });
    const json = (await response.json()) as { items: { id: number }[] };
    ids.push(...json.items.map((i) => i.id));
  }
  if (ids.length > 0) {
    const response = await fetch(`${baseUrl}/api/admin/comments/approve`, { method: 'POST', headers, body: JSON.stringify({ ids }) });
    if (!response.ok) throw new Error(`approve failed: ${response.status}`);
  }
  return ids;
}
