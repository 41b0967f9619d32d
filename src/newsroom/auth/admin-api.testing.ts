import type { Db } from '../../platform/db/database.js';
import type { StaffRole } from '../staff/actor.js';
import type { PasswordCost } from '../staff/passwords.js';
import { createStaff } from '../staff/staff.service.js';

/** argon2 at its cheapest, for staff created by tests (verifying reads the cost from the hash). */
export const TEST_PASSWORD_COST: PasswordCost = { memoryCost: 1024, timeCost: 1 };

/** The password every test user gets unless told otherwise. */
export const TEST_PASSWORD = 'test-password-长一点';

/** A signed-in browser: its cookie and the session's CSRF token. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
}

/**
 * Creates a staff member straight through the service (cheap hashing); returns their id and
 * password (a one-time password when `mustChange`).
 */
export async function addTestStaff(
  db: Db,
  user: { email: string; name: string; role: StaffRole; desks?: string[]; password?: string; mustChange?: boolean },
): Promise<{ id: number; password: string }> {
  const { member, oneTimePassword } = await createStaff(
    db,
    {
      email: user.email,
      name: user.name,
      role: user.role,
      ...(user.desks && { desks: user.desks }),
      ...(!user.mustChange && { password: user.password ?? TEST_PASSWORD }),
    },
    { passwordCost: TEST_PASSWORD_COST },
  );
  return { id: member.id, password: oneTimePassword ?? user.password ?? TEST_PASSWORD };
}

/** The `name=value` part of the session cookie a response set, or null. */
export function sessionCookieFrom(response: Response): string | null {
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('xinwen_session='));
  return setCookie ? (setCookie.split(';')[0] ?? null) : null;
}

/** A fetch wrapper for the admin API of a test server. */
export function adminClient(baseUrl: string) {
  const call = async (
    method: string,
    path: string,
    options: { session?: TestSession; csrf?: string | null; token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.session) {
      headers.cookie = options.session.cookie;
      const csrf = options.csrf === undefined ? options.session.csrfToken : options.csrf;
      if (csrf !== null) headers['x-csrf-token'] = csrf;
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}/api/admin${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return { status: response.status, json, response };
  };

  const login = async (email: string, password: string = TEST_PASSWORD, headers: Record<string, string> = {}) => {
    const result = await call('POST', '/session', { body: { email, password }, headers });
    const cookie = sessionCookieFrom(result.response);
    const session = cookie && typeof result.json.csrfToken === 'string' ? { cookie, csrfToken: result.json.csrfToken } : null;
    return { ...result, session };
  };

  /** Logs in and fails the test if it does not work. */
  const session = async (email: string, password: string = TEST_PASSWORD): Promise<TestSession> => {
    const result = await login(email, password);
    if (!result.session) throw new Error(`login as ${email} failed: ${result.status} ${JSON.stringify(result.json)}`);
    return result.session;
  };

  return { call, login, session };
}

/** The `error.code` of a JSON error answer. */
export function errorCode(json: Record<string, unknown>): string | undefined {
  return (json.error as { code?: string } | undefined)?.code;
}

/** The `error.message` of a JSON error answer. */
export function errorMessage(json: Record<string, unknown>): string | undefined {
  return (json.error as { message?: string } | undefined)?.message;
}
