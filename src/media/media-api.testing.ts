import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestSession } from '../newsroom/auth/admin-api.testing.js';
import type { TestServer } from '../testing/server.js';
import type { Media } from './model.js';

/** What an upload answered: the status and the JSON (a media record with `deduplicated`, or an error). */
export interface UploadAnswer {
  status: number;
  json: Record<string, unknown>;
  /** The answer as a media record (only meaningful for 200/201). */
  media: Media & { deduplicated: boolean };
}

/** Uploads `data` as `POST /api/admin/media` (multipart) with the session's cookie and CSRF token. */
export async function uploadTestImage(server: TestServer, session: TestSession, data: Buffer, alt = '测试图片'): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('alt', alt);
  form.append('file', new Blob([new Uint8Array(data)], { type: 'application/octet-stream' }), 'upload.bin');
  const response = await fetch(`${server.url}/api/admin/media`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    body: form,
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, json, media: json as unknown as UploadAnswer['media'] };
}

/** The file names in the test server's media directory, sorted. */
export function storedMediaFiles(server: TestServer): string[] {
  const dir = join(server.dataDir, 'media');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
