import v8 from 'node:v8';

/**
 * How far V8's old generation may grow past what survived its last full collection before it
 * collects again, in percent: `XINWEN_HEAP_GROWTH_PERCENT`, 0 for V8's own choice. On a machine
 * with a few GB V8 lets it grow to four times (300 %) when collecting is cheap, so a server that
 * holds 60 MB could sit on 250 MB of garbage after a burst of traffic; 30 % is the factor V8 itself
 * uses on small devices. Measured at 100,000 articles (docs/performance.md, Memory): the serving
 * process peaks under 300 MB, for more frequent and smaller full collections.
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 30;

/** The V8 flag for `percent`, or null for V8's own choice (0). */
export function heapGrowthFlag(percent: number): string | null {
  return percent > 0 ? `--heap-growing-percent=${percent}` : null;
}

/**
 * Sets the growth factor for the rest of the process's life (every xinwen command, from
 * src/heap-at-start.ts). V8 reads the flag at every full collection, so it applies after start:
 * heap.test.ts checks that it does on the Node running the tests.
 */
export function limitHeapGrowth(percent: number): void {
  const flag = heapGrowthFlag(percent);
  if (flag) v8.setFlagsFromString(flag);
}
