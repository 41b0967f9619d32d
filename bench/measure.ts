import { runWrk, type WrkOptions, type WrkResult } from './wrk.js';

/** One wrk target's figures, as printed and written to JSON. */
export interface TargetResult {
  label: string;
  url: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  /** requests per second ÷ nginx serving the same article as a static file. */
  ratioToNginx?: number;
}

export interface Target {
  /** Key in the JSON (`articleCached`). */
  key: string;
  label: string;
  url: string;
  /** Where the first check goes when `url` is only a base (a wrk script picks the paths); default url. */
  checkUrl?: string;
  /** The request a check sends first: it must answer 200. */
  check?: { method: string; headers?: Record<string, string> };
  wrk?: Omit<WrkOptions, 'seconds'>;
}

export interface MeasureOptions {
  seconds: number;
  warmUpSeconds: number;
}

/**
 * Checks that `target` answers 200, loads it for the warm-up and then for the measured run
 * (wrk -t1 -c50), and fails with the count if any answer was an error or a socket failed.
 */
export async function measureTarget(target: Target, options: MeasureOptions): Promise<TargetResult> {
  const check = target.check ?? { method: 'GET' };
  const checkUrl = target.checkUrl ?? target.url;
  const response = await fetch(checkUrl, { method: check.method, redirect: 'manual', ...(check.headers && { headers: check.headers }) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${target.label}: ${check.method} ${checkUrl} answered ${response.status}, not 200`);
  if (options.warmUpSeconds > 0) await runWrk(target.url, { ...target.wrk, seconds: options.warmUpSeconds });
  const result: WrkResult = await runWrk(target.url, { ...target.wrk, seconds: options.seconds });
  const errors = result.non2xx + result.socketErrors;
  if (errors > 0) {
    throw new Error(`${target.label}: ${result.non2xx} error answers and ${result.socketErrors} socket errors (${result.socketErrorDetail}) in ${result.requests} requests (${target.url})`);
  }
  return {
    label: target.label,
    url: target.url,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    requests: result.requests,
    errors,
  };
}

/** `value` with a fixed number of decimals, for the table. */
export const fixed = (value: number | undefined, digits = 1): string => (value === undefined ? '' : value.toFixed(digits));
