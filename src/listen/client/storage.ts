/**
 * What the player remembers in the browser: where the reader left off in each article
 * (localStorage, cleared at the end), the chosen speed, and for one navigation that the next
 * article should start playing on arrival (sessionStorage).
 */
import type { ListenPosition } from './engine.js';

const POSITION_PREFIX = 'xinwen:listen:position:';
const RATE_KEY = 'xinwen:listen:rate';
const CONTINUE_KEY = 'xinwen:listen:continue';

function read(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null; // storage blocked: the player works, it just does not remember
  }
}

function write(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // Not remembered.
  }
}

const local = () => localStorage;
const session = () => sessionStorage;

/** The stored position in an article; null when none or unreadable. */
export function loadPosition(articleId: string): ListenPosition | null {
  const raw = read(local, POSITION_PREFIX + articleId);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { sentence, time } = value as { sentence?: unknown; time?: unknown };
    if (typeof sentence !== 'number' || !Number.isInteger(sentence) || sentence < 0) return null;
    return typeof time === 'number' && Number.isFinite(time) && time >= 0 ? { sentence, time } : { sentence };
  } catch {
    return null;
  }
}

export function savePosition(articleId: string, position: ListenPosition): void {
  write(local, POSITION_PREFIX + articleId, JSON.stringify(position));
}

export function clearPosition(articleId: string): void {
  write(local, POSITION_PREFIX + articleId, null);
}

/** The speed the reader chose last, if it is one of `rates`. */
export function loadRate(rates: readonly number[]): number | null {
  const rate = Number(read(local, RATE_KEY));
  return rates.includes(rate) ? rate : null;
}

export function saveRate(rate: number): void {
  write(local, RATE_KEY, String(rate));
}

/** Asks the page at `path` to start playing when it opens. */
export function requestContinue(path: string): void {
  write(session, CONTINUE_KEY, path);
}

/** Whether the reader came here by "继续收听下一篇"; the request is used up. */
export function takeContinue(path: string): boolean {
  const wanted = read(session, CONTINUE_KEY);
  if (wanted === null) return false;
  write(session, CONTINUE_KEY, null);
  return wanted === path;
}
