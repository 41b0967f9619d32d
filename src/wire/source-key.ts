import { createHash } from 'node:crypto';
import { normalise } from '../zh/normalise.js';

/**
 * The source key of copy that carries no id of its own: `prefix:` and the first 32 hex
 * digits of SHA-256 over `normalised title|dateline date`. Re-importing the same story
 * (same title, same dateline date) therefore updates the article instead of adding one;
 * widths and whitespace in the title do not matter. Copy without a dateline is keyed by
 * its title alone.
 * @example contentSourceKey('text', '标题', '2025-03-18') // 'text:…' (32 hex digits)
 */
export function contentSourceKey(prefix: 'text' | 'md', title: string, date: string | null): string {
  const key = `${normalise(title).trim().replace(/\s+/g, ' ')}|${date ?? ''}`;
  return `${prefix}:${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32)}`;
}
