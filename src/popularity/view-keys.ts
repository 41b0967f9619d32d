/**
 * How views are named in the counter store: `t:{articleId}` is an article's total and
 * `h:{articleId}:{hour}` its views in one UTC hour (hours since the epoch). Both are counted
 * together, so a batch always carries matching totals and hourly buckets.
 */

export const HOUR_MS = 3_600_000;

/** Hours since the epoch of the hour that contains `at`. */
export function hourIndex(at: Date): number {
  return Math.floor(at.getTime() / HOUR_MS);
}

/** The start of hour `index` as an ISO instant (the `hour` column). */
export function hourStart(index: number): string {
  return new Date(index * HOUR_MS).toISOString();
}

/** Counter key of an article's total views. */
export function totalKey(articleId: number): string {
  return `t:${articleId}`;
}

/** Counter key of an article's views in hour `hour` (hours since the epoch). */
export function hourKey(articleId: number, hour: number): string {
  return `h:${articleId}:${hour}`;
}

/** A batch of counter values as rows for the database. */
export interface ViewCounts {
  totals: Map<number, number>;
  hours: { articleId: number; hour: string; views: number }[];
}

/** Turns counter keys into totals and hourly rows; keys of any other shape are ignored. */
export function parseViewCounts(counts: ReadonlyMap<string, number>): ViewCounts {
  const totals = new Map<number, number>();
  const hours: ViewCounts['hours'] = [];
  for (const [key, views] of counts) {
    if (!(views > 0)) continue;
    const total = /^t:(\d+)$/.exec(key);
    if (total) {
      const id = Number(total[1]);
      totals.set(id, (totals.get(id) ?? 0) + views);
      continue;
    }
    const hour = /^h:(\d+):(\d+)$/.exec(key);
    if (hour) hours.push({ articleId: Number(hour[1]), hour: hourStart(Number(hour[2])), views });
  }
  return { totals, hours };
}
