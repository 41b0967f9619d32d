import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../platform/db/database.js';
import { saltOfDay } from './popularity.store.js';

/** Tells readers apart for dedup without storing who they are. */
export interface ReaderKeys {
  /** base64url sha256(daily salt, IP, user agent, article id), truncated to 128 bits. */
  keyFor(input: { ip: string; userAgent: string; articleId: number }): Promise<string>;
}

/**
 * Reader keys as privacy-friendly analytics make them: a hash of the day's random salt with
 * the IP address and user agent (many readers share one address behind carrier NAT; the user
 * agent tells most of them apart) and the article. No IP address, no cookie; the salt is
 * shared by every process through the database and replaced each UTC day, and the old one
 * is deleted, so a key cannot be traced back or linked across days.
 */
export function createReaderKeys(db: Db, now: () => Date): ReaderKeys {
  let current: { day: string; salt: string } | null = null;
  let loading: { day: string; salt: Promise<string> } | null = null;

  const saltFor = (day: string): string | Promise<string> => {
    if (current?.day === day) return current.salt;
    if (loading?.day === day) return loading.salt;
    const salt = saltOfDay(db, day, randomBytes(32).toString('base64url')).then(
      (s) => {
        current = { day, salt: s };
        loading = null;
        return s;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    loading = { day, salt };
    return salt;
  };

  return {
    async keyFor({ ip, userAgent, articleId }) {
      const salt = await saltFor(now().toISOString().slice(0, 10));
      return createHash('sha256')
        .update(`${salt}\n${ip}\n${userAgent}\n${articleId}`)
        .digest()
        .subarray(0, 16)
        .toString('base64url');
    },
  };
}
