/**
 * The public tips API from the browser (protocol: src/tips/tips-protocol.ts). Every request is
 * same-origin, sends no credentials a reader might have on the site, and keeps nothing.
 */
import type {
  ChunkResponse,
  CreateItemResponse,
  FinishResponse,
  StartFollowUpResponse,
  StartTipResponse,
  TipItemKind,
  TipsConfig,
  TipStatusResponse,
} from '../tips-protocol.js';

/** A refused or failed request, with the server's Chinese message when it sent one. */
export class TipsApiError extends Error {
  override name = 'TipsApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试。';

/** What went wrong, in words for the page. */
export function problemText(error: unknown): string {
  if (error instanceof TipsApiError) {
    if (error.code === 'tips_busy') return `${error.message}（这一限制针对整个网站而非您个人，请稍后再试。）`;
    return error.message;
  }
  if (error instanceof TypeError) return NETWORK_MESSAGE;
  return error instanceof Error ? error.message : String(error);
}

async function errorOf(response: Response): Promise<TipsApiError> {
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const error = (json.error ?? {}) as { code?: string; message?: string };
  return new TipsApiError(response.status, error.code ?? 'error', error.message ?? `服务器错误（${response.status}），请稍后重试。`, error as Record<string, unknown>);
}

// `credentials: 'omit'`: the tip routes need no cookie, so none of the reader's is sent with them.
const BASE: RequestInit = { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' };

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    ...BASE,
    method,
    headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

export const getConfig = () => json<TipsConfig>('GET', '/api/tips/config');
export const startTip = () => json<StartTipResponse>('POST', '/api/tips', {});
export const startFollowUp = (receipt: string) => json<StartFollowUpResponse>('POST', '/api/tips/followups', { receipt });
export const tipStatus = (receipt: string) => json<TipStatusResponse>('POST', '/api/tips/status', { receipt });

export const createItem = (uploadId: string, kind: TipItemKind) =>
  json<CreateItemResponse>('POST', `/api/tips/uploads/${encodeURIComponent(uploadId)}/items`, { kind });

export const finishUpload = (uploadId: string) => json<FinishResponse>('POST', `/api/tips/uploads/${encodeURIComponent(uploadId)}/finish`, {});

/**
 * Sends chunk `index` of an item. A 409 saying the server already expects the chunk after this
 * one means an earlier attempt arrived and only its answer was lost: that counts as sent.
 */
export async function putChunk(uploadId: string, itemId: number, index: number, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const response = await fetch(`/api/tips/uploads/${encodeURIComponent(uploadId)}/items/${itemId}/chunks/${index}`, {
    ...BASE,
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
    body: bytes,
  });
  if (response.ok) {
    await response.json().catch(() => null as ChunkResponse | null);
    return;
  }
  const error = await errorOf(response);
  if (error.code === 'chunk_out_of_order' && error.body.expectedIndex === index + 1) return;
  throw error;
}

/** The bytes of a reply (age ciphertext), asked for with the receipt in the body, never in the URL. */
export async function fetchReply(url: string, receipt: string): Promise<Uint8Array> {
  const response = await fetch(url, {
    ...BASE,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ receipt }),
  });
  if (!response.ok) throw await errorOf(response);
  return new Uint8Array(await response.arrayBuffer());
}
