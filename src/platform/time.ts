/** Calendar parts of an instant as seen in a timezone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

// formatToParts costs microseconds and a page asks for the parts of the same few instants
// (its article's URL and dates, every teaser's) many times: answers are kept, by instant.
const PARTS_CACHE_SIZE = 20_000;
const partsCache = new Map<string, LocalParts>();

/** Year, month, day, hour and minute of `instant` in `timeZone`. */
export function localParts(instant: string | Date, timeZone: string): LocalParts {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const key = `${date.getTime()} ${timeZone}`;
  const known = partsCache.get(key);
  if (known) return { ...known };
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const result = {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
  if (partsCache.size >= PARTS_CACHE_SIZE) partsCache.clear();
  partsCache.set(key, result);
  return { ...result };
}

/** The local date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDate(instant: string | Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Offset of `timeZone` from UTC at `utcMs`, in milliseconds. */
function offsetMs(utcMs: number, timeZone: string): number {
  const p = localParts(new Date(utcMs), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(utcMs / 60000) * 60000;
}

/**
 * The instant (ISO-8601 UTC) of a wall-clock time in `timeZone`.
 * @example zonedTimeToInstant('2025-03-18', '09:30', 'Asia/Shanghai') === '2025-03-18T01:30:00.000Z'
 */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  let utc = wall - offsetMs(wall, timeZone);
  // A second pass settles instants near a daylight-saving change.
  utc = wall - offsetMs(utc, timeZone);
  return new Date(utc).toISOString();
}

/** ISO-8601 with the zone's offset, e.g. 2025-03-18T09:30:00+08:00 (for JSON-LD and meta tags). */
export function isoWithOffset(instant: string, timeZone: string): string {
  const ms = new Date(instant).getTime();
  const off = offsetMs(ms, timeZone);
  const local = new Date(ms + off).toISOString().slice(0, 19);
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off) / 60000;
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A real calendar date in YYYY-MM-DD form (rejects 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]);
}
