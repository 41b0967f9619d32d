/**
 * The tips channel's wire protocol, shared by the server (src/tips/*) and the browser
 * (src/tips/client/*). Pure: no Node APIs, no imports, so the browser bundle can import it.
 *
 * ## Sending a tip (JavaScript path)
 * 1. `GET /api/tips/config` → {@link TipsConfig}: the newsroom's age recipients in use, the size
 *    limits and the chunk size.
 * 2. `POST /api/tips` with `{}` → {@link StartTipResponse}: a new tip in state `uploading`, its
 *    `uploadId` and the `receipt` (shown to the reader once; the server keeps only a slow hash).
 * 3. For each item, in order — first exactly one `message` item, then one `file` item per
 *    attachment:
 *    - `POST /api/tips/uploads/:uploadId/items` with {@link CreateItemRequest} →
 *      {@link CreateItemResponse};
 *    - the item's age ciphertext (binary age format, not armored), encrypted in the browser to
 *      EVERY recipient of the config, sent as `PUT /api/tips/uploads/:uploadId/items/:itemId/chunks/:index`
 *      with `content-type: application/octet-stream`, index 0, 1, 2… in order, each chunk at most
 *      `chunkBytes` (any size ≥ 1 byte; the last one may be short). Answer: {@link ChunkResponse}.
 *      Chunk 0 must start with {@link AGE_MAGIC}. A chunk index that is not the next one is a 409
 *      (`chunk_out_of_order`, with `expectedIndex`); re-sending the last stored chunk with the same
 *      index is also 409, so a client that lost an answer resumes from `expectedIndex`.
 *    - The message item's plaintext is the UTF-8 JSON {@link TipMessagePayload} (the text,
 *      optional contact details, and the names/types/sizes of the attachments in the order of
 *      their items; see {@link AdminTipItem.batch}),
 *      so nothing the reader wrote is ever outside the ciphertext. Attachment items' plaintext
 *      is the file's bytes as they are.
 * 4. `POST /api/tips/uploads/:uploadId/finish` → {@link FinishResponse}: the tip becomes `new`
 *    (or, for a follow-up, the tip's last activity is updated). An upload never finished is
 *    deleted, with its items, {@link UPLOAD_EXPIRY_MS} after it started.
 *
 * Limits (all answered as JSON errors `{ error: { code, message } }`, messages in Chinese):
 * - 413 `tip_too_large` when the ciphertext of the whole tip (all uploads) would pass `maxTotalBytes`,
 *   or a chunk passes `chunkBytes`;
 * - 400 `too_many_items` past `maxFiles` attachments in one upload (plus the one message);
 * - 409 `upload_closed` for a finished or expired upload; 404 `upload_not_found` for an unknown one;
 * - 429 `tips_busy` (with `Retry-After`) when the site-wide budget of new tips per minute or of
 *   uploaded bytes per hour is spent. The budget is global and stores no address, so it can
 *   refuse a reader because of others; the page says so.
 *
 * ## The receipt holder
 * - `POST /api/tips/status` with {@link ReceiptRequest} → {@link TipStatusResponse}: the replies
 *   (ciphertext URLs, readable with the per-tip identity) and `lockedIdentity`: the tip's own age
 *   X25519 secret key (`AGE-SECRET-KEY-1…`), age-encrypted with the receipt (digits only, see
 *   {@link normaliseReceipt}) as scrypt passphrase. The browser unlocks it with the receipt and
 *   decrypts the replies. A wrong receipt is 404 `receipt_not_found`, the same answer whether
 *   or not such a tip exists.
 * - A reply's ciphertext: `POST /api/tips/replies/:replyId` with the same {@link ReceiptRequest}
 *   body → `application/octet-stream` (the receipt never goes in a URL, where a history or a log
 *   could keep it).
 * - `POST /api/tips/followups` with {@link ReceiptRequest} → {@link StartFollowUpResponse}; then the
 *   same item/chunk/finish steps as above (a message item first, then attachments).
 *
 * The tip's own identity never encrypts what the source sends (a receipt that falls into the
 * wrong hands must not open the tip); it only lets the receipt holder read the replies.
 *
 * ## The newsroom (a staff session, not an API token; roles from the tip settings, editor+admin by default)
 * - `GET /api/admin/tips?status=&page=` → {@link AdminTipListResponse}: what the server knows —
 *   times, sizes, counts, status, assignee. Never an address or a user agent: none is stored.
 * - `GET /api/admin/tips/:id` → {@link AdminTipDetail}: items with sizes and download URLs
 *   (`GET /api/admin/tips/:id/items/:itemId`, `application/octet-stream`, the age ciphertext).
 * - `PATCH /api/admin/tips/:id` with {@link AdminTipPatch} → {@link AdminTipDetail}.
 * - `POST /api/admin/tips/:id/replies` with the reply's age ciphertext as the body
 *   (`application/octet-stream`, at most {@link MAX_REPLY_BYTES}), encrypted by the newsroom's
 *   browser to the tip's `readerRecipient` AND every recipient in `newsroomRecipients` (the UTF-8
 *   plaintext is a {@link TipReplyPayload} JSON) → {@link AdminReplyResponse}. The server checks
 *   that the age header has one X25519 stanza per required recipient (it cannot see which key a
 *   stanza is for, so it checks the count and that chunk 0 is age).
 * - `DELETE /api/admin/tips/:id` → 204; the tip, its items and their files are removed.
 * - `GET /api/admin/tips/settings` / `PUT /api/admin/tips/settings` (admin only) →
 *   {@link TipSettings}.
 *
 * Every tip route answers with `Cache-Control: no-store`, `Referrer-Policy: no-referrer` and a
 * CSP without third parties; no IP address, user agent or referrer is logged or stored.
 */

/** The first bytes of every binary age file (the header's version line). */
export const AGE_MAGIC = 'age-encryption.org/v1\n';

/** Ciphertext bytes per uploaded chunk (the last chunk of an item may be shorter). */
export const TIP_CHUNK_BYTES = 4 * 1024 * 1024;

/** Default total ciphertext a tip may carry across all its uploads (configurable per outlet). */
export const DEFAULT_MAX_TOTAL_BYTES = 200 * 1024 * 1024;

/** Attachments per upload (the message item is extra). */
export const MAX_FILES_PER_UPLOAD = 20;

/** Longest message text, in characters. */
export const MAX_MESSAGE_CHARS = 50_000;

/** Longest contact details, in characters. */
export const MAX_CONTACT_CHARS = 500;

/** Longest attachment name kept in the message payload, in characters. */
export const MAX_FILE_NAME_CHARS = 200;

/** Largest reply ciphertext the newsroom may post. */
export const MAX_REPLY_BYTES = 1024 * 1024;

/** An upload not finished within this time is deleted with its items. */
export const UPLOAD_EXPIRY_MS = 60 * 60 * 1000;

/** Default days a tip is kept after its last activity (configurable). */
export const DEFAULT_RETENTION_DAYS = 90;

/** scrypt work factor (log2 N) for the per-tip identity locked with the receipt. */
export const RECEIPT_SCRYPT_LOG_N = 15;

/** What an item is: the message (JSON payload) or an attachment. */
export const TIP_ITEM_KINDS = ['message', 'file'] as const;
export type TipItemKind = (typeof TIP_ITEM_KINDS)[number];

/** Who wrote an item: the source (reader) or the newsroom (a reply). */
export const TIP_ITEM_AUTHORS = ['source', 'newsroom'] as const;
export type TipItemAuthor = (typeof TIP_ITEM_AUTHORS)[number];

/** A tip's state. `uploading` until its first upload finishes; the rest is newsroom triage. */
export const TIP_STATUSES = ['uploading', 'new', 'in_progress', 'done', 'spam'] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];

/** The states staff may set. */
export const TIP_TRIAGE_STATUSES = ['new', 'in_progress', 'done', 'spam'] as const;
export type TipTriageStatus = (typeof TIP_TRIAGE_STATUSES)[number];

/** Chinese labels for the states (inbox and receipt pages). */
export const TIP_STATUS_LABELS: Record<TipStatus, string> = {
  uploading: '上传中',
  new: '新线索',
  in_progress: '处理中',
  done: '已处理',
  spam: '垃圾信息',
};

/** Digits in a receipt. */
export const RECEIPT_DIGITS = 16;

/**
 * The receipt as entered: any spaces, dashes or full-width digits are tolerated. Returns the 16
 * ASCII digits, or null when it is not a receipt. This form is the scrypt passphrase and what the
 * server hashes.
 */
export function normaliseReceipt(input: string): string | null {
  const folded = input.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30));
  const digits = folded.replace(/[\s\-－—_·.]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

/** The receipt as shown: four groups of four digits, `1234 5678 9012 3456`. */
export function formatReceipt(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** `GET /api/tips/config` */
export interface TipsConfig {
  /** The newsroom's active age recipients (`age1…`); encrypt every item to all of them. */
  recipients: string[];
  /** Ciphertext bytes a tip may carry in all (every item of every upload). */
  maxTotalBytes: number;
  /** Ciphertext bytes per chunk. */
  chunkBytes: number;
  /** Attachments per upload. */
  maxFiles: number;
}

/** `POST /api/tips` → 201 */
export interface StartTipResponse {
  uploadId: string;
  /** 16 digits in four groups (see formatReceipt); shown once, never retrievable again. */
  receipt: string;
}

/** `POST /api/tips/uploads/:uploadId/items` */
export interface CreateItemRequest {
  kind: TipItemKind;
}

/** → 201 */
export interface CreateItemResponse {
  itemId: number;
}

/** `PUT …/chunks/:index` → 200 */
export interface ChunkResponse {
  /** The index the next chunk of this item must carry. */
  nextIndex: number;
  /** Ciphertext bytes of this item so far. */
  itemBytes: number;
  /** Ciphertext bytes of the whole tip so far (all uploads, finished or not). */
  tipBytes: number;
}

/** `POST /api/tips/uploads/:uploadId/finish` → 200 */
export interface FinishResponse {
  status: TipStatus;
  items: number;
  bytes: number;
}

/** The plaintext of a source's message item (UTF-8 JSON). */
export interface TipMessagePayload {
  /** Format version. */
  v: 1;
  message: string;
  /** Optional contact details, as the reader wrote them; empty when none. */
  contact: string;
  /** The attachments of this upload, in the order of their items. */
  files: { name: string; type: string; size: number }[];
  /** When the reader sent it (ISO-8601), as the browser's clock says. */
  sentAt: string;
}

/** The plaintext of a newsroom reply (UTF-8 JSON). */
export interface TipReplyPayload {
  v: 1;
  message: string;
  sentAt: string;
}

/** Body of the receipt holder's requests. */
export interface ReceiptRequest {
  receipt: string;
}

/** A reply as the receipt holder sees it. */
export interface TipReplyRef {
  id: number;
  createdAt: string;
  bytes: number;
  /** `POST` here with {@link ReceiptRequest} for the ciphertext. */
  url: string;
}

/** `POST /api/tips/status` → 200 */
export interface TipStatusResponse {
  status: TipStatus;
  createdAt: string;
  updatedAt: string;
  /** The tip's age X25519 identity, age-encrypted (binary, base64) with the receipt as scrypt passphrase. */
  lockedIdentity: string;
  replies: TipReplyRef[];
}

/** `POST /api/tips/followups` → 201 */
export interface StartFollowUpResponse {
  uploadId: string;
}

/** An item as the newsroom sees it. */
export interface AdminTipItem {
  id: number;
  kind: TipItemKind;
  author: TipItemAuthor;
  bytes: number;
  createdAt: string;
  /** Staff member who wrote a reply; null for the source's items. */
  authorName: string | null;
  /**
   * Which submission of the source an item came in: 1 for the first, 2… for follow-ups; null for
   * replies. A batch's message payload lists its `files` in the order of that batch's file items
   * (by id). The message item is the batch's first item on the JavaScript path and its LAST on
   * the no-JavaScript path (the server learns the attachments' names and sizes only as it
   * streams them), so match by batch and order of file items, never by position.
   */
  batch: number | null;
  /** `GET` for the age ciphertext. */
  url: string;
}

/** A tip in the newsroom's list. */
export interface AdminTipSummary {
  id: number;
  status: TipStatus;
  createdAt: string;
  updatedAt: string;
  totalBytes: number;
  itemCount: number;
  assignee: { id: number; name: string } | null;
}

/** `GET /api/admin/tips` → 200 */
export interface AdminTipListResponse {
  tips: AdminTipSummary[];
  page: number;
  pageCount: number;
  total: number;
}

/** `GET /api/admin/tips/:id` → 200 */
export interface AdminTipDetail extends AdminTipSummary {
  /** The tip's own recipient: encrypt replies to it and to every newsroom recipient. */
  readerRecipient: string;
  /** The newsroom's active recipients (encrypt replies to them too, so the newsroom can read its replies). */
  newsroomRecipients: string[];
  /** Finished items only, oldest first (source messages, attachments and replies). */
  items: AdminTipItem[];
}

/** `PATCH /api/admin/tips/:id` (any subset). */
export interface AdminTipPatch {
  status?: TipTriageStatus;
  /** A staff member's id, or null to unassign. */
  assigneeId?: number | null;
}

/** `POST /api/admin/tips/:id/replies` → 201 */
export interface AdminReplyResponse {
  item: AdminTipItem;
}

/** `GET|PUT /api/admin/tips/settings` */
export interface TipSettings {
  /** Staff roles that may open the inbox. */
  inboxRoles: string[];
  /** Days a tip is kept after its last activity. */
  retentionDays: number;
  /** Ciphertext bytes a tip may carry in all. */
  maxTotalBytes: number;
}
