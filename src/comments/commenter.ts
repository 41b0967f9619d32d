import { createHash, createHmac, randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';

/**
 * The guest's cookie: a random token, httpOnly, so a guest can edit and delete what they
 * wrote from the same browser. Only its hash is stored (as the guest key).
 */
export const GUEST_COOKIE = 'xinwen_commenter';

/** A year: a guest keeps their comments editable across visits. */
export const GUEST_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** A new guest token for the cookie. */
export function newGuestToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether a cookie value looks like a token this server made (anything else is ignored). */
export function isGuestToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{32}$/.test(value);
}

/** The author key of a guest: `g:` and the token's sha256 (hex, shortened); the token itself is never stored. */
export function guestAuthorKey(token: string): string {
  return `g:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
}

/** The author key of a reader account. */
export function readerAuthorKey(readerId: number): string {
  return `r:${readerId}`;
}

/** IPv6 hosts get a whole /64, so one network counts once however many addresses it uses. */
function networkPart(ip: string): string {
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (!isIPv6(plain)) return plain;
  const [head = ''] = plain.split('::');
  const groups = head.split(':').filter(Boolean);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * Makes the network key for rate limits: an HMAC of the address (IPv6: its /64) with a secret
 * and the UTC day, so keys change daily, cannot be reversed to an address, and no raw IP is
 * ever stored. The default secret is random per process (a restart starts new keys).
 * @example const key = createNetworkHasher()(request.ip, new Date())
 */
export function createNetworkHasher(options: { secret?: string } = {}): (ip: string, now: Date) => string {
  const secret = options.secret ?? randomBytes(32).toString('hex');
  return (ip, now) => {
    const day = now.toISOString().slice(0, 10);
    return `n:${createHmac('sha256', secret).update(`${day}|${networkPart(ip)}`).digest('hex').slice(0, 32)}`;
  };
}
