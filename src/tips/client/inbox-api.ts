/**
 * The newsroom's tips API from the inbox page (protocol: src/tips/tips-protocol.ts): the staff
 * session's cookie, and its CSRF token on every change. Ciphertext comes and goes as bytes;
 * nothing here ever sees plaintext except what the page decrypts in memory.
 */
import type { AdminReplyResponse, AdminTipDetail, AdminTipListResponse, AdminTipPatch } from '../tips-protocol.js';

/** A refused request, with the server's message (Chinese for staff). */
export class InboxApiError extends Error {
  override name = 'InboxApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The signed-in staff member, as GET /api/admin/session answers. */
export interface InboxUser {
  id: number;
  name: string;
  role: string;
}

let csrfToken: string | null = null;

async function check(response: Response): Promise<Response> {
  if (response.ok) return response;
  if (response.status === 401) location.assign(`/admin/login?next=${encodeURIComponent(location.pathname)}`);
  const json = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  throw new InboxApiError(response.status, json.error?.code ?? 'error', json.error?.message ?? `服务器错误（${response.status}）。`);
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await check(
    await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store', ...(body !== undefined && { body: JSON.stringify(body) }) }),
  );
  return (response.status === 204 ? null : await response.json()) as T;
}

/** Who is signed in; keeps the session's CSRF token for the changes that follow. */
export async function loadInboxSession(): Promise<InboxUser> {
  const session = await call<{ csrfToken: string | null; user: InboxUser }>('GET', '/api/admin/session');
  csrfToken = session.csrfToken;
  return session.user;
}

export function listTips(status: string, page: number): Promise<AdminTipListResponse> {
  const query = new URLSearchParams({ page: String(page) });
  if (status) query.set('status', status);
  return call('GET', `/api/admin/tips?${query}`);
}

export const getTip = (id: number) => call<AdminTipDetail>('GET', `/api/admin/tips/${id}`);
export const patchTip = (id: number, patch: AdminTipPatch) => call<AdminTipDetail>('PATCH', `/api/admin/tips/${id}`, patch);
export const deleteTip = (id: number) => call<null>('DELETE', `/api/admin/tips/${id}`);

/** An item's age ciphertext, as a stream (attachments may be large). */
export async function itemStream(url: string): Promise<ReadableStream<Uint8Array>> {
  const response = await check(await fetch(url, { credentials: 'same-origin', cache: 'no-store' }));
  if (!response.body) throw new InboxApiError(500, 'empty', '服务器没有返回内容。');
  return response.body;
}

/** An item's age ciphertext, whole (messages and replies are small). */
export async function itemBytes(url: string): Promise<Uint8Array> {
  const response = await check(await fetch(url, { credentials: 'same-origin', cache: 'no-store' }));
  return new Uint8Array(await response.arrayBuffer());
}

/** Posts a reply's ciphertext (already encrypted to the reader's and the newsroom's recipients). */
export async function postReply(id: number, ciphertext: Uint8Array<ArrayBuffer>): Promise<AdminReplyResponse> {
  const response = await check(
    await fetch(`/api/admin/tips/${id}/replies`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/json', ...(csrfToken && { 'x-csrf-token': csrfToken }) },
      body: ciphertext,
    }),
  );
  return (await response.json()) as AdminReplyResponse;
}
