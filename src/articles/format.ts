import { localParts } from '../platform/time.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025年03月18日 09:30` in the outlet's timezone. */
export function formatDateTime(instant: string, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}年${pad(p.month)}月${pad(p.day)}日 ${pad(p.hour)}:${pad(p.minute)}`;
}

/** `03月18日` for compact lists. */
export function formatShortDate(instant: string, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${pad(p.month)}月${pad(p.day)}日`;
}
