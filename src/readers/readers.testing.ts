import { TEST_PASSWORD_COST } from '../newsroom/auth/admin-api.testing.js';
import type { Db } from '../platform/db/database.js';
import type { DialectName } from '../platform/db/dialect.js';
import { createMemoryMailer, type MemoryMailer } from '../platform/mail/mail.testing.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { READER_COOKIE } from './reader-auth.js';
import { registerReader, verifyReaderEmail, type Reader } from './reader.service.js';

/** The password test readers get unless told otherwise. */
export const TEST_READER_PASSWORD = 'reader-pass-读者';

/**
 * Creates a reader straight through the service (cheap hashing), verified unless told
 * otherwise. For other features' tests (comments) that need a signed-up reader.
 */
export async function addTestReader(
  db: Db,
  reader: { email: string; displayName: string; password?: string; verified?: boolean },
): Promise<Reader> {
  const outcome = await registerReader(
    db,
    { email: reader.email, displayName: reader.displayName, password: reader.password ?? TEST_READER_PASSWORD },
    { passwordCost: TEST_PASSWORD_COST },
  );
  if (outcome.kind !== 'created') throw new Error(`reader ${reader.email} already exists`);
  return reader.verified === false ? outcome.reader : verifyReaderEmail(db, outcome.verifyToken);
}

/** A signed-in reader's browser: the `xw_reader=…` cookie pair and the session's CSRF token. */
export interface ReaderTestSession {
  cookie: string;
  csrfToken: string;
}

/** The `name=value` pair of cookie `name` set by a response, or null. */
export function setCookiePair(response: Response, name: string): string | null {
  const found = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return found ? (found.split(';')[0] ?? null) : null;
}

/** Signs a reader in through POST /api/readers/login; fails the test if that does not work. */
export async function readerLogin(
  baseUrl: string,
  email: string,
  password: string = TEST_READER_PASSWORD,
  headers: Record<string, string> = {},
): Promise<ReaderTestSession> {
  const response = await fetch(`${baseUrl}/api/readers/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  const json = (await response.json()) as { csrfToken?: string };
  const cookie = setCookiePair(response, READER_COOKIE);
  if (response.status !== 200 || !cookie || typeof json.csrfToken !== 'string') {
    throw new Error(`reader login as ${email} failed: ${response.status} ${JSON.stringify(json)}`);
  }
  return { cookie, csrfToken: json.csrfToken };
}

/** A test server whose outgoing mail is kept in `mail` (or goes where `SMTP_URL` in `env` says). */
export interface ReaderTestServer extends TestServer {
  mail: MemoryMailer;
}

/**
 * The full app (same composition root as `xinwen serve`) over a fresh database, like
 * startTestServer, but with mail caught in memory, or, with `env.SMTP_URL`, sent for real.
 */
export async function startReaderTestServer(dialect: DialectName, options: { env?: Record<string, string> } = {}): Promise<ReaderTestServer> {
  const mail = createMemoryMailer();
  const server = await startTestServer(dialect, {
    ...(options.env && { env: options.env }),
    ...(!options.env?.SMTP_URL && { adapters: { mailer: mail } }),
  });
  return { ...server, mail };
}

/** The token of the first `/account/{verify|reset}?token=` link in a mail's text. */
export function linkToken(text: string, path: '/account/verify' | '/account/reset'): string {
  const match = new RegExp(`${path.replace(/\//g, '\\/')}\\?token=([A-Za-z0-9_-]{43})`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in mail:\n${text}`);
  return match[1];
}
