import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../app.js';
import { loadConfig } from '../config.js';
import type { OpenDatabase } from '../platform/db/database.js';

/** A browser's user agent: counted (isbot says no). */
export const BROWSER_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

/** A settable clock for the views tests. */
export function testClock(start = '2025-03-18T08:10:00.000Z') {
  let at = new Date(start).getTime();
  return {
    now: () => new Date(at),
    advance(ms: number) {
      at += ms;
    },
    set(iso: string) {
      at = new Date(iso).getTime();
    },
  };
}

export interface ViewsServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The whole app on a loopback port over `database` (left open on close), with extra
 * environment (REDIS_URL, XINWEN_VIEW_FLUSH_MS, …) and app options (a clock).
 */
export async function startViewsServer(
  database: OpenDatabase & { url: string },
  options: { env?: Record<string, string>; app?: Omit<BuildAppOptions, 'database'> } = {},
): Promise<ViewsServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xinwen-views-'));
  const config = loadConfig(
    { DATABASE_URL: database.url, XINWEN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', XINWEN_AUDIO_RENDER: 'off', ...options.env },
    { port: 0, host: '127.0.0.1' },
  );
  const app = await buildApp(config, { ...options.app, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a view beacon as a browser at `ip` would; answers the status and body. */
export async function sendView(
  baseUrl: string,
  articleId: number | string,
  options: { ip?: string; userAgent?: string | null; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: { views?: number; counted?: boolean; error?: { code: string; message: string } } }> {
  const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? '203.0.113.7', ...options.headers };
  const ua = options.userAgent === undefined ? BROWSER_UA : options.userAgent;
  headers['user-agent'] = ua ?? '';
  const response = await fetch(`${baseUrl}/api/views/${articleId}`, { method: 'POST', headers });
  return { status: response.status, body: (await response.json()) as { views?: number; counted?: boolean } };
}

/** Flushed views of an article in the database (0 when none). */
export async function storedViews(database: OpenDatabase, articleId: number): Promise<number> {
  const row = await database.db.selectFrom('article_views').select('views').where('article_id', '=', articleId).executeTakeFirst();
  return Number(row?.views ?? 0);
}
