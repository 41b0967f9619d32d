/** The admin JSON API from the browser: the session's CSRF token on every change, errors as ApiError. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** Remembers the token the session routes hand out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Calls `/api/admin{path}`; resolves to the JSON answer (null for 204). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/admin${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return null as T;
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (json.error ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`, error as Record<string, unknown>);
  }
  return json as T;
}

/** A change sent while the page goes away (keepalive), e.g. leaving an article's presence. */
export function sendOnLeave(method: string, path: string): void {
  void fetch(`/api/admin${path}`, { method, keepalive: true, credentials: 'same-origin', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} }).catch(() => undefined);
}

/** Uploads an image with its text (multipart POST /api/admin/media); resolves to the media record. */
export async function uploadImage(file: File, text: { alt: string; caption: string; credit: string }): Promise<{ id: number; variants: { width: number; format: string; key: string }[] }> {
  const form = new FormData();
  form.set('alt', text.alt);
  form.set('caption', text.caption);
  form.set('credit', text.credit);
  form.set('file', file);
  const response = await fetch('/api/admin/media', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = (json.error ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`, error as Record<string, unknown>);
  }
  return json as { id: number; variants: { width: number; format: string; key: string }[] };
}

/** Loads the session's CSRF token; a signed-out page goes back to the login page. */
export async function loadSession(): Promise<{ user: { displayName: string; role: string } }> {
  try {
    const session = await api<{ csrfToken: string | null; user: { displayName: string; role: string } }>('GET', '/session');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) location.assign(`/admin/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw error;
  }
}
