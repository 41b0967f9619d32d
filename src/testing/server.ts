import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/database.js';
import type { DialectName } from '../platform/db/dialect.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/** A real Xinwen server listening on a free loopback port, over a fresh database. */
export interface TestServer {
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  app: FastifyInstance;
  database: TestDatabase;
  /** The server's own data directory (uploads go to `media/` in it); removed on close. */
  dataDir: string;
  close(): Promise<void>;
}

/** Starts the full app (same composition root as `xinwen serve`) for HTTP and browser tests. */
export async function startTestServer(
  dialect: DialectName,
  options: {
    beforeListen?: (app: FastifyInstance) => void;
    /** Extra settings, as environment variables (e.g. `SMTP_URL`). */
    env?: Record<string, string>;
    /** Adapters to use instead of the configured ones (e.g. a mailer that keeps mail in memory). */
    adapters?: Omit<BuildAppOptions, 'database'>;
    /** Render article audio in this server (espeak-ng, ffmpeg); default off, so other tests never spawn them. */
    audioRender?: boolean;
    /**
     * Another server's database, to run a second app process over it (scale-mode tests): this
     * server opens a connection of its own, and closing it closes only that connection.
     * Default a fresh database of its own.
     */
    database?: TestDatabase;
  } = {},
): Promise<TestServer> {
  const database = options.database ? await connectTo(options.database) : await createTestDatabase(dialect);
  // Errors the tests provoke on purpose would otherwise fill the output.
  const dataDir = mkdtempSync(join(tmpdir(), 'xinwen-data-'));
  const config = loadConfig(
    { DATABASE_URL: database.url, XINWEN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', XINWEN_AUDIO_RENDER: options.audioRender ? 'on' : 'off', ...options.env },
    { port: 0, host: '127.0.0.1' },
  );
  const app = await buildApp(config, { ...options.adapters, database });
  options.beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('test server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    database,
    dataDir,
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A second connection to `shared`, as another process would have; its `drop` only closes it. */
async function connectTo(shared: TestDatabase): Promise<TestDatabase> {
  const opened = await openDatabase(shared.url);
  return { ...opened, url: shared.url, drop: () => opened.close() };
}
