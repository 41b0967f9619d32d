import { createHash, timingSafeEqual } from 'node:crypto';
import { randomSecret } from './secrets.js';

/** Name of the request header that carries the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change state and so need the CSRF token when a session cookie authenticates them. */
export function isUnsafeMethod(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
}

/** A new per-session CSRF token. */
export function newCsrfToken(): string {
  return randomSecret(32);
}

/**
 * Whether the token a request sent matches the session's, compared in constant time
 * (both sides are hashed first, so lengths never differ and nothing leaks through timing).
 */
export function csrfTokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
